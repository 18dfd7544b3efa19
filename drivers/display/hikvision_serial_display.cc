// A display behind a Hikvision camera's serial port: see hikvision_serial_display.h.
#include "drivers/display/hikvision_serial_display.h"

#include "drivers/display/display_camera_config.h"
#include "drivers/display/display_frame.h"
#include "drivers/display/serial_passthrough.h"
#include "drivers/http/digest_client.h"

namespace gate::drivers {

HikvisionSerialDisplay::HikvisionSerialDisplay(HikvisionSerialDisplayOptions options, Log log)
    : opt_(std::move(options)), log_(std::move(log)) {
  if (opt_.queue_limit == 0) opt_.queue_limit = 1;
  where_ = "display behind " + describe_display_camera(opt_.camera);
  thread_ = std::thread([this] { run(); });
}

HikvisionSerialDisplay::~HikvisionSerialDisplay() {
  stop();
}

void HikvisionSerialDisplay::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    queue_.clear();
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void HikvisionSerialDisplay::show(DisplayMessage message) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    while (queue_.size() >= opt_.queue_limit) {
      queue_.pop_front();
      ++counters_.dropped;
    }
    queue_.emplace_back(++last_id_, std::move(message));
  }
  cv_.notify_one();
}

HikvisionSerialDisplay::Counters HikvisionSerialDisplay::counters() const {
  std::lock_guard lock(mu_);
  return counters_;
}

void HikvisionSerialDisplay::run() {
  auto next_attempt = Clock::now();
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    cv_.wait_until(lock, next_attempt, [&] { return stopping_; });
    if (stopping_) return;
    if (queue_.empty()) continue;
    // Kept queued until the camera confirms it, so a failure sends it again.
    const uint64_t id = queue_.front().first;
    const std::string frame = encode_display_frame(opt_.address, queue_.front().second);
    lock.unlock();
    const Status st = deliver(frame);
    note_result(st);
    lock.lock();
    if (st.ok()) {
      // show() may have dropped it from a full queue meanwhile.
      if (!queue_.empty() && queue_.front().first == id) queue_.pop_front();
      ++counters_.sent;
      counters_.answering = true;
      continue;
    }
    counters_.answering = false;
    next_attempt = Clock::now() + std::chrono::milliseconds(opt_.retry_interval_ms);
  }
}

Status HikvisionSerialDisplay::deliver(const std::string& frame) {
  int http_status = 0;
  if (!channel_open_) {
    const auto open = hikvision_open_channel_request(opt_.camera);
    auto body = exchange(open.method, open.target, open.body, open.content_type, &http_status);
    if (!body.ok()) return Error{body.error()};
    // A channel that is open already may be refused by the camera: the frame tells.
    if (Status st = judge_hikvision_serial_reply(http_status, body.value()); !st.ok() && log_) {
      log_(where_ + ": opening the transparent channel: " + st.message() + "; sending anyway");
    }
    channel_open_ = true;
  }
  const auto send = hikvision_frame_request(opt_.camera, frame);
  auto body = exchange(send.method, send.target, send.body, send.content_type, &http_status);
  Status st = body.ok() ? judge_hikvision_serial_reply(http_status, body.value())
                        : Status(Error{body.error()});
  if (!st.ok()) channel_open_ = false;
  return st;
}

Result<std::string> HikvisionSerialDisplay::exchange(const std::string& method,
                                                     const std::string& target,
                                                     const std::string& body,
                                                     const std::string& content_type,
                                                     int* http_status) {
  DigestRequest r;
  r.method = method;
  r.target = target;
  r.body = body;
  r.content_type = content_type;
  r.user = opt_.camera.user();
  r.password = opt_.password;
  r.timeout_ms = opt_.camera.timeout_ms();
  HttpUrl url;
  url.host = opt_.camera.host();
  url.port = static_cast<uint16_t>(opt_.camera.port());
  auto reply = http_request_with_digest(url, r);
  if (!reply.ok()) return Error{reply.error()};
  *http_status = reply.value().status;
  if (reply.value().status == 401) {
    return Error{"the camera refused user \"" + opt_.camera.user() +
                 "\" (401 after Digest authentication); check display.camera.user and the "
                 "password in display.camera.password_file"};
  }
  return std::move(reply).value().body;
}

void HikvisionSerialDisplay::note_result(const Status& st) {
  if (!log_) {
    reported_down_ = !st.ok();
    return;
  }
  if (!st.ok() && !reported_down_) {
    log_(where_ + " not shown: " + st.message() + "; retrying every " +
         std::to_string(opt_.retry_interval_ms) + " ms with the latest message");
  } else if (st.ok() && reported_down_) {
    log_(where_ + " answers again");
  }
  reported_down_ = !st.ok();
}

}  // namespace gate::drivers
