// The record a vehicle check request is rendered from: see check_request.h.
#include "drivers/uplink/check_request.h"

#include "drivers/uplink/code_tables.h"
#include "drivers/uplink/wire_time.h"
#include "rules/plate_color.h"

namespace gate::drivers::uplink {

gate::v1::UplinkRecord check_request_record(const gate::v1::PlateRead& read,
                                            const std::string& gate_id, int utc_offset_minutes) {
  gate::v1::UplinkRecord r;
  r.set_key(gate_id + "-" + read.lane_id() + "-" + std::to_string(read.time_unix_ms()) + "-check");
  r.set_kind("check");
  r.set_gate_id(gate_id);
  auto* d = r.mutable_decision();
  d->set_time(format_wire_time(read.time_unix_ms(), utc_offset_minutes));
  d->set_lane_id(read.lane_id());
  d->set_direction(direction_code(read.direction()));
  d->set_plate(read.plate_text());
  d->set_plate_color_name(std::string(rules::color_name(read.color())));
  d->set_camera_id(read.camera_id());
  return r;
}

}  // namespace gate::drivers::uplink
