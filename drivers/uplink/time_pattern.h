// Times as a platform writes them (PlatformField.time_format): a pattern of yyyy MM dd HH mm ss
// SSS with every other character kept as it is ("yyyy-MM-dd HH:mm:ss", "yyyyMMddHHmmss"), or
// "iso8601" (2026-11-22T08:00:00+08:00), "unix_s", "unix_ms". Local time at the given offset.
// Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "rules/result.h"

namespace gate::drivers::uplink {

// Ok when `format` is one of the forms above; else what is wrong with it. A pattern must hold
// yyyy, MM, dd, HH, mm and ss; letters other than the tokens are refused (a Java pattern's
// 'T' must be written without quotes, as T is no token here).
Status check_time_format(std::string_view format);

// `unix_ms` written in `format` (checked), at `utc_offset_minutes`.
std::string format_time(int64_t unix_ms, int utc_offset_minutes, std::string_view format);

// The inverse: `text` as a platform wrote it in `format` (checked), local time at
// `utc_offset_minutes` for patterns; unix ms. An error says what did not fit the format.
Result<int64_t> parse_time(std::string_view text, int utc_offset_minutes, std::string_view format);

}  // namespace gate::drivers::uplink
