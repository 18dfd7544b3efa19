// Platform time formats: see time_pattern.h.
#include "drivers/uplink/time_pattern.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>

#include "drivers/uplink/wire_time.h"
#include "rules/civil_date.h"

namespace gate::drivers::uplink {
namespace {

constexpr std::array<std::string_view, 7> kTokens = {"yyyy", "SSS", "MM", "dd", "HH", "mm", "ss"};

// The token at `at`, or "".
std::string_view token_at(std::string_view format, std::size_t at) {
  for (std::string_view t : kTokens) {
    if (format.substr(at, t.size()) == t) return t;
  }
  return {};
}

bool is_named(std::string_view format) {
  return format == "iso8601" || format == "unix_s" || format == "unix_ms";
}

}  // namespace

Status check_time_format(std::string_view format) {
  if (format.empty() || is_named(format)) return Status::Ok();
  std::string seen;
  for (std::size_t i = 0; i < format.size();) {
    const std::string_view t = token_at(format, i);
    if (!t.empty()) {
      seen += std::string(t) + " ";
      i += t.size();
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(format[i])) && format[i] != 'T') {
      return Error{"time_format \"" + std::string(format) + "\": '" + format[i] +
                   "' is no token; use yyyy MM dd HH mm ss SSS, or iso8601, unix_s, unix_ms"};
    }
    ++i;
  }
  for (std::string_view need : {"yyyy", "MM", "dd", "HH", "mm", "ss"}) {
    if (seen.find(std::string(need) + " ") == std::string::npos) {
      return Error{"time_format \"" + std::string(format) + "\" has no " + std::string(need) +
                   "; a platform time needs year, month, day, hour, minute and second"};
    }
  }
  return Status::Ok();
}

std::string format_time(int64_t unix_ms, int utc_offset_minutes, std::string_view format) {
  if (format.empty() || format == "iso8601") return format_wire_time(unix_ms, utc_offset_minutes);
  if (format == "unix_ms") return std::to_string(unix_ms);
  if (format == "unix_s") return std::to_string(unix_ms / 1000);
  const int64_t local_ms = unix_ms + int64_t{utc_offset_minutes} * 60000;
  const int64_t days = (local_ms >= 0 ? local_ms : local_ms - 86399999) / 86400000;
  const int64_t ms_of_day = local_ms - days * 86400000;
  const rules::CivilDate date = rules::civil_from_days(days);
  // In kTokens' order: yyyy SSS MM dd HH mm ss.
  const int64_t values[] = {
      date.year,           ms_of_day % 1000,       date.month,           date.day,
      ms_of_day / 3600000, ms_of_day / 60000 % 60, ms_of_day / 1000 % 60};
  std::string out;
  for (std::size_t i = 0; i < format.size();) {
    std::size_t k = 0;
    while (k < kTokens.size() && format.substr(i, kTokens[k].size()) != kTokens[k]) ++k;
    if (k == kTokens.size()) {
      out += format[i++];
      continue;
    }
    char buf[24];
    std::snprintf(buf, sizeof buf, "%0*lld", static_cast<int>(kTokens[k].size()),
                  static_cast<long long>(values[k]));
    out += buf;
    i += kTokens[k].size();
  }
  return out;
}

namespace {

Result<int64_t> parse_unix(std::string_view text, int64_t scale) {
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return Error{"\"" + std::string(text) + "\" is not a whole number of unix time"};
  }
  return v * scale;
}

}  // namespace

Result<int64_t> parse_time(std::string_view text, int utc_offset_minutes, std::string_view format) {
  if (format.empty() || format == "iso8601") return parse_wire_time(text);
  if (format == "unix_ms") return parse_unix(text, 1);
  if (format == "unix_s") return parse_unix(text, 1000);
  // In kTokens' order: yyyy SSS MM dd HH mm ss.
  int64_t values[kTokens.size()] = {0, 0, 1, 1, 0, 0, 0};
  const auto unfit = [&] {
    return Error{"\"" + std::string(text) + "\" is not a time as \"" + std::string(format) + "\""};
  };
  std::size_t at = 0;
  for (std::size_t i = 0; i < format.size();) {
    std::size_t k = 0;
    while (k < kTokens.size() && format.substr(i, kTokens[k].size()) != kTokens[k]) ++k;
    if (k == kTokens.size()) {
      if (at >= text.size() || text[at] != format[i]) return unfit();
      ++at;
      ++i;
      continue;
    }
    const std::size_t n = kTokens[k].size();
    if (at + n > text.size()) return unfit();
    for (std::size_t j = 0; j < n; ++j) {
      if (!std::isdigit(static_cast<unsigned char>(text[at + j]))) return unfit();
      values[k] = (j == 0 ? 0 : values[k] * 10) + (text[at + j] - '0');
    }
    at += n;
    i += n;
  }
  const int64_t y = values[0], ms = values[1], mo = values[2], d = values[3], h = values[4],
                mi = values[5], sec = values[6];
  if (at != text.size() || mo < 1 || mo > 12 || d < 1 ||
      d > rules::days_in_month(y, static_cast<unsigned>(mo)) || h > 23 || mi > 59 || sec > 59) {
    return unfit();
  }
  const int64_t days =
      rules::days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return ((days * 24 + h) * 60 + mi) * 60000 + sec * 1000 + ms -
         int64_t{utc_offset_minutes} * 60000;
}

}  // namespace gate::drivers::uplink
