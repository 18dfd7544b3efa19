// Plays a scenario (sim/scenario/scenario_file.h) against real gated processes, one per scenario
// gate, through the real protocols only: each lane gets a Modbus TCP barrier module with loop
// detectors and a push camera of the scenario's vendor (Vzenith, Hikvision with Digest, Dahua
// with a path token; sim/devices/vendor_camera.h), the scenario's attacker sends its forged,
// replayed and foreign events (camera_attacker.h), and one mock platform receives the uplink and
// serves the downlink (alert levels, the excess-emission list). gated runs in
// simulation mode (drivers/clock/simulation_clock.h) so that a day passes in minutes; alerts
// and faults are applied at their simulated times. What happened is returned for the
// conformance checks (conformance.h): what each truck did, the barrier coil history, what the
// platform received, and the gate's own passage export from gatectl.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "drivers/clock/simulation_clock.h"
#include "gate/v1/scenario.pb.h"
#include "rules/result.h"
#include "sim/conformance/camera_attacker.h"
#include "sim/devices/barrier_slave.h"
#include "sim/platform/platform_record_db.h"
#include "sim/platform/profile_platform.h"
#include "sim/scenario/traffic_generator.h"

namespace gate::sim {

struct ScenarioRunOptions {
  std::string scenario_path;   // for the policy file path and the report
  std::string out_dir;         // created; the run's configs, databases, logs and report
  std::string gated_path;      // absolute; "" = next to gate-sim
  std::string gatectl_path;    // absolute; "" = next to gate-sim
  double speed = 0;            // simulated seconds per real second; 0 = the scenario's (or 60)
  std::size_t max_trucks = 0;  // play only the first N arrivals (a shortened run); 0 = all
  // For tests of the checks themselves: the gate runs this policy file instead of the
  // scenario's (the simulator still judges by the scenario's), or uploads nowhere.
  std::string gate_policy_override;
  bool gate_without_uplink = false;
  // The gates upload through this platform profile to a platform speaking it strictly
  // (sim/platform/profile_platform.h) instead of to the reference platform; `platform_settings`
  // are the plant's values for both. A profile platform publishes no lists, and alerts only
  // through the profile's policy pull: give a scenario without what it cannot publish
  // (scenario_without_downlink()).
  std::string platform_profile_file;
  std::map<std::string, std::string> platform_settings;
  bool progress = true;  // a line on stdout every few hundred trucks
};

// What one arrival did at its lane.
struct PlayedTruck {
  std::size_t arrival = 0;        // index into SimWorld::arrivals
  bool pushed = false;            // at least one camera event was accepted (HTTP 200)
  int64_t push_sim_ms = 0;        // simulated time of its first camera event
  int64_t push_real_us = 0;       // system time of its first camera event, µs
  bool camera_silent = false;     // not pushed: a camera-silent fault was in force
  bool gate_unreachable = false;  // not pushed: the gate's camera endpoint did not answer
  bool opened = false;            // the barrier opened for it
  double open_latency_ms = -1;    // camera event sent → open coil written (opened only)
  bool tailgated = false;         // a tailgater drove through under its open boom
};

struct FaultApplied {
  std::string what;  // "platform down", "daemon killed", …
  int64_t from_sim_ms = 0;
  int64_t until_sim_ms = 0;
};

// The platform's vehicle check in a run whose profile has one (KIND_VEHICLE_CHECK): what the
// profile states, what the platform answered, and what each gate's log said about it.
struct VehicleCheckRun {
  bool on = false;            // the gates asked the platform before each barrier
  int64_t deadline_ms = 0;    // the profile's, on the gate's clock
  std::string degraded;       // "local" or "refuse": the profile's degraded mode
  bool strictest = true;      // COMBINE_STRICTEST; false: COMBINE_RECORD_ONLY
  bool reads_serial = false;  // the answer carries the platform's serial
  // The emission stages (our codes, "0".."6") the answer can carry: those its stage reading's
  // code table lists; empty when the answer reads no stage.
  std::set<std::string> stage_codes;
  std::vector<AnsweredCheck> answers;  // what the platform answered, in order
  // Per gate id, the log lines of gated's check ALARM (degraded mode began) and of its end.
  std::map<std::string, std::vector<std::string>> alarms_raised, alarms_cleared;
};

// A ledger edit of the scenario (PlantSetup.ledger_edits) as the run made it.
struct LedgerEditMade {
  std::string plate;
  std::string origin;      // the gate id, or "plant"
  bool suspended = false;  // the state the edit sets
  int64_t at_sim_ms = 0;   // when gate-sim started the edit
  int64_t at_real_ms = 0;  // … on the system clock
  std::string error;       // the edit could not be made (gatectl's output)
};

// One row of a gate's vehicle_history for an edited plate, in id order.
struct GateLedgerRow {
  int64_t id = 0;
  int64_t time_unix_ms = 0;  // the writer's clock: gated's (simulated) for replicated rows
  std::string actor;         // "plant r<revision> (<who> at <origin>)" for replicated rows
  bool suspended = false;    // the entry's state after the row
};

// The scenario's plant (Scenario.plant) as the run played it.
struct PlantRun {
  bool on = false;                // the gates pushed to a private PostgreSQL cluster
  bool plant_wide_share = false;  // … and kept the share rules over the plant's releases
  std::vector<std::pair<int64_t, int64_t>> cuts;  // [from, until) simulated unix ms
  std::vector<LedgerEditMade> ledger_edits;       // in the order made
  // Read at the end of the run for every edited plate: gate id → plate → history rows, and
  // the entry's final state at each gate and in the plant's master ledger (absent: no entry).
  std::map<std::string, std::map<std::string, std::vector<GateLedgerRow>>> gate_rows;
  std::map<std::string, std::map<std::string, bool>> gate_suspended;
  std::map<std::string, bool> master_suspended;
};

struct ScenarioObservation {
  SimWorld world;                                         // (arrivals cut to max_trucks)
  std::vector<PlayedTruck> trucks;                        // one per arrival, in arrival order
  std::map<std::string, std::vector<CoilWrite>> coils;    // by lane id
  std::vector<ReceivedRecord> records;                    // what the platform received
  std::map<std::string, std::string> gate_passages_json;  // gate id → gatectl passages export
  std::vector<FaultApplied> faults;
  int daemon_restarts = 0;
  drivers::SimulationClock clock;
  double real_seconds = 0;  // wall time of the traffic (start of first to end of last truck)
  std::string policy_path;  // the policy the simulator judges by
  std::map<std::string, std::string> lane_cameras;  // lane id → "vzenith", "hikvision", "dahua"
  std::vector<AttackRecord> attacks;                // sent, in time order
  int attacks_planned = 0;                          // in the played part of the window
  int attacks_not_sent = 0;  // planned, but the lane had nothing accepted yet or gated was down
  std::vector<std::string> problems;  // what went wrong in the run itself (not the gate)
  std::string platform;               // the platform (profile) the gate uploaded to
  std::vector<std::string> left_out;  // parts of the scenario that platform could not play
  VehicleCheckRun vehicle_check;      // on: the profile has a vehicle check
  PlantRun plant;                     // on: the scenario has a plant
};

// `scenario` as a platform without the reference downlink can play it: no excess-emission list,
// and no alerts unless `alerts_pulled` (the profile's policy pull carries the control level);
// the same fleet and traffic otherwise. `dropped` gets a line for each part taken out, for the
// report.
gate::v1::Scenario scenario_without_downlink(const gate::v1::Scenario& scenario, bool alerts_pulled,
                                             std::vector<std::string>* dropped);

Result<ScenarioObservation> run_scenario(const gate::v1::Scenario& scenario,
                                         const ScenarioRunOptions& options);

// The policy file a scenario names, resolved against the scenario file's directory.
std::string scenario_policy_path(const gate::v1::Scenario& scenario,
                                 const std::string& scenario_path);

}  // namespace gate::sim
