// Barrier through the camera's relay: see camera_relay.h for the contract.
#include "drivers/barrier/camera_relay.h"

#include <stdexcept>
#include <utility>

#include "drivers/barrier/camera_relay_config.h"
#include "drivers/http/digest_client.h"

namespace gate::drivers {

namespace {

BarrierEvent event_of(BarrierEvent::Kind kind) {
  BarrierEvent ev;
  ev.kind = kind;
  return ev;
}

}  // namespace

CameraRelayBarrier::CameraRelayBarrier(gate::v1::CameraRelay relay, std::string password,
                                       BarrierEventHandler on_event)
    : relay_(std::move(relay)), password_(std::move(password)), on_event_(std::move(on_event)) {
  if (Status st = normalise_camera_relay(&relay_); !st.ok()) {
    throw std::invalid_argument(st.message());
  }
  where_ = describe_relay(relay_);
}

CameraRelayBarrier::~CameraRelayBarrier() {
  stop();
}

void CameraRelayBarrier::start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void CameraRelayBarrier::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void CameraRelayBarrier::request_open(uint64_t token) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    open_requests_.push_back(token);
  }
  cv_.notify_all();
}

void CameraRelayBarrier::run() {
  probe();
  auto next_probe = Clock::now() + std::chrono::milliseconds(relay_.probe_interval_ms());
  while (true) {
    std::optional<uint64_t> token;
    if (wait_for_request(next_probe, &token)) break;
    if (token) {
      serve_open(*token);
      // The command proved (or disproved) reachability: no probe right behind it.
      next_probe = Clock::now() + std::chrono::milliseconds(relay_.probe_interval_ms());
    } else if (Clock::now() >= next_probe) {
      probe();
      next_probe = Clock::now() + std::chrono::milliseconds(relay_.probe_interval_ms());
    }
  }
  std::deque<uint64_t> left;
  {
    std::lock_guard<std::mutex> lock(mu_);
    left = std::exchange(open_requests_, {});
  }
  connected_ = false;
  for (uint64_t t : left) {
    BarrierEvent ev = event_of(BarrierEvent::Kind::kOpened);
    ev.token = t;
    ev.message = "barrier driver stopped before the open command was sent";
    emit(std::move(ev));
  }
}

bool CameraRelayBarrier::wait_for_request(Clock::time_point until, std::optional<uint64_t>* token) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_until(lock, until, [this] { return stopping_ || !open_requests_.empty(); });
  if (stopping_) return true;
  if (!open_requests_.empty()) {
    *token = open_requests_.front();
    open_requests_.pop_front();
  }
  return false;
}

void CameraRelayBarrier::serve_open(uint64_t token) {
  BarrierEvent ev = event_of(BarrierEvent::Kind::kOpened);
  ev.token = token;
  int http_status = 0;
  auto body = exchange(relay_open_request(relay_), &http_status);
  Status confirmed =
      body.ok() ? judge_open_reply(relay_, http_status, body.value()) : Status(Error{body.error()});
  if (confirmed.ok()) {
    mark_answering();
    ev.ok = true;
  } else {
    ev.message = where_ + " did not confirm the open command: " + confirmed.message();
    mark_fault(ev.message);
  }
  emit(std::move(ev));
}

void CameraRelayBarrier::probe() {
  int http_status = 0;
  auto body = exchange(relay_probe_request(relay_), &http_status);
  if (!body.ok()) {
    mark_fault(where_ + " not answering: " + body.error());
  } else if (http_status != 200) {
    mark_fault(where_ + " answers its status request with HTTP " + std::to_string(http_status) +
               ": \"" + printable_excerpt(body.value()) + "\"");
  } else {
    mark_answering();
  }
}

Result<std::string> CameraRelayBarrier::exchange(const RelayRequest& request, int* http_status) {
  DigestRequest r;
  r.method = request.method;
  r.target = request.target;
  r.body = request.body;
  r.content_type = request.content_type;
  r.user = relay_.user();
  r.password = password_;
  r.timeout_ms = relay_.timeout_ms();
  HttpUrl url;
  url.host = relay_.host();
  url.port = static_cast<uint16_t>(relay_.port());
  auto reply = http_request_with_digest(url, r);
  if (!reply.ok()) return Error{reply.error()};
  *http_status = reply.value().status;
  if (reply.value().status == 401) {
    return Error{"the camera refused user \"" + relay_.user() +
                 "\" (401 after Digest authentication); check camera_relay.user and the "
                 "password in camera_relay.password_file"};
  }
  return std::move(reply).value().body;
}

void CameraRelayBarrier::mark_answering() {
  connected_ = true;
  if (!faulted_) return;
  faulted_ = false;
  BarrierEvent ev = event_of(BarrierEvent::Kind::kRecovered);
  ev.message = where_ + " answers again";
  emit(std::move(ev));
}

void CameraRelayBarrier::mark_fault(const std::string& message) {
  connected_ = false;
  if (faulted_) return;
  faulted_ = true;
  BarrierEvent ev = event_of(BarrierEvent::Kind::kFault);
  ev.message = message;
  emit(std::move(ev));
}

void CameraRelayBarrier::emit(BarrierEvent ev) {
  if (on_event_) on_event_(ev);
}

}  // namespace gate::drivers
