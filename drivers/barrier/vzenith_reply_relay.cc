// The relay behind a Vzenith camera's push answer: see vzenith_reply_relay.h.
#include "drivers/barrier/vzenith_reply_relay.h"

#include <string>
#include <utility>

namespace gate::drivers {

VzenithReplyRelay::VzenithReplyRelay(int timeout_ms, BarrierEventHandler on_event)
    : timeout_(timeout_ms), on_event_(std::move(on_event)) {}

VzenithReplyRelay::~VzenithReplyRelay() {
  stop();
}

void VzenithReplyRelay::start() {
  thread_ = std::thread([this] { run(); });
}

void VzenithReplyRelay::stop() {
  std::deque<Waiting> left;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    left.swap(waiting_);
  }
  cv_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
  for (const auto& w : left) emit_opened(w.token, false, "gated is stopping");
}

void VzenithReplyRelay::request_open(uint64_t token) {
  bool stopping = false;
  {
    std::lock_guard lock(mu_);
    stopping = stopping_;
    if (!stopping) waiting_.push_back({token, Clock::now() + timeout_});
  }
  if (stopping) return emit_opened(token, false, "gated is stopping");
  cv_.notify_all();
}

std::function<void(bool)> VzenithReplyRelay::take_open() {
  std::lock_guard lock(mu_);
  // One past its time is the timer thread's to refuse; it is never carried.
  if (stopping_ || waiting_.empty() || waiting_.front().deadline <= Clock::now()) return {};
  const uint64_t token = waiting_.front().token;
  waiting_.pop_front();
  return [this, token](bool written) { reply_written(token, written); };
}

void VzenithReplyRelay::reply_written(uint64_t token, bool written) {
  if (written) return emit_opened(token, true, "");
  emit_opened(token, false,
              "the answer telling the Vzenith camera to pulse its relay could not be written "
              "(the camera closed its connection)");
}

// Answers the requests no answer took in time.
void VzenithReplyRelay::run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    if (waiting_.empty()) {
      cv_.wait(lock);
      continue;
    }
    const Waiting first = waiting_.front();
    if (Clock::now() < first.deadline) {
      cv_.wait_until(lock, first.deadline);
      continue;
    }
    waiting_.pop_front();
    lock.unlock();
    emit_opened(first.token, false,
                "no plate push from the lane's Vzenith camera within " +
                    std::to_string(timeout_.count()) +
                    " ms to carry the open command (camera_relay.timeout_ms)");
    lock.lock();
  }
}

void VzenithReplyRelay::emit_opened(uint64_t token, bool ok, std::string message) {
  on_event_(BarrierEvent{BarrierEvent::Kind::kOpened, false, false, token, ok, std::move(message)});
}

}  // namespace gate::drivers
