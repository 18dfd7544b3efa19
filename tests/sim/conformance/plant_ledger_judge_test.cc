// The plant_ledger judge on hand-made runs of three gates: an edit at the plant and one at a
// gate during a cut, each found at every gate with its lag; a gate without an edit, a final
// state unlike the master's and an edit not made fail the check.
#include "sim/conformance/plant_ledger_judge.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gate::sim {
namespace {

constexpr int64_t kT0 = 1'796'700'000'000;  // a simulated unix ms
const std::vector<std::string> kGates = {"COAL", "PRODUCT", "RAW"};

drivers::SimulationClock clock_x100() {
  drivers::SimulationClock c;
  c.rate = 100;
  c.sim_base_ms = kT0;
  c.real_base_ms = 1'000'000;
  return c;
}

// SUSPEND at the plant at kT0; REINSTATE at RAW 30 simulated minutes later (during a cut),
// reaching the others 40 simulated minutes after it (10 after the cut's end).
PlantRun two_edits_everywhere() {
  const auto clock = clock_x100();
  PlantRun run;
  run.on = true;
  const int64_t t1 = kT0 + 1'800'000;
  run.cuts = {{t1 - 600'000, t1 + 1'800'000}};  // the gate edit falls in it
  run.ledger_edits = {{"豫H0E001", "plant", true, kT0, clock.real_at(kT0), ""},
                      {"豫H0E001", "RAW", false, t1, clock.real_at(t1), ""}};
  for (const auto& g : kGates) {
    auto& rows = run.gate_rows[g]["豫H0E001"];
    rows.push_back({1, kT0 - 3'600'000, "gatectl import", false});
    rows.push_back({2, kT0 + 90'000, "plant r7 (gate-sim at plant)", true});
    if (g == "RAW") {
      rows.push_back({3, kT0 - 10'000'000, "gate-sim: during the cut", false});
    } else {
      rows.push_back({3, t1 + 2'400'000, "plant r9 (gate-sim at RAW)", false});
    }
    run.gate_suspended[g]["豫H0E001"] = false;
  }
  run.master_suspended["豫H0E001"] = false;
  return run;
}

TEST(PlantLedgerJudge, EveryEditFoundAtEveryGateWithItsLag) {
  PlantLedgerFigures f;
  const CheckResult c = judge_plant_ledger(two_edits_everywhere(), kGates, clock_x100(), f);
  EXPECT_TRUE(c.passed) << c.summary;
  EXPECT_EQ(c.id, "plant_ledger");
  ASSERT_EQ(f.edits.size(), 2u);
  EXPECT_EQ(f.edits[0].origin, "plant");
  EXPECT_EQ(f.edits[0].change, "suspend");
  ASSERT_EQ(f.edits[0].gates.size(), 3u);
  for (const auto& a : f.edits[0].gates) {
    EXPECT_TRUE(a.reached) << a.gate;
    EXPECT_EQ(a.lag_sim_ms, 90'000) << a.gate;
    EXPECT_EQ(a.lag_real_ms, 900) << a.gate;  // ×100
    EXPECT_TRUE(a.final_state_matches) << a.gate;
  }
  const auto& reinstated = f.edits[1].gates;
  EXPECT_EQ(reinstated[0].lag_sim_ms, 2'400'000);  // COAL: after the cut
  EXPECT_EQ(reinstated[0].after_cut_sim_ms, 600'000);
  EXPECT_EQ(reinstated[0].after_cut_real_ms, 6'000);
  EXPECT_EQ(f.edits[0].gates[0].after_cut_sim_ms, -1) << "made before the cut";
  EXPECT_EQ(reinstated[2].gate, "RAW");
  EXPECT_TRUE(reinstated[2].reached);
  EXPECT_EQ(reinstated[2].lag_sim_ms, 0) << "in force at the gate that made it";
  EXPECT_NE(c.summary.find("slowest 2400 s simulated, 24000 ms real"), std::string::npos)
      << c.summary;
}

TEST(PlantLedgerJudge, AnEditMissingAtOneGateFails) {
  PlantRun run = two_edits_everywhere();
  run.gate_rows["PRODUCT"]["豫H0E001"].pop_back();  // the gate edit never came
  run.gate_suspended["PRODUCT"]["豫H0E001"] = true;
  PlantLedgerFigures f;
  const CheckResult c = judge_plant_ledger(run, kGates, clock_x100(), f);
  EXPECT_FALSE(c.passed);
  EXPECT_FALSE(f.edits[1].gates[1].reached);
  EXPECT_FALSE(f.edits[1].gates[1].final_state_matches);
  bool named = false;
  for (const auto& e : c.evidence) named = named || e.find("never reached gate PRODUCT") != e.npos;
  EXPECT_TRUE(named) << c.summary;
}

TEST(PlantLedgerJudge, AnEditFromAnotherOriginDoesNotCount) {
  PlantRun run = two_edits_everywhere();
  run.gate_rows["COAL"]["豫H0E001"][2].actor = "plant r9 (gate-sim at PRODUCT)";
  PlantLedgerFigures f;
  EXPECT_FALSE(judge_plant_ledger(run, kGates, clock_x100(), f).passed);
  EXPECT_FALSE(f.edits[1].gates[0].reached);
}

TEST(PlantLedgerJudge, AFinalStateUnlikeTheMastersFails) {
  PlantRun run = two_edits_everywhere();
  run.master_suspended["豫H0E001"] = true;
  PlantLedgerFigures f;
  const CheckResult c = judge_plant_ledger(run, kGates, clock_x100(), f);
  EXPECT_FALSE(c.passed);
  EXPECT_FALSE(f.edits[0].gates[0].final_state_matches);
}

TEST(PlantLedgerJudge, AnEditNotMadeFails) {
  PlantRun run = two_edits_everywhere();
  run.ledger_edits[0].error = "gatectl plant ledger import: connection refused";
  PlantLedgerFigures f;
  const CheckResult c = judge_plant_ledger(run, kGates, clock_x100(), f);
  EXPECT_FALSE(c.passed);
  EXPECT_EQ(f.edits[0].error, "gatectl plant ledger import: connection refused");
}

}  // namespace
}  // namespace gate::sim
