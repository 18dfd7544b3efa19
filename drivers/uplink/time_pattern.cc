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

Result<int64_t> parse_time(std::string_view text, int utc_offset_minutes, std::string_view format) {
  const auto fail = [&] {
    return Error{"\"" + std::string(text) + "\" is not a time as " +
                 std::string(format.empty() ? "iso8601" : format)};
  };
  if (format.empty() || format == "iso8601") {
    auto t = parse_wire_time(std::string(text));
    if (!t.ok()) return fail();
    return t.value();
  }
  if (format == "unix_ms" || format == "unix_s") {
    int64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return fail();
    return format == "unix_s" ? n * 1000 : n;
  }
  int64_t values[kTokens.size()] = {0, 0, 1, 1, 0, 0, 0};  // in kTokens' order
  std::size_t t = 0;
  for (std::size_t i = 0; i < format.size();) {
    std::size_t k = 0;
    while (k < kTokens.size() && format.substr(i, kTokens[k].size()) != kTokens[k]) ++k;
    if (k == kTokens.size()) {
      if (t >= text.size() || text[t] != format[i]) return fail();
      ++i, ++t;
      continue;
    }
    const std::size_t width = kTokens[k].size();
    if (t + width > text.size()) return fail();
    const auto [end, ec] = std::from_chars(text.data() + t, text.data() + t + width, values[k]);
    if (ec != std::errc() || end != text.data() + t + width) return fail();
    i += width;
    t += width;
  }
  // yyyy SSS MM dd HH mm ss
  if (t != text.size() || values[2] < 1 || values[2] > 12 || values[3] < 1 || values[3] > 31 ||
      values[4] > 23 || values[5] > 59 || values[6] > 59) {
    return fail();
  }
  const int64_t days = rules::days_from_civil(values[0], static_cast<unsigned>(values[2]),
                                              static_cast<unsigned>(values[3]));
  const int64_t local_ms =
      days * 86400000 + values[4] * 3600000 + values[5] * 60000 + values[6] * 1000 + values[1];
  return local_ms - int64_t{utc_offset_minutes} * 60000;
}

}  // namespace gate::drivers::uplink
