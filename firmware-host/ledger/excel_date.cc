#include "firmware-host/ledger/excel_date.h"

#include <cmath>
#include <cstdint>
#include <cstdio>

#include "rules/civil_date.h"

namespace gate::host {

bool is_date_format(int id, std::string_view code) {
  if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) {
    return true;
  }
  if (id < 164) return false;  // other built-ins: numbers, text, times
  bool quoted = false;
  int bracket = 0;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (quoted) {
      continue;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is literal (or padding)
    } else if (c == '[') {
      ++bracket;
    } else if (c == ']') {
      bracket = bracket > 0 ? bracket - 1 : 0;
    } else if (bracket == 0 && (c == 'y' || c == 'Y' || c == 'd' || c == 'D')) {
      return true;
    }
  }
  return false;
}

std::optional<std::string> excel_serial_to_text(double serial, bool date1904) {
  if (!std::isfinite(serial) || serial < 0 || serial > 2958465.0) return std::nullopt;  // 9999
  int64_t days = static_cast<int64_t>(std::floor(serial));
  int64_t seconds = std::llround((serial - std::floor(serial)) * 86400.0);
  if (seconds == 86400) {
    ++days;
    seconds = 0;
  }
  if (!date1904 && days == 60) {
    return std::string("1900-02-29");  // Lotus's phantom day, kept as Excel shows it
  }
  // Unix day numbers of the epochs: 1904-01-01 is -24107, 1899-12-30 is -25569; serials before
  // the phantom day count from 1899-12-31.
  const int64_t unix_day = date1904 ? days - 24107 : days - (days < 60 ? 25568 : 25569);
  const rules::CivilDate c = rules::civil_from_days(unix_day);
  const int y = static_cast<int>(c.year);
  const unsigned m = c.month, d = c.day;
  char buf[32];
  if (seconds == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d:%02d", y, m, d,
                  static_cast<int>(seconds / 3600), static_cast<int>(seconds / 60 % 60),
                  static_cast<int>(seconds % 60));
  }
  return std::string(buf);
}

}  // namespace gate::host
