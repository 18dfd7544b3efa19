// Local wall-clock times of scenario files ("2026-11-23 06:00", "2026-11-23 06:00:30"), as
// seconds since 1970-01-01 00:00 local time, so that they can be compared and offset. Pure;
// the plant's time zone is applied by whoever turns them into instants.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gate::sim {

// The format scenario errors quote as allowed.
inline constexpr std::string_view kScenarioTimeFormat =
    "\"YYYY-MM-DD HH:MM\" or \"YYYY-MM-DD HH:MM:SS\", local time";

// Seconds since 1970-01-01 00:00 local of a valid time in kScenarioTimeFormat (date checked,
// hours 0..23, minutes and seconds 0..59); nullopt for anything else.
std::optional<std::int64_t> parse_scenario_time(std::string_view text);

// "YYYY-MM-DD HH:MM:SS" of such a number of seconds.
std::string format_scenario_time(std::int64_t local_seconds);

}  // namespace gate::sim
