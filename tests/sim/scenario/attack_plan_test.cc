// When the attacker strikes (sim/scenario/attack_plan.h): rates per simulated hour, inside the
// window, lanes in turn, the same plan for the same seed.
#include "sim/scenario/attack_plan.h"

#include <gtest/gtest.h>

#include <map>

#include "sim/scenario/scenario_file.h"
#include "sim/scenario/scenario_time.h"
#include "sim/scenario/traffic_generator.h"

namespace gate::sim {
namespace {

gate::v1::Scenario scenario(double forged, double replayed, double foreign, uint64_t seed) {
  gate::v1::Scenario s;
  s.set_start("2026-12-01 07:00");
  s.set_duration_hours(100);
  s.set_seed(seed);
  s.mutable_attacker()->set_forged_per_hour(forged);
  s.mutable_attacker()->set_replayed_per_hour(replayed);
  s.mutable_attacker()->set_foreign_per_hour(foreign);
  return s;
}

TEST(AttackPlan, RatesWindowAndLanes) {
  const auto plan = plan_attacks(scenario(30, 10, 0, 7), {"L1", "L2"});
  std::map<AttackKind, int> per_kind;
  std::map<std::string, int> per_lane;
  const int64_t start = (*parse_scenario_time("2026-12-01 07:00") - kLocalUtcOffsetSeconds) * 1000;
  int64_t previous = 0;
  for (const auto& a : plan) {
    ++per_kind[a.kind];
    ++per_lane[a.lane_id];
    EXPECT_GE(a.time_unix_ms, start);
    EXPECT_LT(a.time_unix_ms, start + 100 * 3600 * 1000LL);
    EXPECT_GE(a.time_unix_ms, previous);  // in time order
    previous = a.time_unix_ms;
  }
  // 100 hours: about 3000 forged (sd ~55) and 1000 replayed (sd ~32), none foreign.
  EXPECT_NEAR(per_kind[AttackKind::kForged], 3000, 250);
  EXPECT_NEAR(per_kind[AttackKind::kReplayed], 1000, 150);
  EXPECT_EQ(per_kind[AttackKind::kForeign], 0);
  // Lanes in turn per kind: the two lanes differ by at most one per kind.
  EXPECT_LE(std::abs(per_lane["L1"] - per_lane["L2"]), 2);
}

TEST(AttackPlan, SameSeedSamePlanOtherSeedOtherPlan) {
  const auto a = plan_attacks(scenario(5, 5, 5, 1), {"L1"});
  const auto b = plan_attacks(scenario(5, 5, 5, 1), {"L1"});
  const auto c = plan_attacks(scenario(5, 5, 5, 2), {"L1"});
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].time_unix_ms, b[i].time_unix_ms);
  ASSERT_FALSE(c.empty());
  EXPECT_TRUE(a.size() != c.size() || a.front().time_unix_ms != c.front().time_unix_ms);
}

TEST(AttackPlan, NothingWithoutAttackerOrLanes) {
  EXPECT_TRUE(plan_attacks(scenario(5, 5, 5, 1), {}).empty());
  gate::v1::Scenario none = scenario(0, 0, 0, 1);
  none.clear_attacker();
  EXPECT_TRUE(plan_attacks(none, {"L1"}).empty());
}

}  // namespace
}  // namespace gate::sim
