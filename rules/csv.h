// CSV reading (RFC 4180 quoting, UTF-8 BOM skipped, CRLF tolerated) and writing one field. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gate::rules {

// Splits CSV text into records of fields; `lines` (optional) receives each record's first
// line number (1-based), for error messages. Blank lines are skipped.
std::vector<std::vector<std::string>> split_csv(std::string_view text, std::vector<int>* lines);

// One field as RFC 4180 writes it: quoted (inner quotes doubled) when it holds a comma, a quote
// or a line break; as it is otherwise. split_csv reads it back unchanged.
std::string csv_field(std::string_view value);

}  // namespace gate::rules
