#include "sim/scenario/scenario_time.h"

#include <cstdio>

#include "rules/local_date.h"

namespace gate::sim {
namespace {

// Two ASCII digits at `pos`, or -1.
int two_digits(std::string_view s, std::size_t pos) {
  if (pos + 2 > s.size()) return -1;
  const char a = s[pos], b = s[pos + 1];
  if (a < '0' || a > '9' || b < '0' || b > '9') return -1;
  return (a - '0') * 10 + (b - '0');
}

}  // namespace

std::optional<std::int64_t> parse_scenario_time(std::string_view text) {
  // "YYYY-MM-DD HH:MM" is 16 characters, with seconds 19.
  if ((text.size() != 16 && text.size() != 19) || text[10] != ' ' || text[13] != ':') {
    return std::nullopt;
  }
  const std::optional<int> day = rules::parse_date(text.substr(0, 10));
  const int hour = two_digits(text, 11);
  const int minute = two_digits(text, 14);
  int second = 0;
  if (text.size() == 19) {
    if (text[16] != ':') return std::nullopt;
    second = two_digits(text, 17);
  }
  if (!day || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(*day) * 86400 + hour * 3600 + minute * 60 + second;
}

std::string format_scenario_time(std::int64_t local_seconds) {
  std::int64_t day = local_seconds / 86400;
  std::int64_t rest = local_seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    day -= 1;
  }
  char hms[16];
  std::snprintf(hms, sizeof hms, " %02d:%02d:%02d", static_cast<int>(rest / 3600),
                static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60));
  return rules::format_date(static_cast<int>(day)) + hms;
}

}  // namespace gate::sim
