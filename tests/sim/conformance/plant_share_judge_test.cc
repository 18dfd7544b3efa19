// The plant-wide share judge (sim/conformance/plant_share_judge.h) on made-up passages of three
// gates under the scenario's strict 50 % green share: releases that keep the plant's slack at or
// above zero pass with each gate's held trucks against the gate-by-gate replay; a gate that
// over-admits (during a cut or not) fails with the truck named; a day whose qualifying trucks
// did not all pass fails at its end.
#include "sim/conformance/plant_share_judge.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "rules/policy_text.h"
#include "sim/scenario/scenario_file.h"
#include "sim/scenario/scenario_time.h"

namespace gate::sim {
namespace {

const std::string kPolicy =
    std::string(GATE_SOURCE_DIR) + "/sim/scenarios/policies/plant-green-50-strict.textproto";

class PlantShareJudgeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream in(kPolicy);
    std::stringstream text;
    text << in.rdbuf();
    auto set = rules::parse_policy_text(text.str(), kPolicy);
    ASSERT_TRUE(set.ok()) << set.error();
    gate::v1::Scenario s;
    s.set_name("t");
    auto engine = rules::PolicyEngine::Compile(set.value(), scenario_enterprise(s));
    ASSERT_TRUE(engine.ok()) << engine.error();
    engine_ = engine.value();
    for (int i = 1; i <= 9; ++i) {
      vehicle(green(i), gate::v1::EMISSION_STAGE_ELECTRIC, gate::v1::FUEL_TYPE_ELECTRIC);
      vehicle(diesel(i), gate::v1::EMISSION_STAGE_CHINA_VI, gate::v1::FUEL_TYPE_DIESEL);
    }
  }

  static std::string green(int i) { return "豫H2000" + std::to_string(i) + "D"; }
  static std::string diesel(int i) { return "豫H3000" + std::to_string(i); }

  void vehicle(const std::string& plate, gate::v1::EmissionStage stage, gate::v1::FuelType fuel) {
    gate::v1::Vehicle& v = ledger_[plate];
    v.set_plate(plate);
    v.set_vehicle_class(gate::v1::VEHICLE_CLASS_TRANSPORT);
    v.set_emission_stage(stage);
    v.set_fuel_type(fuel);
  }

  // A passage at `gate`, `minute` minutes after 10:00 on 2026-12-08.
  void passage(const std::string& gate, int minute, const std::string& plate,
               const std::string& decision, const std::string& outcome = "") {
    GatePassage p;
    p.gate = gate;
    p.lane = gate + "-1";
    p.seq = static_cast<int64_t>(passages_.size()) + 1;
    p.time_ms = start_ms() + int64_t{minute} * 60000;
    p.plate = plate;
    p.decision = decision;
    p.rule = decision == "HOLD" ? "share.green" : "";
    p.outcome = !outcome.empty() ? outcome : decision == "PASS" ? "passed" : "turned_away";
    passages_.push_back(p);
  }

  static int64_t start_ms() {
    // 2026-12-08 10:00 at UTC+8 = 02:00 UTC.
    return (*parse_scenario_time("2026-12-08 10:00") - 8 * 3600) * 1000;
  }

  CheckResult judge(const PlantCutWindows& cuts = {}) {
    LedgerLookup lookup = [this](const std::string& plate) -> const gate::v1::Vehicle* {
      const auto it = ledger_.find(plate);
      return it == ledger_.end() ? nullptr : &it->second;
    };
    return judge_plant_share(passages_, *engine_, lookup, cuts, figures_);
  }

  const PlantShareGate& gate(const std::string& id) const {
    for (const auto& g : figures_.gates) {
      if (g.gate == id) return g;
    }
    static const PlantShareGate none;
    ADD_FAILURE() << "no gate " << id;
    return none;
  }

  std::shared_ptr<const rules::PolicyEngine> engine_;
  std::map<std::string, gate::v1::Vehicle> ledger_;
  std::vector<GatePassage> passages_;
  PlantShareFigures figures_;
};

