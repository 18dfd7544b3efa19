// Local wall-clock times in the gate's zone: typed by people ("2026-11-20", "2026-11-20 08:30")
// into unix ms, and unix ms written back as local dates and times. Pure.
#pragma once

#include <cstdint>
#include <string>

#include "rules/result.h"

namespace gate::rules {

// "YYYY-MM-DD", "YYYY-MM-DD HH:MM", "YYYY-MM-DD HH:MM:SS" or "YYYY-MM-DDTHH:MM:SS" at
// utc_offset_minutes east of UTC, to unix ms. Errors say which forms are accepted.
Result<int64_t> parse_local_time(const std::string& text, int utc_offset_minutes);

// "YYYY-MM-DD" of `unix_ms` at utc_offset_minutes east of UTC.
std::string local_date(int64_t unix_ms, int utc_offset_minutes);
// "YYYY-MM-DD HH:MM:SS" of `unix_ms` at utc_offset_minutes east of UTC.
std::string local_time(int64_t unix_ms, int utc_offset_minutes);

}  // namespace gate::rules
