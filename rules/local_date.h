// Local calendar dates (YYYY-MM-DD, the gate's time zone) as day numbers, so that effective
// periods can be compared and indexed cheaply. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gate::rules {

// Days since 1970-01-01 of a valid "YYYY-MM-DD" (month and day checked, leap years included);
// nullopt for anything else.
std::optional<int> parse_date(std::string_view yyyy_mm_dd);

// "YYYY-MM-DD" of a day number.
std::string format_date(int day);

}  // namespace gate::rules
