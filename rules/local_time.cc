#include "rules/local_time.h"

#include <cstdio>

#include "rules/civil_date.h"

namespace gate::rules {

Result<int64_t> parse_local_time(const std::string& text, int utc_offset_minutes) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char sep = 0;
  int n = std::sscanf(text.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d", &y, &mo, &d, &sep, &h, &mi, &s);
  if (n != 3 && n != 6 && n != 7) {
    return Error{"'" + text + "' is not a time; use YYYY-MM-DD or \"YYYY-MM-DD HH:MM[:SS]\""};
  }
  if (n > 3 && sep != ' ' && sep != 'T') return Error{"'" + text + "': bad date/time separator"};
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 ||
      s > 60) {
    return Error{"'" + text + "' is out of range"};
  }
  const int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  const int64_t secs = days * 86400 + h * 3600 + mi * 60 + s - int64_t{utc_offset_minutes} * 60;
  return secs * 1000;
}

namespace {

struct LocalClock {
  CivilDate date;
  int64_t second_of_day = 0;
};

LocalClock local_clock(int64_t unix_ms, int utc_offset_minutes) {
  const int64_t secs =
      (unix_ms >= 0 ? unix_ms : unix_ms - 999) / 1000 + int64_t{utc_offset_minutes} * 60;
  const int64_t days = (secs >= 0 ? secs : secs - 86399) / 86400;
  return {civil_from_days(days), secs - days * 86400};
}

}  // namespace

std::string local_date(int64_t unix_ms, int utc_offset_minutes) {
  const LocalClock c = local_clock(unix_ms, utc_offset_minutes);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.date.year),
                c.date.month, c.date.day);
  return buf;
}

std::string local_time(int64_t unix_ms, int utc_offset_minutes) {
  const LocalClock c = local_clock(unix_ms, utc_offset_minutes);
  char buf[64];
  std::snprintf(
      buf, sizeof buf, "%04lld-%02u-%02u %02d:%02d:%02d", static_cast<long long>(c.date.year),
      c.date.month, c.date.day, static_cast<int>(c.second_of_day / 3600),
      static_cast<int>(c.second_of_day / 60 % 60), static_cast<int>(c.second_of_day % 60));
  return buf;
}

}  // namespace gate::rules
