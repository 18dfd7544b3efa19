// The conformance checks of a scenario run: what the inspector's report says, each
// check pass/fail with its evidence. Pure: computed from the scenario, what the run observed
// (scenario_runner.h) and what the rules say each truck must get (expected_decisions.h).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "gate/v1/scenario.pb.h"
#include "rules/policy_engine.h"
#include "sim/conformance/expected_decisions.h"
#include "sim/conformance/scenario_runner.h"

namespace gate::sim {

struct CheckResult {
  std::string id;     // stable: "openings_recorded", "decisions_match_policy", …
  std::string title;  // for people: "Every barrier opening had a record"
  bool passed = false;
  bool informational = false;  // shown, never fails the run
  std::string summary;         // one line of evidence: "412 openings, 412 with a pass record"
  std::vector<std::string> evidence;  // details, e.g. every mismatch (capped)
};

struct Mismatch {
  std::string lane, plate, time;  // local time of the camera event
  std::string expected, expected_rule, actual, actual_rule;
};

struct DayFigures {
  std::string date;
  std::string alert;  // highest level in force that day: none/yellow/orange/red
  int arrived = 0, decided = 0, passed = 0, refused = 0, held = 0;
  int entered = 0, entered_green = 0;  // drove through; of them new-energy (share counter)
  double share_percent = 0, target_percent = 0;
  std::string share_mode;  // report/strict/budget, "" when no share rule applies
};

struct LatencyFigures {
  int samples = 0;
  double p50_ms = 0, p90_ms = 0, p99_ms = 0, max_ms = 0;
  std::vector<int> histogram;  // counts per 1 ms bucket, 0..49, last = 50 ms and over
};

// What gated answered the attacker's events of one kind.
struct AttackFigures {
  std::string kind;  // "forged", "replayed", "foreign"
  int sent = 0;
  std::map<int, int> by_status;  // HTTP status → events; 0 = no answer
};

// One lane's camera and what became of its trucks.
struct LaneFigures {
  std::string lane, camera;  // camera: "vzenith", "hikvision", "dahua"
  int trucks = 0, pushed = 0, decided = 0, opened = 0;
};

// What the platform's vehicle check did in the run (judged only where the profile has one).
struct VehicleCheckFigures {
  bool judged = false;
  std::string degraded_mode;    // the profile's: "local" or "refuse"
  int64_t deadline_ms = 0;      // the profile's, on the gate's clock
  int64_t slack_ms = 0;         // what a check may take beyond it (see vehicle_check_judge.h)
  int passages = 0;             // the gates' passages, every one with a check
  int answered = 0;             // check status answered
  int serials = 0;              // of them with the platform's serial recorded
  int refused_by_platform = 0;  // answered "may not pass" and refused under platform.check
  int refused_locally = 0;      // answered "may not pass", the local rules' refusal stood
  int degraded = 0;             // status unavailable: decided in the profile's degraded mode
  int degraded_refused = 0;     // of them refused under platform.unreachable
  int mismatches = 0;           // ledger mismatches recorded (the platform a stage lower)
  int silent = 0;               // passages without a check status (must be none)
  int unapplied_answers = 0;    // the platform's answers no passage carries (late or lost)
  int alarms_raised = 0, alarms_cleared = 0;  // gated's check ALARM lines, all gates
  int64_t max_latency_ms = 0;                 // read to answer or deadline, gate's clock
  int wrong = 0;                              // findings that fail the check
};

// The plant-wide share of a scenario with a plant (judged by plant_share_judge.h).
struct PlantShareDay {
  std::string date, rule, mode;          // share window day, rule id, "strict"/"budget"
  int64_t released = 0, qualifying = 0;  // the plant's releases that day (all gates)
  double share_percent = 0, target_percent = 0;
  int64_t lowest_slack_bp = 0;  // lowest plant-wide slack after a release that day
  bool held = false;            // the share met the target at the end of the day, never below
};

// One gate's trucks held, plant-wide as played and by the gate-by-gate rule replayed.
struct PlantShareGate {
  std::string gate;
  int decided = 0;                 // passages
  int released = 0;                // of them released into the plant (share population)
  int non_qualifying = 0;          // of them non-qualifying
  int non_qualifying_in_cuts = 0;  // … admitted while the plant network was cut
  int held = 0;                    // VERDICT_HOLD, plant-wide share
  int held_gate_by_gate = 0;       // held had the gate kept the share on its own releases
};

struct PlantShareFigures {
  bool judged = false;
  std::vector<PlantShareDay> days;
  std::vector<PlantShareGate> gates;
  int held = 0, held_gate_by_gate = 0;  // all gates
  int over_admissions = 0;              // releases after which the plant's slack was negative
};

// When one ledger edit reached one gate's SQLite copy.
struct PlantLedgerArrival {
  std::string gate;
  bool reached = false;
  int64_t at_unix_ms = 0;                   // simulated time of the gate's history row
  int64_t lag_sim_ms = 0, lag_real_ms = 0;  // from the edit (0 at the gate that made it)
  // For an edit made during a plant cut, from the cut's end (the server started again); -1
  // otherwise.
  int64_t after_cut_sim_ms = -1, after_cut_real_ms = -1;
  bool final_state_matches = false;  // the gate's entry ends as the plant's master
};

struct PlantLedgerEdit {
  std::string time, origin, plate, change;  // time: local, simulated; change: suspend/reinstate
  std::string error;                        // the edit could not be made
  std::vector<PlantLedgerArrival> gates;
};

struct PlantLedgerFigures {
  bool judged = false;
  std::vector<PlantLedgerEdit> edits;
};

struct ConformanceReport {
  std::string scenario, description, policy;
  std::string platform;               // the platform (profile) the gate was judged against
  std::vector<std::string> left_out;  // parts of the scenario that platform could not play
  bool passed = false;
  std::vector<CheckResult> checks;
  std::vector<Mismatch> mismatches;
  std::vector<DayFigures> days;
  LatencyFigures latency;
  int trucks = 0, pushed = 0, opened = 0, tailgaters = 0, backed_out = 0;
  double real_seconds = 0, trucks_per_second = 0, speed = 0;
  int64_t records = 0, backfill = 0;
  double within_60s_percent = 0;
  std::vector<std::string> faults;
  std::vector<std::string> problems;
  std::vector<AttackFigures> attacks;  // the kinds the scenario's attacker sent, in kind order
  int attacks_not_sent = 0;
  std::vector<LaneFigures> lanes;
  VehicleCheckFigures vehicle_checks;
  PlantShareFigures plant_share;
  PlantLedgerFigures plant_ledger;
};

ConformanceReport check_conformance(const gate::v1::Scenario& scenario,
                                    const ScenarioObservation& observation,
                                    const rules::PolicyEngine& engine,
                                    const DecisionOracle& oracle);

}  // namespace gate::sim
