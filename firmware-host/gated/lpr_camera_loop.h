// One lane's plain camera in gated (LaneConfig.lpr_camera): a thread that owns the lane's
// LprCamera and its recogniser, polls it and hands each new plate to the sink (gated posts it
// to its io thread). The camera never blocks or stops the lane or gated: a source that cannot
// be opened or fails raises one ALARM and is reopened every `retry_interval_ms` until it
// delivers again ("reading again" is logged then). A stream (URL) that delivers no frame for
// `stall_ms` counts as failed; a video file that ends is logged once and left idle.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "drivers/camera/lpr_camera.h"
#include "drivers/lpr/plate_recognizer.h"
#include "firmware-host/gated/lpr_camera_plugin.h"

namespace gate::host {

struct LprCameraLoopOptions {
  // Exactly one of the two (config_loader checks): rtsp/http URL or video file, or a folder.
  std::string video;
  std::string snapshot_folder;
  int every_nth_frame = 1;
  drivers::LprCameraOptions camera;  // lane_id, camera_id, motion gating, min_confidence
  int64_t retry_interval_ms = 5000;  // between attempts to (re)open a source that failed
  int64_t stall_ms = 10000;          // a stream with no frame this long is reopened
  int64_t idle_sleep_ms = 15;        // between polls when the source had no frame
};

class LprCameraLoop : public LprCameraHandle {
 public:
  using Log = std::function<void(const std::string&)>;  // lines starting "ALARM " are alarms

  // `recognizer` is used by this loop's thread only (PlateRecognizer is not thread-safe).
  // `sink` and `clock` are called on that thread; the sink must not block.
  LprCameraLoop(LprCameraLoopOptions options, std::unique_ptr<lpr::PlateRecognizer> recognizer,
                drivers::LprCamera::Sink sink, drivers::LprCamera::Clock clock, Log log);
  ~LprCameraLoop() override;  // stop()
  LprCameraLoop(const LprCameraLoop&) = delete;
  LprCameraLoop& operator=(const LprCameraLoop&) = delete;

  // Starts the thread; the source is opened there, so an offline camera does not delay start.
  void start() override;
  // The entry loop went on: the next frame is read whatever the motion trigger says. Any thread.
  void trigger() override { camera_->trigger(); }
  // Stops and joins the thread. An rtsp open or read in progress finishes first (bounded by
  // OpenCV's stream timeouts). Idempotent.
  void stop() override;

  // What the loop reads, for log lines: "video rtsp://…" or "snapshot folder /srv/ftp/L1".
  std::string describe() const override;

  // When the source last delivered a frame (gate clock, unix ms; 0 = none since start): the
  // camera's sign of life for camera health. Any thread.
  int64_t last_frame_unix_ms() const override { return last_frame_unix_ms_.load(); }

 private:
  void run();
  // Waits up to `ms` or until stop(); false when stopping.
  bool sleep_ms(int64_t ms);

  LprCameraLoopOptions options_;
  std::unique_ptr<lpr::PlateRecognizer> recognizer_;
  Log log_;
  std::unique_ptr<drivers::LprCamera> camera_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::atomic<int64_t> last_frame_unix_ms_{0};
};

}  // namespace gate::host
