// The conformance judge of the plant-wide share (docs/plant.md §3 and §6; check plant_share):
// from the passages of all the plant's gates, ordered by time, for every share window day and
// share rule that holds trucks (strict or budget mode):
//
// - the plant-wide inequality held after every release: the slack of the plant's releases so
//   far (rules::share_slack) never went negative, cut or no cut; a negative slack is a gate that
//   over-admitted (e.g. one cut off from the plant admitting beyond its releases since its
//   settlement and its allowance);
// - the day ended at or above the target (slack >= 0 over the day's final releases);
// - the trucks each gate held (VERDICT_HOLD), against those the gate-by-gate rule would have
//   held: each gate's own decided trucks replayed in time order through
//   rules::admits_non_qualifying on that gate's own releases. Either way a held truck is
//   modelled as not coming back (the simulator's trucks leave when the boom stays down).
//
// Counting. A gate counts a release at its decision and takes it out if the truck did not pass.
// So the running check counts a qualifying truck from its PASS (as the gate did when it
// admitted others on its strength) and a non-qualifying one only if it was released (outcome
// pending, passed or unconfirmed); the day's end counts the final releases. A plate in no
// ledger is not in the share's population here. Pure.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "rules/policy_engine.h"
#include "sim/conformance/conformance.h"
#include "sim/conformance/vehicle_check_judge.h"

namespace gate::sim {

// [from, until) in unix ms, simulated time.
using PlantCutWindows = std::vector<std::pair<int64_t, int64_t>>;

// The check "plant_share"; `figures` gets the days and the per-gate held counts. Run only for
// a scenario whose plant keeps the share plant-wide.
CheckResult judge_plant_share(const std::vector<GatePassage>& passages,
                              const rules::PolicyEngine& engine, const LedgerLookup& ledger,
                              const PlantCutWindows& cuts, PlantShareFigures& figures);

}  // namespace gate::sim
