// The conformance judge of ledger replication (docs/plant.md §4 and §6; check plant_ledger):
// every ledger edit the scenario made (at the plant or at a gate) reached every gate's SQLite
// copy, when, and with what lag, and each edited entry ends at every gate as the plant's
// master ledger holds it.
//
// Matching. A gate's vehicle_history rows of a plate are read in id order and matched to the
// plate's edits in the order they were made: at the gate that made an edit, the first later
// row of its own (not written by replication) with the edit's state; at every other gate, the
// first later row written by replication of an edit from the edit's origin ("… at <origin>)")
// with that state. The lag is that row's time (gated's simulated clock) less the edit's; at the
// editing gate it is 0. For an edit made during a plant cut the lag from the cut's end is
// given too. Pure.
#pragma once

#include "drivers/clock/simulation_clock.h"
#include "sim/conformance/conformance.h"
#include "sim/conformance/scenario_runner.h"

namespace gate::sim {

// The check "plant_ledger"; `figures` gets every edit's arrival at every gate. Fails when an
// edit could not be made, did not reach a gate, or an entry ends at a gate otherwise than in
// the plant's master ledger. Run only for a scenario whose plant has ledger edits.
CheckResult judge_plant_ledger(const PlantRun& run, const std::vector<std::string>& gates,
                               const drivers::SimulationClock& clock, PlantLedgerFigures& figures);

}  // namespace gate::sim
