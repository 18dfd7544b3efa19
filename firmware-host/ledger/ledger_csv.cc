#include "firmware-host/ledger/ledger_csv.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>

#include "rules/codes.h"
#include "rules/ledger_columns.h"
#include "rules/local_date.h"
#include "rules/plate.h"
#include "rules/plate_color.h"
#include "rules/vin.h"

namespace gate::host {
namespace {

std::string trim(std::string s) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool valid_date(const std::string& s) {
  static const std::regex re(R"(^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$)");
  return std::regex_match(s, re);
}

// The paths in a doc_<kind> cell: separated by ';', blanks ignored.
std::vector<std::string> split_paths(const std::string& cell) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= cell.size()) {
    std::size_t end = cell.find(';', start);
    if (end == std::string::npos) end = cell.size();
    std::string p = trim(cell.substr(start, end - start));
    if (!p.empty()) out.push_back(std::move(p));
    start = end + 1;
  }
  return out;
}

}  // namespace

const std::vector<std::string>& ledger_date_columns() {
  static const std::vector<std::string> kColumns = {"registration_date", "valid_from",
                                                    "valid_until", "exemption_until",
                                                    "test_report_valid_until"};
  return kColumns;
}

static bool is_date_column(std::string_view name) {
  for (const auto& c : ledger_date_columns()) {
    if (c == name) return true;
  }
  return false;
}

const std::vector<std::string>& known_ledger_columns() {
  static const std::vector<std::string> kKnown = [] {
    std::vector<std::string> names(rules::kLedgerColumns.begin(), rules::kLedgerColumns.end());
    for (rules::DocumentKind kind : rules::kDocumentKinds) {
      names.push_back("doc_" + std::string(rules::document_code(kind)));
    }
    names.push_back(kExportDocumentsColumn);
    return names;
  }();
  return kKnown;
}

LedgerParse parse_ledger_csv(std::string_view text) {
  std::vector<std::vector<std::string>> records;
  std::vector<int> lines;
  std::vector<LedgerRowError> syntax;
  for (rules::CsvLine& rec : rules::read_csv_lines(text)) {
    if (!rec.error.empty()) {
      syntax.push_back({rec.line, "", rec.error});
      if (!records.empty()) continue;
      // Without a readable header no row can be read.
      LedgerParse out;
      out.errors = std::move(syntax);
      return out;
    }
    records.push_back(std::move(rec.fields));
    lines.push_back(rec.line);
  }
  LedgerParse out = parse_ledger_records(records, lines);
  if (syntax.empty()) return out;
  out.errors.insert(out.errors.end(), syntax.begin(), syntax.end());
  std::stable_sort(
      out.errors.begin(), out.errors.end(),
      [](const LedgerRowError& a, const LedgerRowError& b) { return a.line < b.line; });
  return out;
}

