// CSV reading (RFC 4180 quoting, UTF-8 BOM skipped, CRLF tolerated), writing one field, and the
// guard that keeps an exported cell from being read as a spreadsheet formula. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gate::rules {

// Splits CSV text into records of fields; `lines` (optional) receives each record's first
// line number (1-based), for error messages. Blank lines are skipped.
std::vector<std::vector<std::string>> split_csv(std::string_view text, std::vector<int>* lines);

// One record of a file read line by line (read_csv_lines).
struct CsvLine {
  int line = 0;  // 1-based
  std::vector<std::string> fields;
  std::string error;  // empty when the line is well-formed; else what is wrong and what to do
};

// Strict reading for files whose fields never hold a line break (vehicle ledgers): one record
// per non-blank line. A quoted field still open at the end of its line is an error of the line
// where the quote opened, and the record ends there, so the next line is read as a record of
// its own rather than swallowed into the field. A quote inside an unquoted field, and text after
// a closing quote, are errors too. A record with an error keeps the fields read so far.
std::vector<CsvLine> read_csv_lines(std::string_view text);

// One field as RFC 4180 writes it: quoted (inner quotes doubled) when it holds a comma, a quote
// or a line break; as it is otherwise. split_csv reads it back unchanged.
std::string csv_field(std::string_view value);

// Whether a spreadsheet (Excel, WPS, LibreOffice) would take the cell as a formula: it begins
// with '=', '+', '-', '@', a tab or a carriage return, and is not a plain decimal number
// ("-5", "+3.5" stay numbers).
bool looks_like_formula(std::string_view value);

// The text of a cell in an exported CSV or XLSX: a cell that looks like a formula gets a leading
// apostrophe, so that a spreadsheet shows it as text and never evaluates it (the OWASP rule
// against CSV injection); so does a value that already begins with apostrophes before such text
// ("'=x" is written "''=x"), so that without_formula_guard gives every value back unchanged;
// every other cell is unchanged.
std::string spreadsheet_text(std::string_view value);

// The inverse for a file read back: one apostrophe is removed from a cell of apostrophes
// followed by text that looks like a formula ("'=x" becomes "=x", "''=x" becomes "'=x", as
// spreadsheet_text writes them); other cells are unchanged.
std::string_view without_formula_guard(std::string_view cell);

// csv_field(spreadsheet_text(value)): a field of a CSV file meant to be opened in a spreadsheet.
std::string spreadsheet_csv_field(std::string_view value);

}  // namespace gate::rules
