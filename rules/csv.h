// CSV splitting (RFC 4180 quoting, UTF-8 BOM skipped, CRLF tolerated). Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gate::rules {

// Splits CSV text into records of fields; `lines` (optional) receives each record's first
// line number (1-based), for error messages. Blank lines are skipped.
std::vector<std::vector<std::string>> split_csv(std::string_view text, std::vector<int>* lines);

}  // namespace gate::rules
