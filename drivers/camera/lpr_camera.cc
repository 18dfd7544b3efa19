#include "drivers/camera/lpr_camera.h"

#include <ctime>
#include <map>
#include <optional>
#include <stdexcept>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace gate::drivers {

namespace {

std::string utc_text(int64_t unix_ms) {
  const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

struct EvidenceOverlay {
  lpr::Quad corners;
  std::string line;  // time, lane, plate, colour
  std::shared_ptr<const caption::CaptionWriter> writer;
};

// The frame with the plate outlined and a black top band: `overlay.line` on the first line,
// `caption` (when set) on the second, both in the plate's own script.
cv::Mat overlay_evidence(const cv::Mat& frame, const EvidenceOverlay& overlay,
                         const std::string& caption) {
  cv::Mat evidence = frame.clone();
  std::vector<cv::Point> poly;
  for (const auto& p : overlay.corners) poly.emplace_back(cvRound(p.x), cvRound(p.y));
  cv::polylines(evidence, poly, true, cv::Scalar(0, 0, 255), 2);
  const int band = caption.empty() ? 28 : 52;
  cv::rectangle(evidence, {0, 0, evidence.cols, band}, cv::Scalar(0, 0, 0), cv::FILLED);
  const cv::Scalar white(255, 255, 255);
  overlay.writer->draw(evidence, overlay.line, {6, 20}, white);
  if (!caption.empty()) overlay.writer->draw(evidence, caption, {6, 44}, white);
  return evidence;
}

}  // namespace

PlateSighting sighting_from_reading(const lpr::PlateReading& reading, const cv::Mat& frame,
                                    const LprCameraOptions& options, int64_t time_unix_ms) {
  PlateSighting ev;
  ev.plate_text = reading.text;
  ev.colour = std::string(lpr::colour_name(reading.colour));
  ev.confidence = reading.confidence;
  ev.lane_id = options.lane_id;
  ev.camera_id = options.camera_id;
  ev.time_unix_ms = time_unix_ms;
  if (options.overlay && !options.caption_writer)
    throw std::invalid_argument("sighting_from_reading: overlay needs a caption_writer");
  // The frame is shared, not copied: the camera hands each frame over and never writes to it.
  std::optional<EvidenceOverlay> overlay;
  if (options.overlay) {
    overlay =
        EvidenceOverlay{reading.corners,
                        utc_text(time_unix_ms) + "  lane " + options.lane_id + "  *" +
                            reading.text + " " + std::string(lpr::colour_name(reading.colour)),
                        options.caption_writer};
  }
  ev.render_evidence = [frame, overlay = std::move(overlay)](const std::string& caption) {
    if (frame.empty()) return std::string();
    const cv::Mat evidence = overlay ? overlay_evidence(frame, *overlay, caption) : frame;
    std::vector<unsigned char> jpeg;
    if (!cv::imencode(".jpg", evidence, jpeg, {cv::IMWRITE_JPEG_QUALITY, 85})) return std::string();
    return std::string(jpeg.begin(), jpeg.end());
  };
  return ev;
}

LprCamera::LprCamera(std::unique_ptr<FrameSource> source, lpr::PlateRecognizer& recognizer,
                     LprCameraOptions options, Sink sink, Clock clock)
    : source_(std::move(source)),
      recognizer_(recognizer),
      options_(std::move(options)),
      sink_(std::move(sink)),
      clock_(std::move(clock)),
      motion_(options_.motion_threshold) {
  if (options_.overlay && !options_.caption_writer)
    throw std::invalid_argument("LprCamera: overlay needs a caption_writer");
}

Result<std::optional<int>> LprCamera::poll() {
  auto frame = source_->next();
  if (!frame.ok()) return Error{frame.error()};
  if (!frame.value()) return std::optional<int>{};
  const cv::Mat& img = frame.value()->image;
  const bool moved = motion_.moved(img);
  // exchange: a trigger that arrives while this frame is read applies to the next one.
  const bool triggered = triggered_.exchange(false);
  if (options_.motion_gated && !moved && !triggered) return std::optional<int>{0};
  int emitted = 0;
  const int64_t now = clock_();
  std::erase_if(last_seen_ms_,
                [&](const auto& e) { return now - e.second >= options_.repeat_window_ms; });
  for (const auto& reading : recognizer_.read(img)) {
    float sum = 0;
    for (float c : reading.char_confidences) sum += c;
    const size_t n = reading.char_confidences.size();
    if (n == 0 || sum / static_cast<float>(n) < options_.min_confidence) continue;
    const auto seen = last_seen_ms_.find(reading.text);
    if (seen != last_seen_ms_.end() && now - seen->second < options_.repeat_window_ms) continue;
    last_seen_ms_[reading.text] = now;
    if (Status s = sink_(sighting_from_reading(reading, img, options_, now)); !s.ok())
      return Error{"plate event for " + reading.text + " refused: " + s.message()};
    ++emitted;
  }
  return std::optional<int>{emitted};
}

}  // namespace gate::drivers
