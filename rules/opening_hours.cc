#include "rules/opening_hours.h"

namespace gate::rules {
namespace {

constexpr int kMinutesPerDay = 24 * 60;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// "HH:MM" with 00..23 hours (24:00 only where `allow_end_of_day`), 00..59 minutes; -1 if bad.
int parse_clock(std::string_view t, bool allow_end_of_day) {
  if (t.size() != 5 || t[2] != ':' || !is_digit(t[0]) || !is_digit(t[1]) || !is_digit(t[3]) ||
      !is_digit(t[4])) {
    return -1;
  }
  const int h = (t[0] - '0') * 10 + (t[1] - '0');
  const int m = (t[3] - '0') * 10 + (t[4] - '0');
  if (m > 59) return -1;
  if (h == 24 && m == 0 && allow_end_of_day) return kMinutesPerDay;
  if (h > 23) return -1;
  return h * 60 + m;
}

std::string clock_text(int minute) {
  const int h = minute / 60, m = minute % 60;
  return std::string{static_cast<char>('0' + h / 10), static_cast<char>('0' + h % 10), ':',
                     static_cast<char>('0' + m / 10), static_cast<char>('0' + m % 10)};
}

std::string_view trimmed(std::string_view t) {
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  return t;
}

}  // namespace

Result<OpeningHours> parse_opening_hours(std::string_view text) {
  const std::string_view t = trimmed(text);
  if (t.empty()) return OpeningHours{};
  const std::string format =
      " (expected \"HH:MM-HH:MM\" in the gate's local time, e.g. \"06:00-22:00\", or "
      "\"22:00-06:00\" across midnight; leave it empty for always open)";
  const std::size_t dash = t.find('-');
  if (dash == std::string_view::npos) {
    return Error{"\"" + std::string(t) + "\" is not a time range" + format};
  }
  const int open = parse_clock(trimmed(t.substr(0, dash)), false);
  const int close = parse_clock(trimmed(t.substr(dash + 1)), true);
  if (open < 0 || close < 0) {
    return Error{"\"" + std::string(t) +
                 "\" has a time that is not HH:MM (00:00..23:59, 24:00 "
                 "only as the end)" +
                 format};
  }
  if (open == 0 && close == kMinutesPerDay) return OpeningHours{};  // "00:00-24:00"
  if (open == close) {
    return Error{"\"" + std::string(t) + "\" opens and closes at the same time" + format};
  }
  OpeningHours h;
  h.always = false;
  h.open_minute = open;
  h.close_minute = close;
  return h;
}

bool is_open_at(const OpeningHours& hours, int64_t unix_ms, int utc_offset_minutes) {
  if (hours.always) return true;
  const int64_t local_ms = unix_ms + static_cast<int64_t>(utc_offset_minutes) * 60000;
  int64_t minute = (local_ms / 60000) % kMinutesPerDay;
  if (local_ms < 0 && local_ms % 60000 != 0) minute -= 1;  // floor, for times before 1970
  if (minute < 0) minute += kMinutesPerDay;
  if (hours.open_minute < hours.close_minute) {
    return minute >= hours.open_minute && minute < hours.close_minute;
  }
  return minute >= hours.open_minute || minute < hours.close_minute;  // wraps midnight
}

std::string describe(const OpeningHours& hours) {
  if (hours.always) return "always";
  return clock_text(hours.open_minute) + "-" + clock_text(hours.close_minute);
}

}  // namespace gate::rules
