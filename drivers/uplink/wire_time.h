// Times on the wire: local time with the zone's offset, second resolution (docs/domain.md §3.5),
// RFC 3339 style, e.g. "2026-11-22T08:00:00+08:00". Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "rules/result.h"

namespace gate::drivers::uplink {

// Whole seconds: the milliseconds of `unix_ms` are dropped, never written as a fraction.
std::string format_wire_time(int64_t unix_ms, int utc_offset_minutes);
// Accepts "YYYY-MM-DDTHH:MM:SS" followed by "Z" or "+HH:MM"/"-HH:MM"; gives unix ms. Fractional
// seconds ("…:00.5+08:00") are refused (docs/uplink.md §3.1).
Result<int64_t> parse_wire_time(std::string_view text);
// An HTTP Date header in the IMF-fixdate form of RFC 9110, "Sun, 06 Nov 1994 08:49:37 GMT";
// gives unix ms.
Result<int64_t> parse_http_date(std::string_view text);

}  // namespace gate::drivers::uplink
