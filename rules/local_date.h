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

// A date as people and Excel write it, as "YYYY-MM-DD": "2020-05-01", "2020-5-1", "2020/5/1",
// "2020.5.1", "2020年5月1日", each optionally followed by a midnight time ("2020/5/1 0:00",
// "2020-05-01 00:00:00", as Excel exports a date cell). nullopt for anything else, including
// impossible dates (2023-02-29) and other times of day.
std::optional<std::string> normalise_date_text(std::string_view text);

}  // namespace gate::rules
