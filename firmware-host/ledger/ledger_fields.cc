#include "firmware-host/ledger/ledger_fields.h"

#include <algorithm>

#include "rules/codes.h"
#include "rules/decide.h"
#include "rules/display_names.h"
#include "rules/ledger_columns.h"
#include "rules/plate_color.h"

namespace gate::host {
namespace {

// The CSV leaves "no exemption" empty where decide() names it "none".
std::string exemption_code(gate::v1::ExemptionKind k) {
  const std::string key = rules::exemption_key(k);
  return key == "none" ? "" : key;
}

std::string registration_code_of(gate::v1::MachineryRegistration r) {
  switch (r) {
    case gate::v1::MACHINERY_REGISTRATION_REGISTERED:
      return "registered";
    case gate::v1::MACHINERY_REGISTRATION_UNREGISTERED:
      return "unregistered";
    case gate::v1::MACHINERY_REGISTRATION_FAKE:
      return "fake";
    default:
      return "";
  }
}

std::string positioning_code(gate::v1::PositioningStatus p) {
  switch (p) {
    case gate::v1::POSITIONING_STATUS_OK:
      return "ok";
    case gate::v1::POSITIONING_STATUS_FAILED:
      return "failed";
    case gate::v1::POSITIONING_STATUS_NOT_INSTALLED:
      return "not_installed";
    default:
      return "";
  }
}

std::string code_char(char c) {
  return c == '?' ? "" : std::string(1, c);
}

}  // namespace

const std::vector<std::string>& ledger_field_names() {
  static const std::vector<std::string> kNames(rules::kLedgerColumns.begin(),
                                               rules::kLedgerColumns.end());
  return kNames;
}

LedgerFields ledger_fields_of(const gate::v1::Vehicle& v) {
  const auto color = v.plate_color() == gate::v1::PLATE_COLOR_UNKNOWN ||
                             v.plate_color() == gate::v1::PLATE_COLOR_UNSPECIFIED
                         ? std::string()
                         : std::string(rules::color_name(v.plate_color()));
  return {{"plate", v.plate()},
          {"plate_color", color},
          {"vehicle_class", std::string(rules::class_key(v.vehicle_class()))},
          {"vin", v.vin()},
          {"engine_no", v.engine_no()},
          {"registration_date", v.registration_date()},
          {"emission_stage", code_char(rules::stage_to_code(v.emission_stage()))},
          {"fuel_type", code_char(rules::fuel_to_code(v.fuel_type()))},
          {"vehicle_type", v.vehicle_type()},
          {"use", v.use()},
          {"fleet", v.fleet()},
          {"owner", v.owner()},
          {"registration_code", v.registration_code()},
          {"valid_from", v.valid_from()},
          {"valid_until", v.valid_until()},
          {"suspended", v.suspended() ? "yes" : "no"},
          {"exemption", exemption_code(v.exemption())},
          {"exemption_basis", v.exemption_basis()},
          {"exemption_until", v.exemption_until()},
          {"machinery_registration", registration_code_of(v.machinery_registration())},
          {"test_report_valid_until", v.test_report_valid_until()},
          {"positioning", positioning_code(v.positioning())}};
}

LedgerParse parse_ledger_fields(const LedgerFields& fields) {
  const auto& names = ledger_field_names();
  LedgerParse unknown;
  for (const auto& [name, value] : fields) {
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      unknown.errors.push_back({2, name, "'" + name + "' is not a ledger field"});
    }
  }
  // The safety fields have no default (ledger_csv.h): a form or client that leaves one out is
  // told so, rather than the entry being taken as unlimited and not suspended.
  for (const char* safety : {"valid_from", "valid_until", "suspended"}) {
    if (!fields.count(safety)) {
      unknown.errors.push_back({2, safety,
                                "field '" + std::string(safety) +
                                    "' is missing; send it (empty for no limit / not suspended)"});
    }
  }
  if (!unknown.errors.empty()) return unknown;
  std::vector<std::string> header, row;
  for (const auto& [name, value] : fields) {
    header.push_back(name);
    row.push_back(value);
  }
  return parse_ledger_records({header, row}, {1, 2});
}

}  // namespace gate::host
