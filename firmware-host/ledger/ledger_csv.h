// Vehicle ledger CSV (UTF-8, optional BOM, RFC 4180 quoting). Pure: text in, vehicles or
// line-numbered errors out. Columns are found by header name, in any order:
//   plate, plate_color, vehicle_class, vin, engine_no, registration_date, emission_stage,
//   fuel_type, vehicle_type, use, fleet, owner, registration_code, valid_from, valid_until,
//   suspended, and optionally exemption, exemption_basis, exemption_until,
//   machinery_registration, test_report_valid_until, positioning
// Required: vehicle_class, emission_stage, fuel_type, plate (or registration_code for
// machinery), and the safety columns valid_from, valid_until and suspended (a file without them
// is refused rather than read as "no limit, not suspended"; an empty cell in them means no limit
// and not suspended). Values: vehicle_class transport|in_plant|machinery; plate_color a name
// (blue/yellow/green/yellow-green/…, 蓝/黄/…); emission_stage a code (0-6, D, X) or a
// certificate text (国V); fuel_type a GA 24.9 letter (A B C …); dates YYYY-MM-DD;
// suspended 0/1/yes/no; exemption special|hazardous_goods|emergency_supply|platform_granted
// (then exemption_basis is required); machinery_registration registered|unregistered|fake;
// positioning ok|failed|not_installed.
// Document images (optional): doc_list (随车清单), doc_license (行驶证), doc_nameplate (engine
// nameplate), doc_label (machinery environmental label), each one or more file paths separated
// by ';'; the parser only collects them, ledger_import.h reads and checks the files.
//
// Strict by design, because a misread row lets a vehicle in: a header name that is no known
// column is an error suggesting the nearest one (a misspelt "suspend" would otherwise drop every
// suspension), a column named twice is an error, every row must have exactly the header's number
// of fields, and a CSV line that breaks the quoting rules (a quote left open at the end of its
// line, rules/csv.h read_csv_lines) is an error of that line. Columns without a name are allowed
// only while all their cells are empty. A cell written with the export's formula guard ("'=…",
// rules/csv.h spreadsheet_text) is read without it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gate/v1/vehicle.pb.h"
#include "rules/csv.h"
#include "rules/document_kind.h"

namespace gate::host {

struct LedgerRowError {
  int line = 0;  // 1-based line in the file
  std::string field;
  std::string reason;
};

// A document file named in a row's doc_<kind> column, as written there.
struct DocumentRef {
  rules::DocumentKind kind = rules::DocumentKind::kConformityList;
  std::string column;  // "doc_license", for error messages
  std::string path;    // relative to the ledger file's directory unless absolute
};

struct LedgerParse {
  std::vector<gate::v1::Vehicle> vehicles;          // the valid rows
  std::vector<int> lines;                           // line of each valid row
  std::vector<std::vector<DocumentRef>> documents;  // documents named by each valid row
  std::vector<LedgerRowError> errors;               // by line; all-or-nothing import needs none
};

LedgerParse parse_ledger_csv(std::string_view text);

// The column the audit export adds to its ledger sheet (where each entry's document images are
// in the export); the import accepts and ignores it, so that an exported ledger reads back.
inline constexpr const char* kExportDocumentsColumn = "documents";

// Every column name a ledger file may have: the ledger columns (rules/ledger_columns.h), the
// doc_<kind> columns and kExportDocumentsColumn.
const std::vector<std::string>& known_ledger_columns();

// The same validation over records already split into fields (the first is the header), with
// the line (or spreadsheet row) number of each record; parse_ledger_csv and the XLSX reader
// (ledger_xlsx.h) both end here.
LedgerParse parse_ledger_records(const std::vector<std::vector<std::string>>& records,
                                 const std::vector<int>& lines);

// The columns holding dates (YYYY-MM-DD).
const std::vector<std::string>& ledger_date_columns();

// "ledger.csv:5: emission_stage: 'Z' is not …"
std::string format_row_error(const std::string& file, const LedgerRowError& e);

using rules::split_csv;

}  // namespace gate::host
