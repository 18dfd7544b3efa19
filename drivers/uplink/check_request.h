// The record a vehicle check request (KIND_VEHICLE_CHECK, docs/platform-profiles.md) is rendered
// from: the plate read, before anything is decided, in the fields check_request_fields() lists.
// Pure.
#pragma once

#include <string>

#include "gate/v1/plate_read.pb.h"
#include "gate/v1/uplink.pb.h"

namespace gate::drivers::uplink {

// `read` as the lane decides it (normalised plate, lane, direction, time on the gate's clock).
// Its key is "<gate_id>-<lane_id>-<read time ms>-check"; times are written at
// `utc_offset_minutes`.
gate::v1::UplinkRecord check_request_record(const gate::v1::PlateRead& read,
                                            const std::string& gate_id, int utc_offset_minutes);

}  // namespace gate::drivers::uplink
