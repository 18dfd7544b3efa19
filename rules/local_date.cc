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

}  // namespace gate::rules
