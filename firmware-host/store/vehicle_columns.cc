#include "firmware-host/store/vehicle_columns.h"

#include <array>
#include <string_view>

#include "rules/ledger_columns.h"

namespace gate::host {
namespace {

using gate::v1::Vehicle;

// How each ledger column is written and read back; its place in this table is its place in
// rules::kLedgerColumns, which the static_assert below holds to.
struct ColumnCodec {
  std::string_view name;
  SqlValue (*write)(const Vehicle&);
  void (*read)(const Statement&, int, Vehicle&);
};

template <typename Enum>
Enum as(const Statement& s, int col) {
  return static_cast<Enum>(s.int64(col));
}

constexpr std::array<ColumnCodec, 22> kCodecs = {{
    {"plate", [](const Vehicle& v) -> SqlValue { return v.plate(); },
     [](const Statement& s, int c, Vehicle& v) { v.set_plate(s.text(c)); }},
    {"plate_color", [](const Vehicle& v) -> SqlValue { return int64_t{v.plate_color()}; },
     [](const Statement& s, int c, Vehicle& v) {
       v.set_plate_color(as<gate::v1::PlateColor>(s, c));
     }},
    {"vehicle_class", [](const Vehicle& v) -> SqlValue { return int64_t{v.vehicle_class()}; },
     [](const Statement& s, int c, Vehicle& v) {
       v.set_vehicle_class(as<gate::v1::VehicleClass>(s, c));
     }},
    {"vin", [](const Vehicle& v) -> SqlValue { return v.vin(); },
     [](const Statement& s, int c, Vehicle& v) { v.set_vin(s.text(c)); }},
    {"engine_no", [](const Vehicle& v) -> SqlValue { return v.engine_no(); },
     [](const Statement& s, int c, Vehicle& v) { v.set_engine_no(s.text(c)); }},
    {"registration_date", [](const Vehicle& v) -> SqlValue { return v.registration_date(); },
     [](const Statement& s, int c, Vehicle& v) { v.set_registration_date(s.text(c)); }},
    {"emission_stage", [](const Vehicle& v) -> SqlValue { return int64_t{v.emission_stage()}; },
     [](const Statement& s, int c, Vehicle& v) {
       v.set_emission_stage(as<gate::v1::EmissionStage>(s, c));
     }},
    {"fuel_type", [](const Vehicle& v) -> SqlValue { return int64_t{v.fuel_type()}; },
     [](const Statement& s, int c, Vehicle& v) { v.set_fuel_type(as<gate::v1::FuelType>(s, c)); }},
    {"vehicle_type", [](const Vehicle& v) -> SqlValue { return v.vehicle_type(); },
     [](const Statement& s, int c, Vehicle& v) { v.set_vehicle_type(s.text(c)); }},
    {"use", [](const Vehicle& v) -> SqlValue { return v.use(); },
     [](const Statement& s, int c, Vehicle& v) { v.set_use(s.text(c)); }},
    {"fleet", [](const Vehicle& v) -> SqlValue { return v.fleet(); },
     [](const Statement& s, int c, Vehicle& v) { v.set_fleet(s.text(c)); }},
    {"owner", [](const Vehicle& v) -> SqlValue { return v.owner(); },
     [](const Statement& s, int c, Vehicle& v) { v.set_owner(s.text(c)); }},
    {"registration_code", [](const Vehicle& v) -> SqlValue { return v.registration_code(); },
     [](const Statement& s, int c, Vehicle& v) { v.set_registration_code(s.text(c)); }},
    {"valid_from", [](const Vehicle& v) -> SqlValue { return v.valid_from(); },
     [](const Statement& s, int c, Vehicle& v) { v.set_valid_from(s.text(c)); }},
    {"valid_until", [](const Vehicle& v) -> SqlValue { return v.valid_until(); },
     [](const Statement& s, int c, Vehicle& v) { v.set_valid_until(s.text(c)); }},
    {"suspended", [](const Vehicle& v) -> SqlValue { return int64_t{v.suspended() ? 1 : 0}; },
     [](const Statement& s, int c, Vehicle& v) { v.set_suspended(s.int64(c) != 0); }},
    {"exemption", [](const Vehicle& v) -> SqlValue { return int64_t{v.exemption()}; },
     [](const Statement& s, int c, Vehicle& v) {
       v.set_exemption(as<gate::v1::ExemptionKind>(s, c));
     }},
    {"exemption_basis", [](const Vehicle& v) -> SqlValue { return v.exemption_basis(); },
     [](const Statement& s, int c, Vehicle& v) { v.set_exemption_basis(s.text(c)); }},
    {"exemption_until", [](const Vehicle& v) -> SqlValue { return v.exemption_until(); },
     [](const Statement& s, int c, Vehicle& v) { v.set_exemption_until(s.text(c)); }},
    {"machinery_registration",
     [](const Vehicle& v) -> SqlValue { return int64_t{v.machinery_registration()}; },
     [](const Statement& s, int c, Vehicle& v) {
       v.set_machinery_registration(as<gate::v1::MachineryRegistration>(s, c));
     }},
    {"test_report_valid_until",
     [](const Vehicle& v) -> SqlValue { return v.test_report_valid_until(); },
     [](const Statement& s, int c, Vehicle& v) { v.set_test_report_valid_until(s.text(c)); }},
    {"positioning", [](const Vehicle& v) -> SqlValue { return int64_t{v.positioning()}; },
     [](const Statement& s, int c, Vehicle& v) {
       v.set_positioning(as<gate::v1::PositioningStatus>(s, c));
     }},
}};

constexpr bool codecs_follow_ledger_columns() {
  if (kCodecs.size() != rules::kLedgerColumns.size()) return false;
  for (std::size_t i = 0; i < kCodecs.size(); ++i) {
    if (kCodecs[i].name != rules::kLedgerColumns[i]) return false;
  }
  return true;
}
static_assert(codecs_follow_ledger_columns(),
              "the vehicles table's codecs must follow rules::kLedgerColumns, name by name");

}  // namespace

const std::string& vehicle_column_list() {
  static const std::string kList = [] {
    std::string list;
    for (std::string_view name : rules::kLedgerColumns) {
      list += (list.empty() ? "" : ", ") + std::string(name);
    }
    return list;
  }();
  return kList;
}

std::vector<SqlValue> stored_vehicle_values(const Vehicle& v) {
  std::vector<SqlValue> values;
  values.reserve(kCodecs.size());
  for (const ColumnCodec& codec : kCodecs) values.push_back(codec.write(v));
  return values;
}

Vehicle vehicle_from_columns(const Statement& s, int first_column) {
  Vehicle v;
  for (std::size_t i = 0; i < kCodecs.size(); ++i) {
    kCodecs[i].read(s, first_column + static_cast<int>(i), v);
  }
  return v;
}

}  // namespace gate::host