namespace {

using ColumnIndex = std::map<std::string, std::size_t>;  // lower-case column name → position

// The header line as read: named columns by position, and the positions without a name (whose
// cells must be empty in every row).
struct LedgerHeader {
  ColumnIndex columns;
  std::vector<std::size_t> unnamed;
  std::size_t width = 0;  // fields in the header line: every row must have as many
};

// "17 (Q)": a column's number and its spreadsheet letters, as plant staff see it in Excel.
std::string column_label(std::size_t index) {
  std::string letters;
  for (std::size_t n = index + 1; n > 0; n = (n - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return std::to_string(index + 1) + " (" + letters + ")";
}

// Levenshtein distance over bytes: enough to find a misspelt ASCII column name.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// The known column nearest to `name` when it is close enough to be a slip ("" otherwise): a few
// letters apart, or the start of the known name ("emission" for "emission_stage").
std::string nearest_column(const std::string& name) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
  for (const std::string& known : known_ledger_columns()) {
    std::size_t d = edit_distance(name, known);
    if (name.size() >= 3 && known.starts_with(name)) d = std::min<std::size_t>(d, 1);
    if (d < best_distance) {
      best = known;
      best_distance = d;
    }
  }
  return best;
}

std::string unknown_column_reason(const std::string& name) {
  const std::string nearest = nearest_column(name);
  std::string known;
  for (const std::string& k : known_ledger_columns()) known += (known.empty() ? "" : ", ") + k;
  return "'" + name + "' is not a ledger column" +
         (nearest.empty() ? "" : "; did you mean '" + nearest + "'?") +
         " Rename it in the header line (the columns are: " + known + ")";
}

// What a ledger must always say: which vehicle, its class, stage and fuel (what the rules
// decide on), and its validity and suspension (whether it may enter at all). A missing safety
// column is an error rather than "no limit" or "not suspended".
void require_columns(const ColumnIndex& col, int line, std::vector<LedgerRowError>& errors) {
  for (const char* required : {"vehicle_class", "emission_stage", "fuel_type"}) {
    if (!col.count(required)) {
      errors.push_back({line, required,
                        "header has no column '" + std::string(required) +
                            "'; add it (see gatectl ledger import --help)"});
    }
  }
  if (!col.count("plate") && !col.count("registration_code")) {
    errors.push_back({line, "plate", "header needs a 'plate' or 'registration_code' column"});
  }
  for (const char* date : {"valid_from", "valid_until"}) {
    if (!col.count(date)) {
      errors.push_back({line, date,
                        "header has no column '" + std::string(date) +
                            "': a ledger must say when each vehicle may enter; add the column "
                            "(YYYY-MM-DD; an empty cell means no limit on that side)"});
    }
  }
  if (!col.count("suspended")) {
    errors.push_back({line, "suspended",
                      "header has no column 'suspended': a ledger must say whether each vehicle "
                      "is suspended; add the column (0/no or 1/yes; an empty cell means no)"});
  }
}

// The header's columns; every name must be a known column, given once.
LedgerHeader read_header(const std::vector<std::string>& header, int line,
                         std::vector<LedgerRowError>& errors) {
  LedgerHeader h;
  h.width = header.size();
  const auto& known = known_ledger_columns();
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string name = lower(trim(header[i]));
    if (name.empty()) {
      h.unnamed.push_back(i);
    } else if (std::find(known.begin(), known.end(), name) == known.end()) {
      errors.push_back({line, trim(header[i]), unknown_column_reason(name)});
    } else if (auto [it, fresh] = h.columns.emplace(name, i); !fresh) {
      errors.push_back({line, name,
                        "column '" + name + "' is named twice, in columns " +
                            column_label(it->second) + " and " + column_label(i) +
                            "; keep one of them"});
    }
  }
  require_columns(h.columns, line, errors);
  return h;
}

// Whether a data row has one field per header column and nothing in an unnamed column; the
// errors of one that does not. A row of the wrong length is not read further: its fields cannot
// be matched to columns with any confidence.
bool row_fits_header(const LedgerHeader& h, const std::vector<std::string>& header,
                     const std::vector<std::string>& cells, int line,
                     std::vector<LedgerRowError>& errors) {
  const std::string counts = "the row has " + std::to_string(cells.size()) +
                             " fields but the header has " + std::to_string(h.width);
  if (cells.size() < h.width) {
    errors.push_back({line, lower(trim(header[cells.size()])),
                      counts + " (nothing from column " + column_label(cells.size()) +
                          " on); every row needs one field per column: a comma is missing or "
                          "the row was cut short (an empty field is nothing between two commas)"});
    return false;
  }
  if (cells.size() > h.width) {
    errors.push_back({line, "",
                      counts + "; a value holding a comma must be in quotes (\"Fleet, Ltd\"), "
                               "or the header lacks a column name"});
    return false;
  }
  bool fits = true;
  for (std::size_t i : h.unnamed) {
    if (trim(cells[i]).empty()) continue;
    errors.push_back({line, "",
                      "column " + column_label(i) + " has no name in the header but holds '" +
                          cells[i] + "' here; name the column or clear its cells"});
    fits = false;
  }
  return fits;
}

// One data row: its cells by column name, and its errors, each with the row's line.
class LedgerRow {
 public:
  LedgerRow(const ColumnIndex& col, const std::vector<std::string>& cells, int line,
            std::vector<LedgerRowError>& errors)
      : col_(col), cells_(cells), line_(line), errors_(errors), errors_before_(errors.size()) {}

