#include "drivers/camera/camera_time.h"

#include <string>

namespace gate::drivers {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool is_leap(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int64_t days_in_month(int64_t y, int64_t m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Reads `n` digits at `pos`; false when they are not all digits.
bool digits(std::string_view s, std::size_t pos, std::size_t n, int64_t& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// The zone suffix at `pos` ("", "Z", "+08:00", "+0800") in minutes east of UTC.
bool zone_minutes(std::string_view s, std::size_t pos, int default_minutes, int64_t& out) {
  const std::string_view z = s.substr(pos);
  if (z.empty()) {
    out = default_minutes;
    return true;
  }
  if (z == "Z" || z == "z") {
    out = 0;
    return true;
  }
  if (z[0] != '+' && z[0] != '-') return false;
  int64_t h = 0;
  int64_t m = 0;
  const bool colon = z.size() == 6 && z[3] == ':';
  if (!(z.size() == 5 || colon) || !digits(z, 1, 2, h) || !digits(z, colon ? 4 : 3, 2, m) ||
      h > 14 || m > 59) {
    return false;
  }
  out = (z[0] == '-' ? -1 : 1) * (h * 60 + m);
  return true;
}

}  // namespace

Result<int64_t> parse_camera_datetime(std::string_view text, int utc_offset_minutes) {
  const Error bad{"date-time \"" + std::string(text.substr(0, 40)) +
                  "\" is not YYYY-MM-DDTHH:MM:SS[.fff][Z|+HH:MM]"};
  int64_t y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (text.size() < 19 || !digits(text, 0, 4, y) || text[4] != '-' || !digits(text, 5, 2, mo) ||
      text[7] != '-' || !digits(text, 8, 2, d) || (text[10] != 'T' && text[10] != ' ') ||
      !digits(text, 11, 2, h) || text[13] != ':' || !digits(text, 14, 2, mi) || text[16] != ':' ||
      !digits(text, 17, 2, sec)) {
    return bad;
  }
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 ||
      sec > 60) {
    return Error{bad.message + ": a field is out of range"};
  }
  std::size_t pos = 19;
  int64_t ms = 0;
  if (pos < text.size() && text[pos] == '.') {
    std::size_t n = 0;
    for (++pos; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, ++n) {
      if (n < 3) ms = ms * 10 + (text[pos] - '0');
    }
    if (n == 0 || n > 9) return bad;
    for (; n < 3; ++n) ms *= 10;
  }
  int64_t zone = 0;
  if (!zone_minutes(text, pos, utc_offset_minutes, zone)) return bad;
  const int64_t seconds = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - zone * 60;
  return seconds * 1000 + ms;
}

}  // namespace gate::drivers
