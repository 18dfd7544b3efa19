// One lane's state machine: read → look up → decide → commit → open → confirm.
//
//   idle ──read──► (decide, commit durably) ──refuse──► idle (outcome TURNED_AWAY)
//                                           └─pass──► [awaiting vehicle] ──► opening
//   awaiting vehicle (presence check on, entry loop empty at the read)
//            ──entry loop on──► opening; ──presence grace runs out──► idle (NO_VEHICLE_PRESENT)
//   opening ──pulse ok──► passing; ──pulse failed / no answer──► idle (BARRIER_FAULT, alarm)
//   passing ──boom loop on, then off──► idle (PASSED by BOOM_LOOP); ──timeout──► idle
//           (NOT_PASSED; on a lane without loop detectors, set_loop_inputs(false): PASSED by
//           TIMEOUT, or by NEXT_EVENT as soon as the camera reads another plate)
//
// With the platform's vehicle check (set_vehicle_check): a read is decided locally at once and
// the check asked; the lane then waits (checking) for the answer until the check's deadline,
// decides from both (rules/vehicle_check.h) and commits. No answer by the deadline, or a failed
// call, decides in the profile's degraded mode, recorded as such. An answer that comes after the
// deadline, or for another read, is dropped and counted (late_check_answers).
//
//   idle ──read──► checking ──answer / deadline──► (decide from both, commit) ──► as above
//
// Contracts: the barrier is asked to open only after the passage was committed; a failed
// commit refuses the truck (a truck never passes unrecorded). Repeated reads of the same
// plate within the lane's debounce window are one passage. Reads that arrive while a vehicle
// is passing wait in a bounded queue and are decided in order. No clock inside: callers
// pass `now` (unix ms, the gate's clock), which keeps the machine testable; a passage is
// stamped with the `now` it was decided at, whatever time the read carries.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "gate/v1/config.pb.h"
#include "gate/v1/passage.pb.h"
#include "gate/v1/policy.pb.h"
#include "rules/platform_lists.h"
#include "rules/platform_strategy.h"
#include "rules/policy_engine.h"
#include "rules/result.h"
#include "rules/share.h"
#include "rules/vehicle_check.h"

namespace gate::host {

struct LanePorts {
  // Ledger lookup by normalised plate; nullptr when the plate is not in any ledger.
  std::function<const gate::v1::Vehicle*(const std::string& plate)> lookup;
  // Durable commit of a new passage; returns its sequence number.
  std::function<Result<int64_t>(gate::v1::Passage&)> commit;
  // Durable outcome of a committed passage; the confirmation says what confirmed a PASSED one.
  std::function<Status(int64_t seq, gate::v1::PassageOutcome, gate::v1::PassageConfirmation)>
      set_outcome;
  // Ask the barrier driver to pulse the open coil; the answer comes back via on_open_result.
  std::function<void(uint64_t token)> open_barrier;
  // Observers: decisions as they happen, outcomes, and alarms for the operator.
  std::function<void(const gate::v1::Passage&)> on_decided;
  std::function<void(const gate::v1::Passage&, gate::v1::PassageOutcome)> on_outcome;
  std::function<void(const std::string&)> alarm;
  // Policy-engine context (optional): the day's share tallies, nullptr when none are kept, and
  // whether `plate` was called from the hold queue (firmware-host/policy/policy_runtime.h).
  std::function<const rules::ShareState*(int64_t now)> share_state;
  std::function<bool(const std::string& plate)> called;
  // The platform's vehicle check (set_vehicle_check): asked once per read to decide; the answer
  // (ANSWERED, or UNAVAILABLE with the reason when the call failed) comes back through
  // on_check_answer with the same token, at any time, possibly inside this call.
  std::function<void(uint64_t token, const gate::v1::PlateRead& read)> check_vehicle;
  // Told of every check that ended (the passage's check as recorded), for metrics and alarms;
  // `deadline_passed`: it ended because no answer came in time.
  std::function<void(const gate::v1::VehicleCheck&, bool deadline_passed)> on_check_done;
};

// The barrier driver answers every open request within pulse + Modbus timeouts, which run on
// real time; past this limit (real time) the lane stops waiting and records a barrier fault.
inline constexpr int64_t kOpenAnswerLimitMs = 15000;

// The open-answer limit on a clock that runs `clock_rate` times real time (gated's simulation
// clock, firmware-host/clock/wall_clock.h): the lane measures it on that clock, the driver
// answers on real time. Without the scaling a 60 ms pulse at 1000x takes "60 s" and every
// opening would end as a barrier fault, although the barrier opened and the truck entered.
int64_t open_answer_limit_ms(double clock_rate);

class LaneController {
 public:
  enum class State { kIdle, kChecking, kAwaitingVehicle, kOpening, kPassing };

  // With the foundation's inline policy (compiled once, here).
  LaneController(gate::v1::LaneConfig lane, std::string gate_id, const gate::v1::Policy& policy,
                 int utc_offset_minutes, LanePorts ports);
  // With a compiled policy set (rules/policy_engine.h).
  LaneController(gate::v1::LaneConfig lane, std::string gate_id,
                 std::shared_ptr<const rules::PolicyEngine> engine, int utc_offset_minutes,
                 LanePorts ports);

  // Replaces the policy (reload); decisions from now on use it.
  void set_policy_engine(std::shared_ptr<const rules::PolicyEngine> engine) {
    engine_ = std::move(engine);
  }
  const rules::PolicyEngine& policy_engine() const { return *engine_; }

  // Manual override: releases the truck last refused or held at this lane (while it is still
  // at the gate: within the policy's window), recording a MANUAL_PASS passage with the
  // operator and reason before opening. Errors say why not (lane busy, nothing to release,
  // not overridable, reason missing). Returns the committed passage.
  Result<gate::v1::Passage> manual_release(const std::string& operator_id,
                                           const std::string& reason, int64_t now);
  // The last refused or held passage at this lane, if any (seq 0 otherwise).
  const gate::v1::Passage& last_refused() const { return last_refused_; }

