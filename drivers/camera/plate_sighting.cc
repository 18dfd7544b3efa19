// Plain-camera sightings as plate events: see plate_sighting.h.
#include "drivers/camera/plate_sighting.h"

#include <utility>

#include "drivers/camera/plate_event.h"
#include "rules/plate_color.h"

namespace gate::drivers {

PlateEvent plate_event_from_sighting(PlateSighting sighting) {
  PlateEvent ev;
  auto& r = ev.read;
  r.set_plate_text(sighting.plate_text);
  const auto colour = rules::color_from_name(sighting.colour);
  r.set_color(colour ? *colour : gate::v1::PLATE_COLOR_UNKNOWN);
  r.set_confidence(sighting.confidence);
  r.set_lane_id(sighting.lane_id);
  r.set_camera_id(sighting.camera_id);
  r.set_time_unix_ms(sighting.time_unix_ms);
  r.set_source("lpr");
  ev.render_evidence = std::move(sighting.render_evidence);
  return ev;
}

}  // namespace gate::drivers
