#include "firmware-host/gated/lpr_camera_loop.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <utility>

#include "drivers/camera/frame_source.h"

namespace gate::host {
namespace {

using SteadyTime = std::chrono::steady_clock::time_point;

std::string seconds_text(int64_t ms) {
  return std::to_string((ms + 999) / 1000) + " s";
}

// A frame source that opens its real source lazily and reopens it after a failure, so that
// LprCamera::poll() never fails for the camera's sake: a source that cannot be opened, fails or
// (stream) stalls yields no frame, raises one ALARM and is retried every retry interval.
class ReopeningSource : public drivers::FrameSource {
 public:
  ReopeningSource(LprCameraLoopOptions options, std::string what, LprCameraLoop::Log log,
                  std::function<void()> on_frame)
      : options_(std::move(options)),
        what_(std::move(what)),
        log_(std::move(log)),
        on_frame_(std::move(on_frame)) {
    is_stream_ = options_.video.find("://") != std::string::npos;
  }

  Result<std::optional<drivers::Frame>> next() override {
    const SteadyTime now = std::chrono::steady_clock::now();
    if (!inner_) {
      if (now < next_attempt_) return std::optional<drivers::Frame>{};
      auto opened = open();
      if (!opened.ok()) {
        failed(opened.error(), now);
        return std::optional<drivers::Frame>{};
      }
      inner_ = std::move(opened).value();
      last_frame_ = now;
      file_ended_ = false;
      if (!opened_once_) {
        opened_once_ = true;
        log_("lane " + options_.camera.lane_id + ": plate camera " + what_ + " open");
      }
    }
    auto frame = inner_->next();
    if (!frame.ok()) {
      inner_.reset();
      failed(frame.error(), now);
      return std::optional<drivers::Frame>{};
    }
    if (frame.value()) {
      last_frame_ = now;
      on_frame_();
      if (alarmed_) {
        alarmed_ = false;
        log_("lane " + options_.camera.lane_id + ": plate camera " + what_ + " reading again");
      }
      return frame;
    }
    const auto idle = std::chrono::duration_cast<std::chrono::milliseconds>(now - last_frame_);
    if (is_stream_ && idle.count() >= options_.stall_ms) {
      inner_.reset();
      failed("no frame for " + seconds_text(idle.count()) + " (stream stalled or camera offline)",
             now);
    } else if (!is_stream_ && !options_.video.empty() && !file_ended_) {
      file_ended_ = true;
      log_("lane " + options_.camera.lane_id + ": plate camera " + what_ +
           " ended; no more frames from it");
    }
    return std::optional<drivers::Frame>{};
  }

 private:
  Result<std::unique_ptr<drivers::FrameSource>> open() {
    if (!options_.video.empty()) {
      // A silent camera gives up within the stall time (at most 5 s), which bounds how long
      // stopping gated waits for this thread.
      const int io_timeout_ms = static_cast<int>(std::min<int64_t>(options_.stall_ms, 5000));
      auto v =
          drivers::VideoFrameSource::Open(options_.video, options_.every_nth_frame, io_timeout_ms);
      if (!v.ok()) return Error{v.error()};
      return std::unique_ptr<drivers::FrameSource>(std::move(v).value());
    }
    // Read (and stale) snapshots move to done/: the folder is listed at every poll.
    auto s = drivers::SnapshotFolderSource::Open(options_.snapshot_folder, false, "done");
    if (!s.ok()) return Error{s.error()};
    return std::unique_ptr<drivers::FrameSource>(std::move(s).value());
  }

  // One ALARM per outage; the next attempt after the retry interval.
  void failed(const std::string& why, SteadyTime now) {
    if (!alarmed_) {
      alarmed_ = true;
      log_("ALARM lane " + options_.camera.lane_id + ": plate camera " + what_ +
           " not delivering: " + why + "; retrying every " +
           seconds_text(options_.retry_interval_ms) +
           " (push-camera reads and the barrier keep working)");
    }
    next_attempt_ = now + std::chrono::milliseconds(options_.retry_interval_ms);
  }

  LprCameraLoopOptions options_;
  std::string what_;
  LprCameraLoop::Log log_;
  std::function<void()> on_frame_;
  bool is_stream_ = false;
  std::unique_ptr<drivers::FrameSource> inner_;
  SteadyTime next_attempt_{};
  SteadyTime last_frame_{};
  bool alarmed_ = false;
  bool file_ended_ = false;
  bool opened_once_ = false;
};

}  // namespace

LprCameraLoop::LprCameraLoop(LprCameraLoopOptions options,
                             std::unique_ptr<lpr::PlateRecognizer> recognizer,
                             drivers::LprCamera::Sink sink, drivers::LprCamera::Clock clock,
                             Log log)
    : options_(std::move(options)), recognizer_(std::move(recognizer)), log_(std::move(log)) {
  auto on_frame = [this, clock] { last_frame_unix_ms_ = clock(); };
  camera_ = std::make_unique<drivers::LprCamera>(
      std::make_unique<ReopeningSource>(options_, describe(), log_, std::move(on_frame)),
      *recognizer_, options_.camera, std::move(sink), std::move(clock));
}

LprCameraLoop::~LprCameraLoop() {
  stop();
}

std::string LprCameraLoop::describe() const {
  return options_.video.empty() ? "snapshot folder " + options_.snapshot_folder
                                : "video " + drivers::without_credentials(options_.video);
}

void LprCameraLoop::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void LprCameraLoop::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool LprCameraLoop::sleep_ms(int64_t ms) {
  std::unique_lock lock(mu_);
  return !wake_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping_; });
}

void LprCameraLoop::run() {
  std::string last_error;
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    auto polled = camera_->poll();
    if (!polled.ok()) {
      // The source never fails here (ReopeningSource); a refused event is logged once per
      // distinct message so that a repeating fault does not flood the log.
      if (polled.error() != last_error) {
        last_error = polled.error();
        log_("lane " + options_.camera.lane_id + ": plate camera: " + last_error);
      }
      if (!sleep_ms(options_.idle_sleep_ms)) return;
      continue;
    }
    if (!polled.value() && !sleep_ms(options_.idle_sleep_ms)) return;
  }
}

}  // namespace gate::host
