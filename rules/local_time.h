// Local wall-clock times typed by people ("2026-11-20", "2026-11-20 08:30") as unix ms in the
// gate's zone. Pure.
#pragma once

#include <cstdint>
#include <string>

#include "rules/result.h"

namespace gate::rules {

// "YYYY-MM-DD", "YYYY-MM-DD HH:MM", "YYYY-MM-DD HH:MM:SS" or "YYYY-MM-DDTHH:MM:SS" at
// utc_offset_minutes east of UTC, to unix ms. Errors say which forms are accepted.
Result<int64_t> parse_local_time(const std::string& text, int utc_offset_minutes);

}  // namespace gate::rules
