// Vehicle ledgers saved as XLSX: the first worksheet, read as a table whose first non-empty row
// is the header (the same columns as the CSV, ledger_csv.h), validated by the same rules and
// reported by spreadsheet row number. Dates may be real Excel dates (date-formatted cells) or
// date serials in the date columns; both become YYYY-MM-DD.
#pragma once

#include <string>

#include "firmware-host/ledger/ledger_csv.h"
#include "firmware-host/ledger/xlsx_reader.h"
#include "rules/result.h"

namespace gate::host {

// Whether `path` names an XLSX workbook (by its extension, case-insensitive).
bool is_xlsx_path(const std::string& path);

// The sheet's rows as ledger records (first non-empty row = header), each with its row number.
LedgerParse parse_ledger_sheet(const XlsxSheet& sheet);

// read_first_xlsx_sheet + parse_ledger_sheet. Errors are about the file as a whole.
Result<LedgerParse> read_ledger_xlsx(const std::string& path);

}  // namespace gate::host
