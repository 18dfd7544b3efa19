// The hours a gate is open, as the plant writes them in the configuration: "HH:MM-HH:MM" in the
// gate's local time, from the first time (included) to the second (excluded). A range whose end
// is before its start wraps midnight ("22:00-06:00" is the night shift); "24:00" may end a
// range; empty text means always open. Pure: the time is passed in.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "rules/result.h"

namespace gate::rules {

struct OpeningHours {
  bool always = true;    // empty text
  int open_minute = 0;   // minutes after local midnight, 0..1439
  int close_minute = 0;  // 1..1440; before open_minute when the range wraps midnight
};

// Errors say the expected format with an example; the caller names the field.
Result<OpeningHours> parse_opening_hours(std::string_view text);

// True when the local time of `unix_ms` (utc_offset_minutes east of UTC) is inside the hours.
bool is_open_at(const OpeningHours& hours, int64_t unix_ms, int utc_offset_minutes);

// "06:00-22:00", or "always" for empty text.
std::string describe(const OpeningHours& hours);

}  // namespace gate::rules
