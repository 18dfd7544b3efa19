// The plant-wide share (rules/plant_share.h): the exact boundaries of the plant's admission, a
// cut gate's admission and the allowance the plant can grant; then three gates with different
// traffic through a day of random cuts, where the plant-wide inequality must hold after every
// truck and fewer trucks are held than when each gate keeps the share on its own.
#include "rules/plant_share.h"

#include <gtest/gtest.h>

#include <array>
#include <random>

namespace gate::rules {
namespace {

CompiledShareRule rule(int64_t target_bp, gate::v1::ShareMode mode, int64_t opening = 0) {
  CompiledShareRule r;
  r.counter = "green";
  r.target_bp = target_bp;
  r.target_percent = static_cast<double>(target_bp) / 100;
  r.mode = mode;
  r.opening_allowance = opening;
  return r;
}

TEST(PlantShareTest, ThePlantAdmitsOnlyWhatLeavesRoomForTheGrantedAllowances) {
  const auto r = rule(7000, gate::v1::SHARE_MODE_STRICT);
  const ShareCount seven_of_nine{9, 7};  // one more diesel: 7 of 10 = 70 % exactly
  EXPECT_EQ(share_slack(r, seven_of_nine), 7 * 3000 - 2 * 7000);
  EXPECT_TRUE(plant_admits_non_qualifying(r, seven_of_nine, 0, 0));
  EXPECT_FALSE(plant_admits_non_qualifying(r, seven_of_nine, 0, 1)) << "granted to a gate";
  EXPECT_FALSE(plant_admits_non_qualifying(r, seven_of_nine, 1, 0)) << "called from a queue";
  EXPECT_EQ(grantable_allowance(r, seven_of_nine, 0, 0), 1);
  EXPECT_EQ(grantable_allowance(r, seven_of_nine, 0, 1), 0);
  EXPECT_EQ(grantable_allowance(r, {0, 0}, 0, 0), 0);
  // Strict mode agrees with the single-gate rule when nothing is granted.
  for (int64_t q = 0; q < 40; ++q) {
    for (int64_t n = 0; n < 40; ++n) {
      EXPECT_EQ(plant_admits_non_qualifying(r, {q + n, q}, 0, 0),
                admits_non_qualifying(r, {q + n, q}, 0))
          << q << " " << n;
    }
  }
}

TEST(PlantShareTest, ACutGateSpendsItsAllowanceThenEarnsRoomWithQualifyingTrucks) {
  const auto r = rule(7000, gate::v1::SHARE_MODE_STRICT);
  EXPECT_FALSE(cut_gate_admits_non_qualifying(r, {0, 0}, 0)) << "no allowance, nothing earned";
  EXPECT_TRUE(cut_gate_admits_non_qualifying(r, {0, 0}, 2));
  EXPECT_TRUE(cut_gate_admits_non_qualifying(r, {1, 0}, 2));
  EXPECT_FALSE(cut_gate_admits_non_qualifying(r, {2, 0}, 2)) << "allowance spent";
  // 7 green trucks since the cut earn 3 diesel (7 of 10 = 70 %), with no allowance.
  EXPECT_TRUE(cut_gate_admits_non_qualifying(r, {9, 7}, 0));
  EXPECT_FALSE(cut_gate_admits_non_qualifying(r, {10, 7}, 0));
  // The opening allowance of a budget rule is the plant's: a cut gate does not get it again.
  const auto budget = rule(7000, gate::v1::SHARE_MODE_BUDGET, 5);
  EXPECT_FALSE(cut_gate_admits_non_qualifying(budget, {0, 0}, 0));
  EXPECT_TRUE(plant_admits_non_qualifying(budget, {0, 0}, 0, 0));
  EXPECT_EQ(grantable_allowance(budget, {0, 0}, 0, 0), 5);
}

TEST(PlantShareTest, ReportModeAndAZeroTargetHoldNothing) {
  const auto report = rule(7000, gate::v1::SHARE_MODE_REPORT);
  EXPECT_TRUE(plant_admits_non_qualifying(report, {10, 0}, 3, 3));
  EXPECT_TRUE(cut_gate_admits_non_qualifying(report, {10, 0}, 0));
  EXPECT_EQ(grantable_allowance(report, {10, 0}, 0, 0), -1);
  const auto zero = rule(0, gate::v1::SHARE_MODE_STRICT);
  EXPECT_TRUE(cut_gate_admits_non_qualifying(zero, {10, 0}, 0));
  EXPECT_EQ(grantable_allowance(zero, {10, 0}, 0, 0), -1);
}

// One plant of three gates through a day: each gate connected or cut off at random, holding an
// allowance topped up to `kTopUp` while connected, settling on reconnection.
struct Gate {
  uint32_t green_per_100 = 0;  // share of qualifying trucks in its traffic
  bool connected = true;
  ShareCount since_cut;
  int64_t allowance = 0;
  ShareCount own;  // the gate-by-gate rule's tally
};

Gate with_green(uint32_t per_100) {
  Gate g;
  g.green_per_100 = per_100;
  return g;
}

struct PlantDay {
  explicit PlantDay(CompiledShareRule r) : rule(std::move(r)) {}
  static constexpr int64_t kTopUp = 2;
  CompiledShareRule rule;
  ShareCount plant;  // what the plant has recorded
  int64_t granted = 0;
  std::array<Gate, 3> gates{with_green(15), with_green(90),
                            with_green(50)};  // coal, product, raw material
  int64_t held_plant_wide = 0, held_gate_by_gate = 0;

