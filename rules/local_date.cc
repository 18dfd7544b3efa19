#include "rules/local_date.h"

#include <cstdio>

#include "rules/civil_date.h"

namespace gate::rules {
namespace {

int digits(std::string_view s, std::size_t at, std::size_t n) {
  int v = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

}  // namespace

std::optional<int> parse_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  const int y = digits(s, 0, 4), m = digits(s, 5, 2), d = digits(s, 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1 ||
      d > static_cast<int>(days_in_month(y, static_cast<unsigned>(m)))) {
    return std::nullopt;
  }
  return static_cast<int>(days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
}

std::string format_date(int day) {
  const CivilDate c = civil_from_days(day);
  const int y = static_cast<int>(c.year), m = static_cast<int>(c.month),
            d = static_cast<int>(c.day);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::optional<std::string> normalise_date_text(std::string_view s) {
  constexpr std::string_view kYear = "年", kMonth = "月", kDay = "日";
  std::size_t i = 0;
  // A run of 1..max digits at i.
  auto number = [&](std::size_t max) -> int {
    std::size_t n = 0;
    int v = 0;
    while (i < s.size() && n < max && s[i] >= '0' && s[i] <= '9') {
      v = v * 10 + (s[i++] - '0');
      ++n;
    }
    return n == 0 ? -1 : v;
  };
  auto take = [&](std::string_view sep) {
    if (s.substr(i, sep.size()) != sep) return false;
    i += sep.size();
    return true;
  };
  const std::size_t year_start = i;
  const int y = number(4);
  if (y < 0 || i - year_start != 4) return std::nullopt;
  const bool cjk = s.substr(i, kYear.size()) == kYear;
  char sep = 0;
  if (cjk) {
    i += kYear.size();
  } else if (i < s.size() && (s[i] == '-' || s[i] == '/' || s[i] == '.')) {
    sep = s[i++];
  } else {
    return std::nullopt;
  }
  const int m = number(2);
  if (m < 0 || !(cjk ? take(kMonth) : take(std::string_view(&sep, 1)))) return std::nullopt;
  const int d = number(2);
  if (d < 0 || (cjk && !take(kDay))) return std::nullopt;
  // Only a midnight time may follow: " 0:00", " 00:00:00".
  if (i < s.size()) {
    if (s[i] != ' ') return std::nullopt;
    for (++i; i < s.size(); ++i) {
      if (s[i] != '0' && s[i] != ':') return std::nullopt;
    }
  }
  if (m < 1 || m > 12 || d < 1 ||
      d > static_cast<int>(days_in_month(y, static_cast<unsigned>(m)))) {
    return std::nullopt;
  }
  return format_date(
      static_cast<int>(days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d))));
}

}  // namespace gate::rules