// The product gate's electric trucks make room for the coal gate's diesel ones: the plant's
// share never drops below 50 %, and the coal gate, which on its own releases would have held
// both its diesel trucks (no green of its own), held none.
TEST_F(PlantShareJudgeTest, DieselAtOneGateOnGreensAtAnotherPassesWithFewerHeld) {
  passage("PRODUCT", 0, green(1), "PASS");
  passage("PRODUCT", 1, green(2), "PASS");
  passage("COAL", 2, diesel(1), "PASS");
  passage("COAL", 3, diesel(2), "PASS");
  passage("COAL", 4, diesel(3), "HOLD");
  passage("RAW", 5, green(3), "PASS");
  passage("RAW", 6, diesel(4), "PASS");
  const CheckResult c = judge();
  EXPECT_TRUE(c.passed) << c.summary;
  EXPECT_EQ(figures_.over_admissions, 0);
  ASSERT_EQ(figures_.days.size(), 1u);
  EXPECT_EQ(figures_.days[0].date, "2026-12-08");
  EXPECT_EQ(figures_.days[0].released, 6);
  EXPECT_EQ(figures_.days[0].qualifying, 3);
  EXPECT_EQ(figures_.days[0].lowest_slack_bp, 0);
  EXPECT_TRUE(figures_.days[0].held);
  EXPECT_EQ(gate("COAL").held, 1);
  EXPECT_EQ(gate("COAL").held_gate_by_gate, 3);
  EXPECT_EQ(gate("COAL").non_qualifying, 2);
  EXPECT_EQ(gate("PRODUCT").held_gate_by_gate, 0);
  EXPECT_EQ(gate("RAW").held_gate_by_gate, 0);
  EXPECT_EQ(figures_.held, 1);
  EXPECT_EQ(figures_.held_gate_by_gate, 3);
  EXPECT_NE(c.summary.find("1 trucks held plant-wide against 3 gate by gate"), std::string::npos)
      << c.summary;
}

// A gate cut off from the plant that admits a diesel truck on room another gate already used
// over-admits: the plant's slack goes negative after it, and the judge names it and the cut.
TEST_F(PlantShareJudgeTest, AGateThatOverAdmitsDuringTheCutFails) {
  passage("PRODUCT", 0, green(1), "PASS");
  passage("COAL", 10, diesel(1), "PASS");
  passage("RAW", 20, diesel(2), "PASS");  // in the cut, on nothing of its own
  passage("PRODUCT", 30, green(2), "PASS");
  const CheckResult c = judge({{start_ms() + 15 * 60000, start_ms() + 25 * 60000}});
  EXPECT_FALSE(c.passed);
  EXPECT_EQ(figures_.over_admissions, 1);
  EXPECT_EQ(gate("RAW").non_qualifying_in_cuts, 1);
  EXPECT_EQ(figures_.days[0].lowest_slack_bp, -5000);
  // The day ends at 50 %: only the running check catches it.
  EXPECT_EQ(figures_.days[0].qualifying * 2, figures_.days[0].released);
  bool named = false;
  for (const auto& e : c.evidence) {
    named |= e.find("OVER-ADMISSION: " + diesel(2) + " at gate RAW") != std::string::npos &&
             e.find("(plant cut)") != std::string::npos;
  }
  EXPECT_TRUE(named) << c.evidence.front();
}

// A green truck the barrier opened for but that did not pass counted when the gate admitted a
// diesel truck on it (the running check accepts that), but the day ends below the target.
TEST_F(PlantShareJudgeTest, ADayEndingBelowTheTargetFails) {
  passage("PRODUCT", 0, green(1), "PASS", "not_passed");
  passage("COAL", 1, diesel(1), "PASS");
  const CheckResult c = judge();
  EXPECT_FALSE(c.passed);
  EXPECT_EQ(figures_.over_admissions, 0);
  ASSERT_EQ(figures_.days.size(), 1u);
  EXPECT_FALSE(figures_.days[0].held);
  EXPECT_EQ(figures_.days[0].released, 1);
  EXPECT_EQ(figures_.days[0].qualifying, 0);
}

// Gate by gate, each gate's own order decides: a diesel truck before any green at its gate is
// held, one after a green passes; a truck held plant-wide that the gate's own releases would
// have admitted is not held gate by gate. A plate in no ledger is held either way.
TEST_F(PlantShareJudgeTest, GateByGateReplaysEachGatesOwnOrder) {
  passage("RAW", 0, diesel(1), "HOLD");
  passage("RAW", 1, green(1), "PASS");
  passage("RAW", 2, diesel(2), "HOLD");  // plant-wide held; on RAW's own green, admitted
  passage("RAW", 3, diesel(3), "HOLD");
  passage("RAW", 4, "豫H99999", "HOLD");
  const CheckResult c = judge();
  EXPECT_TRUE(c.passed) << c.summary;
  EXPECT_EQ(gate("RAW").held, 4);
  EXPECT_EQ(gate("RAW").held_gate_by_gate, 3);  // diesel(1), diesel(3), the unknown plate
  EXPECT_EQ(gate("RAW").released, 1);
}

// Trucks on the next day count in that day's window.
TEST_F(PlantShareJudgeTest, EachShareDayIsJudgedOnItsOwn) {
  passage("PRODUCT", 0, green(1), "PASS");
  passage("COAL", 1, diesel(1), "PASS");
  passage("COAL", 24 * 60, diesel(2), "PASS");  // the next day: nothing released yet
  const CheckResult c = judge();
  EXPECT_FALSE(c.passed);
  ASSERT_EQ(figures_.days.size(), 2u);
  EXPECT_TRUE(figures_.days[0].held);
  EXPECT_EQ(figures_.days[1].date, "2026-12-09");
  EXPECT_FALSE(figures_.days[1].held);
  EXPECT_EQ(figures_.over_admissions, 1);
}

}  // namespace
}  // namespace gate::sim
