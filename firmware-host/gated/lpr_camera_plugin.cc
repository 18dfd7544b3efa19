// The plate-recognition plugin's entry point (lpr_camera_plugin.h): builds a lane's LprCameraLoop
// with its recogniser and caption writer. Compiled into gate-lpr-plugin.so only, never into gated.
#include "firmware-host/gated/lpr_camera_plugin.h"

#include <opencv2/core/utils/logger.hpp>

#include <algorithm>
#include <utility>

#include "drivers/caption/caption_font.h"
#include "drivers/caption/caption_writer.h"
#include "firmware-host/gated/lpr_camera_loop.h"

namespace gate::host {
namespace {

Result<std::unique_ptr<lpr::PlateRecognizer>> load_recognizer(const LprCameraSettings& c) {
  lpr::RecognizerOptions ro;
  // The camera applies min_confidence; the recogniser must not drop reads above it.
  ro.min_confidence = std::min(ro.min_confidence, c.min_confidence);
  ro.local_province = c.local_province;
  ro.local_province_weight = c.local_province_weight;
  const std::string model = c.model_path.empty() ? lpr::default_model_path() : c.model_path;
  // One recogniser per lane: PlateRecognizer is not thread-safe and each lane's thread reads
  // on its own; the model is small (about 1 MB).
  auto recognizer = lpr::PlateRecognizer::Load(model, ro);
  if (!recognizer.ok()) {
    return Error{"lane " + c.lane_id + " lpr_camera: " + recognizer.error() +
                 "; set lpr_camera.model_path to a model trained as in docs/lpr.md, or leave it "
                 "empty for the one shipped with gated"};
  }
  return recognizer;
}

Result<std::unique_ptr<LprCameraHandle>> make_camera(const LprCameraSettings& c,
                                                     LprCameraCallbacks callbacks) {
  auto recognizer = load_recognizer(c);
  if (!recognizer.ok()) return Error{recognizer.error()};
  // The evidence photo's text carries the plate's province character: a font with Chinese
  // glyphs is needed before the first plate, so a missing one stops gated here.
  auto font = caption::find_caption_font(c.caption_font);
  if (!font.ok()) return Error{"lane " + c.lane_id + " lpr_camera: " + font.error()};
  auto writer = caption::CaptionWriter::Load(font.value(), drivers::kEvidenceTextPixels);
  if (!writer.ok()) return Error{"lane " + c.lane_id + " lpr_camera: " + writer.error()};
  // OpenCV would print its own warnings at every attempt to reopen an offline camera; the
  // loop raises one ALARM per outage instead.
  cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_ERROR);
  LprCameraLoopOptions o;
  o.video = c.video;
  o.snapshot_folder = c.snapshot_folder;
  o.every_nth_frame = c.every_nth_frame;
  o.camera.lane_id = c.lane_id;
  o.camera.camera_id = c.camera_id;
  o.camera.motion_gated = !c.read_every_frame;
  o.camera.motion_threshold = c.motion_threshold;
  o.camera.min_confidence = c.min_confidence;
  o.camera.caption_writer = std::move(writer).value();
  auto sink = [sink = std::move(callbacks.sink)](drivers::PlateSighting s) -> Status {
    sink(std::move(s));
    return Status::Ok();
  };
  return std::unique_ptr<LprCameraHandle>(
      std::make_unique<LprCameraLoop>(std::move(o), std::move(recognizer).value(), std::move(sink),
                                      std::move(callbacks.clock), std::move(callbacks.log)));
}

}  // namespace
}  // namespace gate::host

extern "C" __attribute__((visibility("default"))) const gate::host::LprPluginEntry*
gate_lpr_plugin_entry() {
  static const gate::host::LprPluginEntry entry{gate::host::kLprPluginInterface,
                                                GATE_PROJECT_VERSION, &gate::host::make_camera};
  return &entry;
}
