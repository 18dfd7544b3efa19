#include "firmware-host/ledger/ledger_xlsx.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "firmware-host/ledger/excel_date.h"

namespace gate::host {
namespace {

std::string lower_trimmed(const std::string& s) {
  auto b = std::find_if(s.begin(), s.end(), [](unsigned char c) { return !std::isspace(c); });
  auto e = std::find_if(s.rbegin(), s.rend(), [](unsigned char c) { return !std::isspace(c); });
  std::string out = b < e.base() ? std::string(b, e.base()) : std::string();
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A cell's value as the ledger reads it. In a date column a plain number is taken as a date
// serial (a date typed into a cell formatted "General"); whole numbers only, so that a stray
// number still fails validation as "not a date".
std::string cell_text(const XlsxCell& c, bool date_column, bool date1904) {
  if (date_column && c.type == XlsxCell::Type::kNumber && c.number == std::floor(c.number)) {
    if (auto d = excel_serial_to_text(c.number, date1904)) return *d;
  }
  return c.text;
}

// A sheet's rows end at their last stored cell, and a cell left empty is simply absent; the
// ledger parser wants every row as wide as the header. Rows are cut after their last non-empty
// cell and then all padded to the widest, so a value right of the header's last name lands in
// a column without a name, which the parser reports.
void to_common_width(std::vector<std::vector<std::string>>& records) {
  std::size_t width = 0;
  for (auto& record : records) {
    while (!record.empty() && lower_trimmed(record.back()).empty()) record.pop_back();
    width = std::max(width, record.size());
  }
  for (auto& record : records) record.resize(width);
}

}  // namespace

bool is_xlsx_path(const std::string& path) {
  if (path.size() < 5) return false;
  return lower_trimmed(path.substr(path.size() - 5)) == ".xlsx";
}

LedgerParse parse_ledger_sheet(const XlsxSheet& sheet) {
  std::vector<std::vector<std::string>> records;
  std::vector<int> rows;
  std::set<std::size_t> date_columns;
  for (const auto& row : sheet.rows) {
    std::vector<std::string> record;
    record.reserve(row.cells.size());
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
      record.push_back(cell_text(row.cells[i], date_columns.count(i) > 0, sheet.date1904));
    }
    if (records.empty()) {  // the header: find the date columns
      const auto& dates = ledger_date_columns();
      for (std::size_t i = 0; i < record.size(); ++i) {
        if (std::find(dates.begin(), dates.end(), lower_trimmed(record[i])) != dates.end()) {
          date_columns.insert(i);
        }
      }
    }
    records.push_back(std::move(record));
    rows.push_back(row.number);
  }
  if (records.empty()) {
    LedgerParse out;
    out.errors.push_back(
        {1, "", "the first worksheet is empty; expected a header row naming the columns"});
    return out;
  }
  to_common_width(records);
  return parse_ledger_records(records, rows);
}

Result<LedgerParse> read_ledger_xlsx(const std::string& path) {
  auto sheet = read_first_xlsx_sheet(path);
  if (!sheet.ok()) return Error{sheet.error()};
  return parse_ledger_sheet(sheet.value());
}

}  // namespace gate::host
