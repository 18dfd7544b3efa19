// Share arithmetic (rules/share.h): strict, budget and report modes at their exact boundaries,
// and counting released vehicles into the day's tallies.
#include "rules/share.h"

#include <gtest/gtest.h>

#include "tests/rules/policy_fixtures.h"

namespace gate::rules {
namespace {

using namespace gate::rules::testing;

CompiledShareRule rule(double target, gate::v1::ShareMode mode, int64_t allowance = 0) {
  CompiledShareRule r;
  r.counter = "green";
  r.target_percent = target;
  r.target_bp = static_cast<int64_t>(target * 100 + 0.5);
  r.mode = mode;
  r.opening_allowance = allowance;
  r.class_mask = 1u << gate::v1::VEHICLE_CLASS_TRANSPORT;
  r.direction_mask = 1u << gate::v1::DIRECTION_IN;
  return r;
}

TEST(ShareTest, StrictNeverLetsTheShareDropBelowTarget) {
  const auto r = rule(80, gate::v1::SHARE_MODE_STRICT);
  EXPECT_FALSE(admits_non_qualifying(r, {0, 0}, 0));  // 0 of 1 would be 0 %
  EXPECT_FALSE(admits_non_qualifying(r, {3, 3}, 0));  // 3 of 4 = 75 %
  EXPECT_TRUE(admits_non_qualifying(r, {4, 4}, 0));   // 4 of 5 = 80 % exactly
  EXPECT_FALSE(admits_non_qualifying(r, {5, 4}, 0));  // 4 of 6
  EXPECT_FALSE(admits_non_qualifying(r, {4, 4}, 1));  // a called truck takes the room
  // Exhaustively: whenever strict admits, the share after admission is >= target.
  for (int64_t q = 0; q < 60; ++q) {
    for (int64_t n = 0; n < 60; ++n) {
      if (admits_non_qualifying(r, {q + n, q}, 0)) {
        EXPECT_GE(100.0 * q / (q + n + 1), 80.0 - 1e-9) << q << " " << n;
      }
    }
  }
}

TEST(ShareTest, BudgetEarnsOneMinusROverRPerQualifyingTruck) {
  const auto r = rule(80, gate::v1::SHARE_MODE_BUDGET, 2);
  // Each green truck earns 0.25; the allowance is 2.
  EXPECT_TRUE(admits_non_qualifying(r, {0, 0}, 0));
  EXPECT_TRUE(admits_non_qualifying(r, {1, 0}, 0));
  EXPECT_FALSE(admits_non_qualifying(r, {2, 0}, 0));
  EXPECT_FALSE(admits_non_qualifying(r, {5, 3}, 0));  // 2 used, 0.75 earned
  EXPECT_TRUE(admits_non_qualifying(r, {6, 4}, 0));   // 2 used, 1.0 earned
  EXPECT_DOUBLE_EQ(budget_left(r, {6, 4}, 0), 1.0);
  EXPECT_FALSE(admits_non_qualifying(r, {6, 4}, 1));
  const auto r70 = rule(70, gate::v1::SHARE_MODE_BUDGET);
  // 7 green trucks earn exactly 3 (integer arithmetic: no rounding trouble).
  EXPECT_TRUE(admits_non_qualifying(r70, {9, 7}, 0));
  EXPECT_FALSE(admits_non_qualifying(r70, {10, 7}, 0));
}

TEST(ShareTest, ReportModeAndZeroTargetAlwaysAdmit) {
  EXPECT_TRUE(admits_non_qualifying(rule(90, gate::v1::SHARE_MODE_REPORT), {100, 0}, 5));
  EXPECT_TRUE(admits_non_qualifying(rule(0, gate::v1::SHARE_MODE_STRICT), {100, 0}, 5));
  EXPECT_TRUE(admits_non_qualifying(rule(0, gate::v1::SHARE_MODE_BUDGET), {100, 0}, 5));
  EXPECT_FALSE(admits_non_qualifying(rule(100, gate::v1::SHARE_MODE_BUDGET, 1), {5, 4}, 0));
}

TEST(ShareTest, CountReleaseByPopulationAndCounter) {
  auto e = compile(parse_set(R"(id: "t" version: "1" source: "s" rule_sets { id: "a" source: "s"
    share_rules { counter: "green" target_percent: 80 mode: SHARE_MODE_BUDGET counts_as { min_stage: EMISSION_STAGE_ELECTRIC } }
    share_rules { counter: "grade" target_percent: 80 mode: SHARE_MODE_BUDGET counts_as { min_stage: EMISSION_STAGE_CHINA_V } } }
    rule_sets { id: "b" source: "s"
    share_rules { counter: "green" target_percent: 90 mode: SHARE_MODE_BUDGET counts_as { min_stage: EMISSION_STAGE_ELECTRIC } } })"),
                   profile("steel", gate::v1::PERFORMANCE_GRADE_B, false));
  const ActiveRules& r = *e->rules_for("");
  ShareCounts c;
  count_release(r, e->new_energy(), electric(), gate::v1::DIRECTION_IN, +1, c);
  count_release(r, e->new_energy(), diesel(gate::v1::EMISSION_STAGE_CHINA_VI),
                gate::v1::DIRECTION_IN, +1, c);
  count_release(r, e->new_energy(), diesel(gate::v1::EMISSION_STAGE_CHINA_IV),
                gate::v1::DIRECTION_IN, +1, c);
  // Not in the population: an exit, an in-plant vehicle.
  count_release(r, e->new_energy(), diesel(gate::v1::EMISSION_STAGE_CHINA_IV),
                gate::v1::DIRECTION_OUT, +1, c);
  count_release(r, e->new_energy(),
                vehicle(gate::v1::EMISSION_STAGE_CHINA_IV, gate::v1::FUEL_TYPE_DIESEL,
                        gate::v1::VEHICLE_CLASS_IN_PLANT),
                gate::v1::DIRECTION_IN, +1, c);
  EXPECT_EQ(c["green"].released, 3);  // counted once although two rules name "green"
  EXPECT_EQ(c["green"].qualifying, 1);
  EXPECT_EQ(c["grade"].released, 3);
  EXPECT_EQ(c["grade"].qualifying, 2);
  count_release(r, e->new_energy(), electric(), gate::v1::DIRECTION_IN, -1, c);
  EXPECT_EQ(c["green"].released, 2);
  EXPECT_EQ(c["green"].qualifying, 0);
  EXPECT_DOUBLE_EQ(share_percent({0, 0}), 100.0);
}

}  // namespace
}  // namespace gate::rules