  // The trimmed cell, "" when the column is absent; dates as Excel writes them (2020/5/1,
  // 2020年5月1日) come back as YYYY-MM-DD.
  std::string get(const std::string& name) const {
    auto it = col_.find(name);
    if (it == col_.end() || it->second >= cells_.size()) return {};
    std::string cell(rules::without_formula_guard(trim(cells_[it->second])));
    if (!cell.empty() && is_date_column(name)) {
      if (auto d = rules::normalise_date_text(cell)) return *d;
    }
    return cell;
  }
  void fail(const std::string& field, std::string reason) {
    errors_.push_back({line_, field, std::move(reason)});
  }
  bool failed() const { return errors_.size() != errors_before_; }
  int line() const { return line_; }

 private:
  const ColumnIndex& col_;
  const std::vector<std::string>& cells_;
  int line_;
  std::vector<LedgerRowError>& errors_;
  std::size_t errors_before_;
};

void read_class(LedgerRow& row, gate::v1::Vehicle& v) {
  const std::string cls = lower(row.get("vehicle_class"));
  if (cls == "transport" || cls == "1") {
    v.set_vehicle_class(gate::v1::VEHICLE_CLASS_TRANSPORT);
  } else if (cls == "in_plant" || cls == "in-plant" || cls == "2") {
    v.set_vehicle_class(gate::v1::VEHICLE_CLASS_IN_PLANT);
  } else if (cls == "machinery" || cls == "non_road_machinery" || cls == "3") {
    v.set_vehicle_class(gate::v1::VEHICLE_CLASS_NON_ROAD_MACHINERY);
  } else {
    row.fail("vehicle_class", "'" + cls + "' is not a class; use transport, in_plant or machinery");
  }
}

void read_identity(LedgerRow& row, gate::v1::Vehicle& v) {
  const std::string plate = row.get("plate");
  v.set_registration_code(row.get("registration_code"));
  if (!plate.empty()) {
    auto parsed = rules::parse_plate(plate);
    if (!parsed.ok()) {
      row.fail("plate", "'" + plate + "': " + parsed.error());
    } else {
      v.set_plate(parsed.value().text);
    }
  } else if (v.registration_code().empty()) {
    row.fail("plate",
             "plate is empty and so is registration_code; one of them identifies the entry");
  }
  const std::string color = row.get("plate_color");
  if (color.empty()) {
    v.set_plate_color(gate::v1::PLATE_COLOR_UNKNOWN);
  } else if (auto c = rules::color_from_name(color)) {
    v.set_plate_color(*c);
  } else {
    row.fail("plate_color", "'" + color +
                                "' is not a plate colour (blue, yellow, white, black, "
                                "green, yellow-green)");
  }
}

// Emission stage, fuel and VIN: what the stage rules read.
void read_engine(LedgerRow& row, gate::v1::Vehicle& v) {
  const std::string stage = row.get("emission_stage");
  auto st = rules::stage_from_code(stage);
  if (!st) st = rules::stage_from_certificate(stage);
  if (st) {
    v.set_emission_stage(*st);
  } else {
    row.fail("emission_stage", "'" + stage + "' is not a stage (0-6, D, X or e.g. 国V)");
  }
  const std::string fuel = row.get("fuel_type");
  if (auto f = rules::fuel_from_code(fuel)) {
    v.set_fuel_type(*f);
  } else {
    row.fail("fuel_type", "'" + fuel +
                              "' is not a fuel letter (A petrol, B diesel, C electric, "
                              "E natural gas, O hybrid, H fuel cell, …)");
  }
  const std::string vin = row.get("vin");
  if (!vin.empty() && v.vehicle_class() != gate::v1::VEHICLE_CLASS_NON_ROAD_MACHINERY) {
    if (Status valid = rules::validate_vin(vin); !valid.ok()) {
      row.fail("vin", "'" + vin + "': " + valid.message());
    }
  }
  v.set_vin(vin);
}

// The dates, the validity period and the suspension.
void read_validity(LedgerRow& row, gate::v1::Vehicle& v) {
  for (const std::string& date : ledger_date_columns()) {
    const std::string d = row.get(date);
    if (!d.empty() && !valid_date(d)) {
      row.fail(date, "'" + d +
                         "' is not a date (YYYY-MM-DD, or as Excel writes it: "
                         "2020/5/1, 2020年5月1日)");
    }
  }
  v.set_registration_date(row.get("registration_date"));
  v.set_valid_from(row.get("valid_from"));
  v.set_valid_until(row.get("valid_until"));
  if (!v.valid_from().empty() && !v.valid_until().empty() && v.valid_until() < v.valid_from()) {
    row.fail("valid_until",
             "valid_until " + v.valid_until() + " is before valid_from " + v.valid_from());
  }
  const std::string susp = lower(row.get("suspended"));
  if (susp.empty() || susp == "0" || susp == "no" || susp == "false") {
    v.set_suspended(false);
  } else if (susp == "1" || susp == "yes" || susp == "true") {
    v.set_suspended(true);
  } else {
    row.fail("suspended", "'" + susp + "' is not 0/1/yes/no");
  }
}

// Optional: an exemption with its basis.
void read_exemption(LedgerRow& row, gate::v1::Vehicle& v) {
  const std::string ex = lower(row.get("exemption"));
  if (ex.empty() || ex == "none" || ex == "0") {
    v.set_exemption(gate::v1::EXEMPTION_KIND_UNSPECIFIED);
  } else if (ex == "special") {
    v.set_exemption(gate::v1::EXEMPTION_KIND_SPECIAL);
  } else if (ex == "hazardous_goods" || ex == "hazardous") {
    v.set_exemption(gate::v1::EXEMPTION_KIND_HAZARDOUS_GOODS);
  } else if (ex == "emergency_supply" || ex == "emergency") {
    v.set_exemption(gate::v1::EXEMPTION_KIND_EMERGENCY_SUPPLY);
  } else if (ex == "platform_granted" || ex == "platform") {
    v.set_exemption(gate::v1::EXEMPTION_KIND_PLATFORM_GRANTED);
  } else {
    row.fail("exemption", "'" + ex +
                              "' is not an exemption; use special, hazardous_goods, "
                              "emergency_supply, platform_granted or leave it empty");
  }
  v.set_exemption_basis(row.get("exemption_basis"));
  v.set_exemption_until(row.get("exemption_until"));
  if (v.exemption() != gate::v1::EXEMPTION_KIND_UNSPECIFIED && v.exemption_basis().empty()) {
    row.fail("exemption_basis",
             "an exemption needs its basis (the permit or approval that grants it, e.g. the "
             "hazardous-goods transport permit number)");
  }
}

// Optional: machinery registration, its test report and positioning.
void read_machinery(LedgerRow& row, gate::v1::Vehicle& v) {
  const std::string reg = lower(row.get("machinery_registration"));
  if (reg.empty()) {
    v.set_machinery_registration(gate::v1::MACHINERY_REGISTRATION_UNSPECIFIED);
  } else if (reg == "registered" || reg == "yes") {
    v.set_machinery_registration(gate::v1::MACHINERY_REGISTRATION_REGISTERED);
  } else if (reg == "unregistered" || reg == "no") {
    v.set_machinery_registration(gate::v1::MACHINERY_REGISTRATION_UNREGISTERED);
  } else if (reg == "fake") {
    v.set_machinery_registration(gate::v1::MACHINERY_REGISTRATION_FAKE);
  } else {
    row.fail("machinery_registration", "'" + reg + "' is not registered, unregistered or fake");
  }
  v.set_test_report_valid_until(row.get("test_report_valid_until"));
  const std::string pos = lower(row.get("positioning"));
  if (pos.empty()) {
    v.set_positioning(gate::v1::POSITIONING_STATUS_UNSPECIFIED);
  } else if (pos == "ok") {
    v.set_positioning(gate::v1::POSITIONING_STATUS_OK);
  } else if (pos == "failed") {
    v.set_positioning(gate::v1::POSITIONING_STATUS_FAILED);
  } else if (pos == "not_installed" || pos == "none") {
    v.set_positioning(gate::v1::POSITIONING_STATUS_NOT_INSTALLED);
  } else {
    row.fail("positioning", "'" + pos + "' is not ok, failed or not_installed");
  }
}

// Free text, and the document images named in doc_<kind> columns.
std::vector<DocumentRef> read_descriptions(const LedgerRow& row, gate::v1::Vehicle& v) {
  v.set_engine_no(row.get("engine_no"));
  v.set_vehicle_type(row.get("vehicle_type"));
  v.set_use(row.get("use"));
  v.set_fleet(row.get("fleet"));
  v.set_owner(row.get("owner"));
  std::vector<DocumentRef> docs;
  for (rules::DocumentKind kind : rules::kDocumentKinds) {
    const std::string column = "doc_" + std::string(rules::document_code(kind));
    for (auto& path : split_paths(row.get(column))) docs.push_back({kind, column, path});
  }
  return docs;
}

}  // namespace

