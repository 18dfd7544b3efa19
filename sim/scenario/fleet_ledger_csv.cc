#include "sim/scenario/fleet_ledger_csv.h"

#include <cstdint>
#include <cstdio>
#include <string_view>

#include "rules/codes.h"
#include "rules/csv.h"
#include "rules/display_names.h"
#include "rules/plate_color.h"
#include "rules/vin.h"
#include "sim/scenario/scenario_time.h"

namespace gate::sim {
namespace {

using rules::csv_field;

// Seeds the ledger's stream apart from the fleet's and the arrivals'.
constexpr std::uint64_t kLedgerStream = 0x94D049BB133111EBULL;
constexpr std::string_view kVinAlphabet = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";  // no I, O, Q
constexpr std::int64_t kYearSeconds = 365 * 86400;

// The ledger's class keyword; a vehicle without a class is a transport truck.
std::string class_name(gate::v1::VehicleClass c) {
  const std::string_view key = rules::class_key(c);
  return key.empty() ? "transport" : std::string(key);
}

std::string vehicle_type(gate::v1::VehicleClass c) {
  switch (c) {
    case gate::v1::VEHICLE_CLASS_IN_PLANT:
      return "N1";
    case gate::v1::VEHICLE_CLASS_NON_ROAD_MACHINERY:
      return "loader";
    default:
      return "N3";
  }
}

std::string registration_date(SimRandom& rng) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", 2016 + static_cast<int>(rng.below(9)),
                1 + static_cast<int>(rng.below(12)), 1 + static_cast<int>(rng.below(28)));
  return buf;
}

std::string engine_no(SimRandom& rng) {
  std::string out = "E";
  for (int i = 0; i < 7; ++i) out += static_cast<char>('0' + rng.below(10));
  return out;
}

std::string date_of(std::int64_t local_seconds) {
  return format_scenario_time(local_seconds).substr(0, 10);
}

}  // namespace

std::string make_vin(SimRandom& rng) {
  std::string vin = "LZZ";  // a Chinese manufacturer prefix (WMI)
  while (vin.size() < 17) vin += kVinAlphabet[rng.below(kVinAlphabet.size())];
  vin[8] = rules::vin_check_digit(vin);
  return vin;
}

std::vector<gate::v1::Vehicle> fleet_ledger(const gate::v1::Scenario& s,
                                            const std::vector<SimVehicle>& fleet) {
  SimRandom rng(s.seed() ^ kLedgerStream);
  const std::int64_t start = parse_scenario_time(s.start()).value_or(0);
  const std::string valid_from = date_of(start - kYearSeconds);
  const std::string valid_until =
      date_of(start + std::int64_t{s.duration_hours()} * 3600 + kYearSeconds);
  std::vector<gate::v1::Vehicle> out;
  for (const SimVehicle& sv : fleet) {
    if (!sv.on_ledger) continue;
    gate::v1::Vehicle v;
    v.set_plate(sv.plate);
    v.set_plate_color(sv.plate_color);
    v.set_vehicle_class(sv.vehicle_class);
    v.set_vin(make_vin(rng));
    v.set_engine_no(engine_no(rng));
    v.set_registration_date(registration_date(rng));
    v.set_emission_stage(sv.stage);
    v.set_fuel_type(sv.fuel);
    v.set_vehicle_type(vehicle_type(sv.vehicle_class));
    v.set_use("raw material");
    v.set_fleet("sim fleet");
    v.set_owner(s.name());
    v.set_valid_from(valid_from);
    v.set_valid_until(valid_until);
    out.push_back(std::move(v));
  }
  return out;
}

std::string ledger_csv_header() {
  return "plate,plate_color,vehicle_class,vin,engine_no,registration_date,emission_stage,"
         "fuel_type,vehicle_type,use,fleet,owner,registration_code,valid_from,valid_until,"
         "suspended\n";
}

std::string ledger_csv_row(const gate::v1::Vehicle& v) {
  return v.plate() + ',' + std::string(rules::color_name(v.plate_color())) + ',' +
         class_name(v.vehicle_class()) + ',' + v.vin() + ',' + v.engine_no() + ',' +
         v.registration_date() + ',' + rules::stage_to_code(v.emission_stage()) + ',' +
         rules::fuel_to_code(v.fuel_type()) + ',' + v.vehicle_type() + ',' + v.use() + ',' +
         v.fleet() + ',' + csv_field(v.owner()) + ",," + v.valid_from() + ',' + v.valid_until() +
         (v.suspended() ? ",1\n" : ",0\n");
}

std::string fleet_ledger_csv(const gate::v1::Scenario& s, const std::vector<SimVehicle>& fleet) {
  std::string out = ledger_csv_header();
  for (const gate::v1::Vehicle& v : fleet_ledger(s, fleet)) out += ledger_csv_row(v);
  return out;
}

std::vector<std::string> excess_emission_list(const std::vector<SimVehicle>& fleet) {
  std::vector<std::string> out;
  for (const SimVehicle& v : fleet) {
    if (v.excess_emission_listed) out.push_back(v.plate);
  }
  return out;
}

}  // namespace gate::sim
