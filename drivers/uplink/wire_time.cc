#include "drivers/uplink/wire_time.h"

#include <array>
#include <cstdio>
#include <cstring>

#include "rules/civil_date.h"

namespace gate::drivers::uplink {
namespace {

using rules::days_from_civil;

int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace

std::string format_wire_time(int64_t unix_ms, int utc_offset_minutes) {
  const int64_t secs = floor_div(unix_ms, 1000) + int64_t{utc_offset_minutes} * 60;
  const int64_t days = floor_div(secs, 86400);
  const int64_t sod = secs - days * 86400;
  const rules::CivilDate c = rules::civil_from_days(days);
  const int64_t y = c.year;
  const unsigned m = c.month, d = c.day;
  const int off = utc_offset_minutes < 0 ? -utc_offset_minutes : utc_offset_minutes;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld%c%02d:%02d",
                static_cast<long long>(y), m, d, static_cast<long long>(sod / 3600),
                static_cast<long long>(sod / 60 % 60), static_cast<long long>(sod % 60),
                utc_offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
  return buf;
}

Result<int64_t> parse_wire_time(std::string_view text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, n = 0;
  const std::string t(text);
  if (std::sscanf(t.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &n) != 6 ||
      n != 19) {
    return Error{"\"" + t + "\" is not a time like 2026-11-22T08:00:00+08:00"};
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) {
    return Error{"\"" + t + "\" is out of range"};
  }
  int offset_min = 0;
  const std::string zone = t.substr(19);
  if (!zone.empty() && (zone[0] == '.' || zone[0] == ',')) {
    return Error{"\"" + t + "\" has fractional seconds; times are whole seconds"};
  }
  if (zone == "Z") {
    offset_min = 0;
  } else {
    int zh = 0, zm = 0, zn = 0;
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') ||
        std::sscanf(zone.c_str() + 1, "%2d:%2d%n", &zh, &zm, &zn) != 2 || zn != 5 || zh > 14 ||
        zm > 59) {
      return Error{"\"" + t + "\" needs a zone: Z or +HH:MM"};
    }
    offset_min = (zh * 60 + zm) * (zone[0] == '-' ? -1 : 1);
  }
  const int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  const int64_t secs = days * 86400 + h * 3600 + mi * 60 + s - int64_t{offset_min} * 60;
  return secs * 1000;
}

Result<int64_t> parse_http_date(std::string_view text) {
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::string t(text);
  char weekday[4] = {}, month[4] = {};
  int d = 0, y = 0, h = 0, mi = 0, s = 0, n = 0;
  if (std::sscanf(t.c_str(), "%3[A-Za-z], %2d %3[A-Za-z] %4d %2d:%2d:%2d GMT%n", weekday, &d, month,
                  &y, &h, &mi, &s, &n) != 7 ||
      static_cast<std::size_t>(n) != t.size()) {
    return Error{"\"" + t + "\" is not an HTTP date like Sun, 06 Nov 1994 08:49:37 GMT"};
  }
  unsigned mo = 0;
  for (unsigned i = 0; i < kMonths.size(); ++i) {
    if (std::strcmp(month, kMonths[i]) == 0) mo = i + 1;
  }
  if (mo == 0 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) {
    return Error{"\"" + t + "\" is out of range"};
  }
  const int64_t days = days_from_civil(y, mo, static_cast<unsigned>(d));
  return (days * 86400 + h * 3600 + mi * 60 + s) * 1000;
}

}  // namespace gate::drivers::uplink
