// Date-times as cameras write them, to unix milliseconds. Pure.
#pragma once

#include <cstdint>
#include <string_view>

#include "rules/result.h"

namespace gate::drivers {

// "YYYY-MM-DDTHH:MM:SS" or with a space for the T, optional fraction ".f…" (milliseconds kept),
// optional zone "Z", "+08:00" or "+0800". Without a zone the text is the camera's local time,
// taken at `utc_offset_minutes` (the gate's zone: cameras at a gate keep the gate's time zone).
// Years 1970..9999; the error says what was expected.
Result<int64_t> parse_camera_datetime(std::string_view text, int utc_offset_minutes);

}  // namespace gate::drivers
