// Text encodings of ledger files: Chinese Excel saves CSV as GBK (GB18030 is its superset).
#pragma once

#include <string>
#include <string_view>

#include "rules/result.h"

namespace gate::host {

bool is_valid_utf8(std::string_view s);

// GB18030 (and so GBK and GB2312) to UTF-8 via iconv; errors give the byte offset.
Result<std::string> gb18030_to_utf8(std::string_view s);

// The text as UTF-8: unchanged when it already is valid UTF-8, else read as GB18030.
// `*converted` tells which happened.
Result<std::string> ledger_text_to_utf8(std::string_view s, bool* converted);

}  // namespace gate::host
