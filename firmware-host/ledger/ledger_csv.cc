#include "firmware-host/ledger/ledger_csv.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>

#include "rules/codes.h"
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

LedgerParse parse_ledger_csv(std::string_view text) {
  std::vector<int> lines;
  auto records = split_csv(text, &lines);
  return parse_ledger_records(records, lines);
}

namespace {

using ColumnIndex = std::map<std::string, std::size_t>;  // lower-case column name → position

// The header's columns, or the errors of a header that lacks a required one.
ColumnIndex read_header(const std::vector<std::string>& header, int line,
                        std::vector<LedgerRowError>& errors) {
  ColumnIndex col;
  for (std::size_t i = 0; i < header.size(); ++i) col[lower(trim(header[i]))] = i;
  for (const char* required : {"vehicle_class", "emission_stage", "fuel_type"}) {
    if (!col.count(required)) {
      errors.push_back({line, required,
                        "header has no column '" + std::string(required) +
                            "' (see gatectl ledger import --help)"});
    }
  }
  if (!col.count("plate") && !col.count("registration_code")) {
    errors.push_back({line, "plate", "header needs a 'plate' or 'registration_code' column"});
  }
  return col;
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
    std::string cell = trim(cells_[it->second]);
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
  const ColumnIndex col = read_header(records[0], lines[0], out.errors);
  if (!out.errors.empty()) return out;

  std::map<std::string, int> first_line;  // plate or code → line of its first row
  for (std::size_t r = 1; r < records.size(); ++r) {
    LedgerRow row(col, records[r], lines[r], out.errors);
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