  void set_alert_level(gate::v1::AlertLevel level) { alert_level_ = level; }
  gate::v1::AlertLevel alert_level() const { return alert_level_; }
  // How long the lane waits for the barrier driver's answer to an open request before it
  // records a barrier fault, in the units of the `now` it is given (see open_answer_limit_ms).
  void set_open_answer_limit_ms(int64_t ms) { open_answer_limit_ms_ = ms; }
  // Whether the barrier reports loop detectors (default). Without them (a barrier on a
  // camera's relay) an opened passage is confirmed PASSED when passage_timeout_ms has run out,
  // not NOT_PASSED: nothing could have seen the truck cross.
  void set_loop_inputs(bool has_loops) { has_loops_ = has_loops; }
  // Presence check: a pass opens only with a vehicle on the entry loop. A read that arrives
  // before the loop is seen occupied (the module is polled) waits up to grace_ms for it; then
  // the passage ends NO_VEHICLE_PRESENT with an alarm and the barrier stays closed. Off by
  // default; gated turns it on for lanes whose barrier reports an entry loop. While the loop
  // state is unknown (no report since start, or the module is in a fault) the check is not
  // made: the open request goes out and its failure is the truthful record.
  void set_presence_check(bool on, int64_t grace_ms) {
    presence_check_ = on;
    presence_grace_ms_ = grace_ms;
  }
  // Latest platform lists (downlink); shared, immutable snapshots replaced as a whole.
  void set_platform_lists(std::shared_ptr<const rules::PlatformLists> lists) {
    lists_ = std::move(lists);
  }

  // The platform's control strategy in force (downlink); null = none.
  void set_platform_strategy(std::shared_ptr<const rules::PlatformStrategyInput> strategy) {
    strategy_ = std::move(strategy);
  }

  // Makes the lane ask ports.check_vehicle for every read it decides (see the top).
  void set_vehicle_check(rules::CheckSettings settings) { check_ = settings; }

  void on_read(const gate::v1::PlateRead& read, int64_t now);
  // The platform's answer to the check with `token`; a late or stale one is dropped.
  void on_check_answer(uint64_t token, gate::v1::VehicleCheck answer, int64_t now);
  void on_open_result(uint64_t token, bool ok, const std::string& message, int64_t now);
  void on_loops(bool entry_loop, bool boom_loop, int64_t now);
  // The barrier module stopped answering: its last loop states no longer hold.
  void on_loops_unknown(int64_t now);
  void on_tick(int64_t now);

  State state() const { return state_; }
  const std::string& lane_id() const { return lane_.lane_id(); }
  std::size_t queued() const { return queue_.size(); }
  int64_t duplicates_dropped() const { return duplicates_; }
  int64_t late_check_answers() const { return late_check_answers_; }

 private:
  void process(const gate::v1::PlateRead& read, int64_t now);
  gate::v1::Passage decide_locally(const gate::v1::PlateRead& read, int64_t now);
  gate::v1::Decision decision_for(const gate::v1::PlateRead& read, const gate::v1::Vehicle* vehicle,
                                  const gate::v1::Vehicle* platform_vehicle, int64_t now);
  void redecide_on_platform_data(gate::v1::Passage& p, const gate::v1::VehicleCheck& check);
  void commit_decided(gate::v1::Passage p, int64_t now);
  void start_check(gate::v1::Passage p, int64_t now);
  void finish_check(gate::v1::VehicleCheck check, bool deadline_passed, int64_t now);
  void begin_opening(const gate::v1::Passage& p, int64_t now);
  void open_now(int64_t now);
  void finish(
      gate::v1::PassageOutcome outcome, int64_t now,
      gate::v1::PassageConfirmation confirmation = gate::v1::PASSAGE_CONFIRMATION_UNSPECIFIED);
  void give_up_waiting_for_vehicle(int64_t now);
  void drain(int64_t now);
  bool is_repeat(const std::string& plate, int64_t now);

  gate::v1::LaneConfig lane_;
  std::string gate_id_;
  std::shared_ptr<const rules::PolicyEngine> engine_;
  int utc_offset_minutes_;
  LanePorts ports_;
  gate::v1::AlertLevel alert_level_ = gate::v1::ALERT_LEVEL_NONE;
  std::shared_ptr<const rules::PlatformLists> lists_;
  std::shared_ptr<const rules::PlatformStrategyInput> strategy_;

  State state_ = State::kIdle;
  gate::v1::Passage current_;
  int64_t deadline_ = 0;
  int64_t open_answer_limit_ms_ = kOpenAnswerLimitMs;
  bool has_loops_ = true;
  bool presence_check_ = false;
  int64_t presence_grace_ms_ = 0;
  bool loops_known_ = false;     // the module has reported loop states since its last fault
  bool entry_occupied_ = false;  // last entry-loop state the barrier reported
  bool boom_seen_ = false;       // the boom loop was occupied since the open request
  bool crossed_ = false;         // … and cleared again: the vehicle has passed
  std::deque<gate::v1::PlateRead> queue_;
  std::unordered_map<std::string, int64_t> last_seen_;  // plate → last read time
  int64_t duplicates_ = 0;
  gate::v1::Passage last_refused_;             // for manual release
  std::optional<rules::CheckSettings> check_;  // the platform's vehicle check; none: no check
  gate::v1::Passage checking_;                 // decided locally, waiting for the check
  uint64_t check_token_ = 0;
  int64_t check_started_ = 0;
  int64_t late_check_answers_ = 0;
};

}  // namespace gate::host
