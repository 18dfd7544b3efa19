// One lane's state machine: read → look up → decide → commit → open → confirm.
//
//   idle ──read──► (decide, commit durably) ──refuse──► idle (outcome TURNED_AWAY)
//                                           └─pass──► opening ──pulse ok──► passing
//   passing ──boom loop on, then off──► idle (PASSED); ──timeout──► idle (NOT_PASSED)
//   opening ──pulse failed / no answer──► idle (BARRIER_FAULT, alarm)
//
// Contracts: the barrier is asked to open only after the passage was committed; a failed
// commit refuses the truck (a truck never passes unrecorded). Repeated reads of the same
// plate within the lane's debounce window are one passage. Reads that arrive while a vehicle
// is passing wait in a bounded queue and are decided in order. No clock inside: callers
// pass `now` (unix ms), which keeps the machine testable.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "gate/v1/config.pb.h"
#include "gate/v1/passage.pb.h"
#include "gate/v1/policy.pb.h"
#include "rules/platform_lists.h"
#include "rules/result.h"

namespace gate::host {

struct LanePorts {
  // Ledger lookup by normalised plate; nullptr when the plate is not in any ledger.
  std::function<const gate::v1::Vehicle*(const std::string& plate)> lookup;
  // Durable commit of a new passage; returns its sequence number.
  std::function<Result<int64_t>(gate::v1::Passage&)> commit;
  std::function<Status(int64_t seq, gate::v1::PassageOutcome)> set_outcome;
  // Ask the barrier driver to pulse the open coil; the answer comes back via on_open_result.
  std::function<void(uint64_t token)> open_barrier;
  // Observers: decisions as they happen, outcomes, and alarms for the operator.
  std::function<void(const gate::v1::Passage&)> on_decided;
  std::function<void(const gate::v1::Passage&, gate::v1::PassageOutcome)> on_outcome;
  std::function<void(const std::string&)> alarm;
};

class LaneController {
 public:
  enum class State { kIdle, kOpening, kPassing };

  LaneController(gate::v1::LaneConfig lane, std::string gate_id, const gate::v1::Policy& policy,
                 int utc_offset_minutes, LanePorts ports);

  void set_alert_level(gate::v1::AlertLevel level) { alert_level_ = level; }
  gate::v1::AlertLevel alert_level() const { return alert_level_; }
  // Latest platform lists (downlink); shared, immutable snapshots replaced as a whole.
  void set_platform_lists(std::shared_ptr<const rules::PlatformLists> lists) {
    lists_ = std::move(lists);
  }

  void on_read(const gate::v1::PlateRead& read, int64_t now);
  void on_open_result(uint64_t token, bool ok, const std::string& message, int64_t now);
  void on_loops(bool entry_loop, bool boom_loop, int64_t now);
  void on_tick(int64_t now);

  State state() const { return state_; }
  const std::string& lane_id() const { return lane_.lane_id(); }
  std::size_t queued() const { return queue_.size(); }
  int64_t duplicates_dropped() const { return duplicates_; }

 private:
  void process(const gate::v1::PlateRead& read, int64_t now);
  void finish(gate::v1::PassageOutcome outcome, int64_t now);
  void drain(int64_t now);
  bool is_repeat(const std::string& plate, int64_t now);

  gate::v1::LaneConfig lane_;
  std::string gate_id_;
  const gate::v1::Policy& policy_;
  int utc_offset_minutes_;
  LanePorts ports_;
  gate::v1::AlertLevel alert_level_ = gate::v1::ALERT_LEVEL_NONE;
  std::shared_ptr<const rules::PlatformLists> lists_;

  State state_ = State::kIdle;
  gate::v1::Passage current_;
  int64_t deadline_ = 0;
  bool boom_seen_ = false;  // the boom loop was occupied since the open request
  bool crossed_ = false;    // … and cleared again: the vehicle has passed
  std::deque<gate::v1::PlateRead> queue_;
  std::unordered_map<std::string, int64_t> last_seen_;  // plate → last read time
  int64_t duplicates_ = 0;
};

// "YYYY-MM-DD" of `unix_ms` at the given UTC offset.
std::string local_date(int64_t unix_ms, int utc_offset_minutes);
// "YYYY-MM-DD HH:MM:SS" of `unix_ms` at the given UTC offset.
std::string local_time(int64_t unix_ms, int utc_offset_minutes);

}  // namespace gate::host
