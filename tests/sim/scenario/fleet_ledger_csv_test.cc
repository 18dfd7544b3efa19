// The simulated fleet's ledger: VINs with correct check digits, and CSV text that the host's
// own ledger parser (the one behind `gatectl ledger import`) accepts row for row.
#include "sim/scenario/fleet_ledger_csv.h"

#include <gtest/gtest.h>

#include <string>

#include "firmware-host/ledger/ledger_csv.h"
#include "rules/vin.h"
#include "sim/scenario/scenario_file.h"

namespace gate::sim {
namespace {

gate::v1::Scenario steel_week() {
  auto r = load_scenario(std::string(GATE_SOURCE_DIR) + "/sim/scenarios/steel-week.textproto");
  EXPECT_TRUE(r.ok()) << r.error();
  return r.value();
}

TEST(FleetLedgerCsv, VinsHaveCorrectCheckDigits) {
  SimRandom rng(3);
  for (int i = 0; i < 10000; ++i) {
    const std::string vin = make_vin(rng);
    ASSERT_TRUE(rules::validate_vin(vin).ok()) << vin << ": " << rules::validate_vin(vin).message();
  }
}

TEST(FleetLedgerCsv, HostParserAcceptsEveryRowOfTheOnLedgerVehicles) {
  const gate::v1::Scenario s = steel_week();
  SimRandom rng(s.seed());
  const std::vector<SimVehicle> fleet = generate_fleet(s, rng);
  const std::string csv = fleet_ledger_csv(s, fleet);
  EXPECT_EQ(csv, fleet_ledger_csv(s, fleet));  // deterministic

  const host::LedgerParse parsed = host::parse_ledger_csv(csv);
  for (const auto& e : parsed.errors) ADD_FAILURE() << host::format_row_error("ledger.csv", e);
  std::vector<const SimVehicle*> on_ledger;
  for (const SimVehicle& v : fleet) {
    if (v.on_ledger) on_ledger.push_back(&v);
  }
  EXPECT_LT(on_ledger.size(), fleet.size());  // off_ledger_share 0.01
  ASSERT_EQ(parsed.vehicles.size(), on_ledger.size());
  for (std::size_t i = 0; i < on_ledger.size(); ++i) {
    const gate::v1::Vehicle& got = parsed.vehicles[i];
    const SimVehicle& want = *on_ledger[i];
    EXPECT_EQ(got.plate(), want.plate);
    EXPECT_EQ(got.plate_color(), want.plate_color);
    EXPECT_EQ(got.vehicle_class(), want.vehicle_class);
    EXPECT_EQ(got.emission_stage(), want.stage);
    EXPECT_EQ(got.fuel_type(), want.fuel);
    EXPECT_TRUE(rules::validate_vin(got.vin()).ok()) << got.vin();
    EXPECT_FALSE(got.suspended());
    EXPECT_LT(got.valid_from(), "2026-11-23");
    EXPECT_GT(got.valid_until(), "2026-11-30");
  }
}

TEST(FleetLedgerCsv, ExcessEmissionListHoldsTheListedPlates) {
  const gate::v1::Scenario s = steel_week();
  SimRandom rng(s.seed());
  const std::vector<SimVehicle> fleet = generate_fleet(s, rng);
  const std::vector<std::string> list = excess_emission_list(fleet);
  std::size_t listed = 0;
  for (const SimVehicle& v : fleet) listed += v.excess_emission_listed ? 1 : 0;
  EXPECT_EQ(list.size(), listed);
  EXPECT_GT(listed, 0u);  // 0.2 % of ~16,000 vehicles
  EXPECT_LT(listed, fleet.size() / 100);
  for (const std::string& p : list) {
    bool found = false;
    for (const SimVehicle& v : fleet) found = found || (v.plate == p && v.excess_emission_listed);
    EXPECT_TRUE(found) << p;
  }
}

}  // namespace
}  // namespace gate::sim