LedgerParse parse_ledger_records(const std::vector<std::vector<std::string>>& records,
                                 const std::vector<int>& lines) {
  LedgerParse out;
  if (records.empty()) {
    out.errors.push_back({1, "", "file is empty; expected a header line naming the columns"});
    return out;
  }
  const LedgerHeader header = read_header(records[0], lines[0], out.errors);
  if (!out.errors.empty()) return out;

  std::map<std::string, int> first_line;  // plate or code → line of its first row
  for (std::size_t r = 1; r < records.size(); ++r) {
    if (!row_fits_header(header, records[0], records[r], lines[r], out.errors)) continue;
    LedgerRow row(header.columns, records[r], lines[r], out.errors);
    gate::v1::Vehicle v;
    read_class(row, v);
    read_identity(row, v);
    read_engine(row, v);
    read_validity(row, v);
    read_exemption(row, v);
    read_machinery(row, v);
    std::vector<DocumentRef> docs = read_descriptions(row, v);
    if (row.failed()) continue;
    // One entry per vehicle: a second row for the same plate (or code) is an error, not a
    // silent overwrite.
    const std::string key = v.plate().empty() ? "code " + v.registration_code() : v.plate();
    auto [it, fresh] = first_line.emplace(key, row.line());
    if (!fresh) {
      row.fail(v.plate().empty() ? "registration_code" : "plate",
               "'" + key + "' is already on line " + std::to_string(it->second) +
                   "; a ledger has one entry per vehicle");
      continue;
    }
    out.vehicles.push_back(std::move(v));
    out.lines.push_back(row.line());
    out.documents.push_back(std::move(docs));
  }
  std::stable_sort(
      out.errors.begin(), out.errors.end(),
      [](const LedgerRowError& a, const LedgerRowError& b) { return a.line < b.line; });
  return out;
}

std::string format_row_error(const std::string& file, const LedgerRowError& e) {
  return file + ":" + std::to_string(e.line) + ": " + (e.field.empty() ? "" : e.field + ": ") +
         e.reason;
}

}  // namespace gate::host