  ShareCount all_releases() const {
    ShareCount all = plant;
    for (const auto& g : gates) {
      all.released += g.since_cut.released;
      all.qualifying += g.since_cut.qualifying;
    }
    return all;
  }
  void top_up(Gate& g) {
    const int64_t can = grantable_allowance(rule, plant, 0, granted);
    const int64_t add = std::min(kTopUp - g.allowance, can < 0 ? kTopUp : can);
    if (add <= 0) return;
    g.allowance += add;
    granted += add;
  }
  void reconnect(Gate& g) {
    plant.released += g.since_cut.released;
    plant.qualifying += g.since_cut.qualifying;
    granted -= g.allowance;
    g = Gate{g.green_per_100, true, {}, 0, g.own};
    top_up(g);
  }
  void truck(Gate& g, bool green) {
    const bool own_admits = green || admits_non_qualifying(rule, g.own, 0);
    held_gate_by_gate += own_admits ? 0 : 1;
    if (own_admits) g.own = {g.own.released + 1, g.own.qualifying + (green ? 1 : 0)};
    ShareCount& tally = g.connected ? plant : g.since_cut;
    const bool admits =
        green || (g.connected ? plant_admits_non_qualifying(rule, plant, 0, granted)
                              : cut_gate_admits_non_qualifying(rule, g.since_cut, g.allowance));
    if (!admits) {
      ++held_plant_wide;
      return;
    }
    tally = {tally.released + 1, tally.qualifying + (green ? 1 : 0)};
  }
};

void run_day(PlantDay& day, uint32_t seed) {
  std::mt19937 random(seed);
  for (auto& g : day.gates) day.top_up(g);
  for (int step = 0; step < 3000; ++step) {
    Gate& g = day.gates[random() % 3];
    const uint32_t roll = random() % 100;
    if (roll < 2) {
      if (g.connected) {
        g.connected = false;
      } else {
        day.reconnect(g);
      }
      continue;
    }
    day.truck(g, random() % 100 < g.green_per_100);
    if (g.connected) day.top_up(g);
    const ShareCount all = day.all_releases();
    ASSERT_GE(share_slack(day.rule, all), 0)
        << "plant-wide " << all.qualifying << " of " << all.released << " after step " << step
        << " (seed " << seed << ")";
  }
}

TEST(PlantShareTest, ThreeGatesWithRandomCutsNeverBreakThePlantWideShare) {
  for (const auto mode : {gate::v1::SHARE_MODE_STRICT, gate::v1::SHARE_MODE_BUDGET}) {
    for (uint32_t seed = 1; seed <= 20; ++seed) {
      PlantDay day(rule(6000, mode, mode == gate::v1::SHARE_MODE_BUDGET ? 10 : 0));
      run_day(day, seed);
      if (HasFatalFailure()) return;
      // The coal gate's diesel trucks use the room the product gate's electric ones earn.
      EXPECT_LT(day.held_plant_wide, day.held_gate_by_gate) << "seed " << seed;
    }
  }
}

}  // namespace
}  // namespace gate::rules
