// A plain camera made into a plate camera: frames from a FrameSource (video stream, file or
// snapshot folder), optionally gated by motion or by the entry loop, read by the project's
// recogniser (drivers/lpr); each new plate becomes a PlateSighting (plate_sighting.h), which the
// host turns into the same PlateEvent the push cameras produce (source "lpr"), with the frame as
// evidence JPEG, overlaid with time, lane, plate and (given by the host once decided) the gate and
// its decision.
// The same plate seen again within `repeat_window_ms` is not reported twice.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "drivers/camera/frame_source.h"
#include "drivers/camera/plate_sighting.h"
#include "drivers/caption/caption_writer.h"
#include "drivers/lpr/plate_recognizer.h"
#include "rules/result.h"

namespace gate::drivers {

struct LprCameraOptions {
  std::string lane_id;
  std::string camera_id;
  bool motion_gated = true;  // read only frames that moved (MotionTrigger)
  double motion_threshold = 4.0;
  int64_t repeat_window_ms = 10000;
  float min_confidence = 0.6f;  // on the mean character confidence
  bool overlay = true;          // draw time, lane and plate on the evidence JPEG
  // Writes the overlay's text (plates and captions carry Chinese); required with `overlay`,
  // loaded at kEvidenceTextPixels. Shared by the events' renderers, which may outlive the camera.
  std::shared_ptr<const caption::CaptionWriter> caption_writer;
};

// The text size, in pixels per em, the evidence band is laid out for: two lines in 52 pixels.
inline constexpr int kEvidenceTextPixels = 16;

// Builds the PlateSighting for one reading of `frame`: the read, and render_evidence holding the
// frame. The evidence JPEG (rendered when the host calls it) carries the plate's outline and a
// top band with the time (UTC), lane, plate and colour, then the caption on a second line; with
// `overlay` off, the bare frame. Throws std::invalid_argument for `overlay` without a writer.
PlateSighting sighting_from_reading(const lpr::PlateReading& reading, const cv::Mat& frame,
                                    const LprCameraOptions& options, int64_t time_unix_ms);

class LprCamera {
 public:
  using Sink = std::function<Status(PlateSighting)>;
  using Clock = std::function<int64_t()>;  // unix ms

  LprCamera(std::unique_ptr<FrameSource> source, lpr::PlateRecognizer& recognizer,
            LprCameraOptions options, Sink sink, Clock clock);

  // The entry loop saw a vehicle: the next frame is read whatever the motion trigger says.
  // Safe to call from any thread (gated calls it from its io thread while another thread polls).
  void trigger() { triggered_.store(true); }

  // Takes the next frame, reads it if triggered or moving, and hands new plates to the sink.
  // Returns how many events were emitted, or nullopt when the source had no frame now.
  Result<std::optional<int>> poll();

 private:
  std::unique_ptr<FrameSource> source_;
  lpr::PlateRecognizer& recognizer_;
  LprCameraOptions options_;
  Sink sink_;
  Clock clock_;
  MotionTrigger motion_;
  std::atomic<bool> triggered_{false};
  std::map<std::string, int64_t> last_seen_ms_;  // plate → when it was last reported
};

}  // namespace gate::drivers
