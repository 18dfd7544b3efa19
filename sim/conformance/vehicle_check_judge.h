// The conformance judge of the platform's vehicle check (docs/platform-profiles.md, "Vehicle
// check"; docs/simulator.md, check vehicle_checks): each gate passage's check, as the gate
// recorded it, against what the platform answered (VehicleCheckRun, from the mock platform) and
// what the profile states. Pure.
//
// - every answer was applied: a passage recorded as answered carries an answer the platform
//   gave (by its serial where the profile reads one, else the same plate nearest in time) with
//   the same "may pass"; one the platform would not let pass is refused, under platform.check
//   unless the local rules refused anyway (COMBINE_STRICTEST); its serial is recorded; a
//   platform record a stage away from the ledger is recorded as a ledger mismatch, and none is
//   recorded where they agree;
// - every degraded decision was recorded as such: status unavailable with the profile's degraded
//   mode, and under refuse mode refused (platform.unreachable unless the local rules refused);
// - none was silent: every passage has a check status;
// - none waited beyond the deadline: latency (read to answer or deadline, on the gate's clock)
//   at most deadline + slack (slack_ms below);
// - the ALARM was raised at each gate that decided in degraded mode, and its end logged where
//   an answer came after.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "drivers/clock/simulation_clock.h"
#include "gate/v1/vehicle.pb.h"
#include "sim/conformance/conformance.h"
#include "sim/conformance/expected_decisions.h"
#include "sim/conformance/scenario_runner.h"

namespace gate::sim {

// The gate's record of a passage's vehicle check (`check` of gatectl passages list --format
// json).
struct PassageCheck {
  std::string status;  // "" none made, "answered", "unavailable"
  bool may_pass = false;
  std::string reason, serial, ledger_mismatch, degraded_mode;
  std::string emission_stage;  // the platform's, as the gate recorded it (our code), "" none
  int64_t latency_ms = 0;      // read to answer, or to the deadline, on the gate's clock
};

// Reads an exported `check` (null: status "").
PassageCheck passage_check_of(const nlohmann::json& check);

// A passage as the gate exported it.
struct GatePassage {
  int64_t seq = 0, time_ms = 0;
  std::string gate, lane, plate, decision, rule, outcome;
  PassageCheck check;
  bool used = false;  // matched to a played truck
};

// The profile's deadline is real time: gated waits that long by a real-time timer, and its lane
// counts it on the gate's clock, which runs `rate` times faster in a simulated-time run. So on
// the gate's clock (where the record's latency is) the deadline is deadline_ms × rate, and a
// check may be decided 50 real ms past it: 50 × rate (rate below 1 counts as 1).
int64_t check_deadline_on_gate_clock_ms(int64_t deadline_ms, double rate);
int64_t check_slack_ms(double rate);

// The expectation joined with the check as the gate recorded it (which
// judge_vehicle_checks verifies against the platform): under COMBINE_STRICTEST a platform's
// refusal refuses under platform.check, and under degraded mode refuse no answer refuses under
// platform.unreachable, unless the local rules refuse anyway.
ExpectedDecision with_check(const ExpectedDecision& local, const PassageCheck& check,
                            const VehicleCheckRun& run);

// The ledger entry of a plate as read; nullptr when the plant's ledger has none.
using LedgerLookup = std::function<const gate::v1::Vehicle*(const std::string& plate)>;

// The check "vehicle_checks"; `figures` gets the counts. Run only where `run.on`.
CheckResult judge_vehicle_checks(const std::vector<GatePassage>& passages,
                                 const VehicleCheckRun& run, const drivers::SimulationClock& clock,
                                 const LedgerLookup& ledger, VehicleCheckFigures& figures);

}  // namespace gate::sim
