// What a Dahua ITC camera sends to its "platform server" (ITSAPI): a TollgateInfo JSON document
// with the read under Picture.Plate, the stamp and device under Picture.SnapInfo and the scene
// and plate pictures base64 in Picture.NormalPic / Picture.CutoutPic. Field names follow the
// sample gated is tested with (tests/drivers/camera/data/README.md gives its sources). Pure.
#pragma once

#include <cstdint>
#include <string>

#include "sim/devices/truck_arrivals.h"

namespace gate::sim {

// The plate's ITSAPI colour word ("Yellow", "Blue", "YellowGreen", …).
std::string dahua_color_word(gate::v1::PlateColor color);

// AccurateTime as the camera writes it: local time without a zone, milliseconds kept
// ("2026-11-27 06:00:01.250").
std::string dahua_accurate_time(int64_t unix_ms, int utc_offset_minutes);

// The TollgateInfo body (application/json) for `truck` read at `now_unix_ms` by `device_id`;
// confidence is written in whole percent.
std::string dahua_tollgate_json(const TruckArrival& truck, const std::string& device_id,
                                int64_t now_unix_ms, int utc_offset_minutes,
                                const std::string& scene_jpeg, const std::string& plate_jpeg);

}  // namespace gate::sim
