// A plate that the project's recogniser read from a plain camera's frame (lpr_camera.h), as plain
// data. It carries no protobuf message on purpose: the plate-recognition plugin
// (firmware-host/gated/lpr_camera_plugin.h) that produces it must not contain generated protobuf
// code, which would register its descriptors a second time in the process. The host turns it into
// the PlateEvent every camera produces with plate_event_from_sighting().
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace gate::drivers {

struct PlateEvent;  // plate_event.h; not included, so that the plugin sees no protobuf header

struct PlateSighting {
  std::string plate_text;
  std::string colour;  // rules::color_name's words ("blue", "yellow", ..., "unknown")
  double confidence = 0;
  std::string lane_id;
  std::string camera_id;
  int64_t time_unix_ms = 0;  // when it was read, on the gate's clock
  // Renders the frame as the evidence JPEG with `caption` overlaid (PlateEvent::render_evidence).
  std::function<std::string(const std::string& caption)> render_evidence;
};

// The PlateEvent of a sighting: source "lpr", the colour mapped by name (unknown when the name is
// not one), the renderer moved over.
PlateEvent plate_event_from_sighting(PlateSighting sighting);

}  // namespace gate::drivers
