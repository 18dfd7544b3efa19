// The gate's side of the plant-wide share (plant_share_leases.h): what it takes as settled at
// start, after a settlement, after a lost answer and on another day, and its /metrics lines.
#include "firmware-host/plant/plant_share_leases.h"

#include <gtest/gtest.h>

namespace gate::host {
namespace {

rules::CompiledShareRule green() {
  rules::CompiledShareRule r;
  r.counter = "green";
  r.target_bp = 6000;
  r.mode = gate::v1::SHARE_MODE_STRICT;
  return r;
}

PlantShareRound round_of(std::map<int64_t, rules::ShareCount> releases, int64_t asked) {
  PlantShareRound round;
  round.today = "2026-12-07";
  round.rules[round.today] = {green()};
  round.requested_trucks = asked;
  for (const auto& [seq, c] : releases) round.releases[seq] = {round.today, {{"green", c}}};
  return round;
}

TEST(PlantShareLeasesTest, AtStartTheDaysReleasesCountAsReportedWithNoAllowance) {
  PlantShareLeases leases;
  leases.begin("2026-12-07", {{"green", {10, 7}}});
  const PlantLeases l = leases.leases("2026-12-07");
  ASSERT_EQ(l.count("green"), 1u);
  EXPECT_EQ(l.at("green").reported.released, 10);
  EXPECT_EQ(l.at("green").allowance_bp, 0);
  EXPECT_TRUE(leases.leases("2026-12-08").empty()) << "another window: nothing settled";
}

TEST(PlantShareLeasesTest, ASettlementReplacesTheLeaseAndANewDayStartsEmpty) {
  PlantShareLeases leases;
  leases.begin("2026-12-07", {{"green", {10, 7}}});
  PlantShareSettlement s;
  s.day = "2026-12-07";
  s.leases["green"] = {{4, 4}, 12000};
  leases.settled(s);
  EXPECT_EQ(leases.leases("2026-12-07").at("green").reported.released, 4);
  EXPECT_EQ(leases.leases("2026-12-07").at("green").allowance_bp, 12000);
  EXPECT_EQ(leases.settlements(), 1);
  s.day = "2026-12-08";
  s.leases.clear();
  leases.settled(s);
  EXPECT_TRUE(leases.leases("2026-12-08").empty());
  EXPECT_TRUE(leases.leases("2026-12-07").empty());
}

TEST(PlantShareLeasesTest, LostAnswersLowerTheAllowanceOverEverythingSentSinceTheSettlement) {
  PlantShareLeases leases;
  PlantShareSettlement s;
  s.day = "2026-12-07";
  s.leases["green"] = {{0, 0}, 18000};
  leases.settled(s);
  // Two green sent (slack 8000), answer lost: min(18000, 18000 - 8000).
  leases.uncertain(round_of({{1, {1, 1}}, {2, {1, 1}}}, 3), {1, 2});
  EXPECT_EQ(leases.leases("2026-12-07").at("green").allowance_bp, 10000);
  EXPECT_EQ(leases.leases("2026-12-07").at("green").reported.released, 0) << "old report kept";
  // Sent again with one more green: counted once each, 3 x 4000 = 12000.
  leases.uncertain(round_of({{1, {1, 1}}, {2, {1, 1}}, {3, {1, 1}}}, 3), {1, 2, 3});
  EXPECT_EQ(leases.leases("2026-12-07").at("green").allowance_bp, 18000 - 12000);
}

TEST(PlantShareLeasesTest, MetricsNameEachCounter) {
  PlantLeases l;
  l["green"] = {{12, 9}, 5000};
  const std::string m = render_plant_share_metrics(l, 42);
  EXPECT_NE(m.find("gate_plant_share_settlements_total 42\n"), std::string::npos) << m;
  EXPECT_NE(m.find("gate_plant_share_allowance_bp{counter=\"green\"} 5000\n"), std::string::npos);
  EXPECT_NE(m.find("gate_plant_share_counted_releases{counter=\"green\"} 12\n"), std::string::npos);
}

}  // namespace
}  // namespace gate::host
