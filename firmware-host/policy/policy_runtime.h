// The policy in force at one gate, at run time: the compiled policy engine (reloadable), the
// day's share tallies and the hold queue. gated owns one; the lanes ask it for the decision
// context (share tallies, whether a truck was called) and tell it what they committed.
//
// Contracts:
//  - reload() reads the policy file again; when it does not load, the last good policy stays
//    in force and the error (file:line: reason) is returned for the log.
//  - Share tallies are rebuilt from the passage records at start and after each reload.
//  - A truck held by a share rule joins the hold queue; on every change of the tallies and on
//    each tick the queue's head is called when one more non-qualifying admission fits, with a
//    display text and an event (CallEvent). Called trucks keep a reserved turn until they come
//    back and are released, or their call times out (policy share.call_timeout_s).
// Everything runs on the lanes' thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "firmware-host/policy/hold_queue.h"
#include "firmware-host/policy/share_controller.h"
#include "gate/v1/config.pb.h"
#include "gate/v1/passage.pb.h"
#include "rules/policy_engine.h"
#include "rules/result.h"

namespace gate::host {

class GateStore;

// A held truck called to the gate (or dropped from the queue).
struct CallEvent {
  std::string plate;
  std::string lane_id;
  std::string rule_id;
  std::string display_zh;  // e.g. "豫H12345 请入厂"
  std::string display_en;  // e.g. "豫H12345 please enter"
  std::string detail;      // for the log: why now, position, …
  bool dropped = false;    // true: left the queue without being called (timeout, too long)
};

// One share rule in force, for status displays (API, logs).
struct ShareLine {
  std::string counter;
  std::string rule_id;
  std::string rule_set_id;
  double target_percent = 0;
  std::string mode;
  int64_t released = 0;
  int64_t qualifying = 0;
  double share_percent = 100;
  double budget_left = 0;  // budget mode only
  // Lowest share the day can end at if no more qualifying vehicles come (rules/share.h).
  double worst_end_percent = 0;
  // The plant keeps the share plant-wide (docs/plant.md §3): this gate's lease.
  bool plant_wide = false;
  int64_t plant_counted = 0;          // this gate's releases of the window the plant has counted
  double plant_allowance_trucks = 0;  // granted by the plant at the last settlement
  double plant_room_trucks = 0;       // non-qualifying trucks this gate may admit now
};

struct ShareStatus {
  std::string window_day;
  std::vector<ShareLine> lines;
  std::vector<HoldEntry> queue;
};

class PolicyRuntime {
 public:
  struct Ports {
    // Ledger lookup by normalised plate (to re-check held trucks before calling them).
    std::function<const gate::v1::Vehicle*(const std::string& plate)> lookup;
    std::function<void(const CallEvent&)> on_call;
    std::function<void(const std::string&)> log;
    // Set when the plant keeps the share plant-wide (plant.plant_wide_share): this gate's leases
    // for the share window `day` (counter -> lease), read at every decision and hold-queue call;
    // the gate's own tallies then count only its releases since the plant's report.
    std::function<std::map<std::string, rules::PlantLease, std::less<>>(const std::string& day)>
        plant_leases;
  };

  // Loads the policy (cfg.policy_file, or the inline cfg.policy), opens the hold queue in the
  // gate's database and rebuilds the tallies from `store`'s passages.
  static Result<std::unique_ptr<PolicyRuntime>> Start(const gate::v1::GateConfig& cfg,
                                                      GateStore& store, Ports ports, int64_t now);

  std::shared_ptr<const rules::PolicyEngine> engine() const { return engine_; }
  Status reload(int64_t now);

  // Decision context for a lane.
  const rules::ShareState* share_state(int64_t now);
  bool called(const std::string& plate) const;

  void on_decided(const gate::v1::Passage& p, int64_t now);
  void on_outcome(const gate::v1::Passage& p, gate::v1::PassageOutcome outcome, int64_t now);
  void on_tick(int64_t now);

  ShareStatus status(int64_t now);
  const HoldQueue& queue() const { return *queue_; }

 private:
  PolicyRuntime(const gate::v1::GateConfig& cfg, GateStore& store, Ports ports)
      : cfg_(cfg), store_(store), ports_(std::move(ports)) {}
  void log(const std::string& m) const {
    if (ports_.log) ports_.log(m);
  }
  void call_waiting(int64_t now);
  void watch_report_mode(int64_t now);
  bool admits(const gate::v1::Vehicle& v, const rules::ShareState& state, int64_t now) const;

  gate::v1::GateConfig cfg_;
  GateStore& store_;
  Ports ports_;
  std::shared_ptr<const rules::PolicyEngine> engine_;
  std::unique_ptr<ShareController> share_;
  std::unique_ptr<HoldQueue> queue_;
  std::string window_day_;
  std::map<std::string, bool> below_target_;  // report-mode counters below target
};

}  // namespace gate::host
