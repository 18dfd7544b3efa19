// The green-share controller's tallies (DOMAIN.md §4.5): for the current share window (one
// local day, starting at the policy's day_start_minute), how many vehicles of each counter's
// population were released and how many of them qualified.
//
// The tallies are never the source of truth: at start-up (and after a policy reload) they are
// rebuilt from the passage records, so they cannot drift from the evidence. A passage counts
// when it released the vehicle (PASS or MANUAL_PASS) and the vehicle did not turn out to stay
// outside (NOT_PASSED, BARRIER_FAULT); what qualifies is the policy in force on the passage's
// date. Time is passed in; no clock inside.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gate/v1/passage.pb.h"
#include "rules/policy_engine.h"
#include "rules/result.h"
#include "rules/share.h"

namespace gate::host {

class GateStore;

class ShareController {
 public:
  ShareController(std::shared_ptr<const rules::PolicyEngine> engine, int utc_offset_minutes);

  // Replaces the policy; call rebuild() afterwards (what qualifies may have changed).
  void set_engine(std::shared_ptr<const rules::PolicyEngine> engine) {
    engine_ = std::move(engine);
  }

  // Start of the share window containing `now` (unix ms) and its day label (YYYY-MM-DD).
  int64_t window_start(int64_t now) const;
  std::string window_day(int64_t now) const;

  // Recounts the window containing `now` from these passages (any order, any window).
  void rebuild_from(const std::vector<gate::v1::Passage>& passages, int64_t now);
  // Reads the window's passages from the store and recounts.
  Status rebuild(GateStore& store, int64_t now);

  // A passage was committed / its outcome became known.
  void on_committed(const gate::v1::Passage& p, int64_t now);
  void on_outcome(const gate::v1::Passage& p, gate::v1::PassageOutcome outcome, int64_t now);

  // Tallies of the window containing `now` (a new window starts empty). `reserved` is left to
  // the caller (the hold queue's called trucks).
  rules::ShareState& state(int64_t now);
  // The tallies as they stand, without starting a new window (for end-of-day summaries).
  const rules::ShareState& current() const { return state_; }
  int64_t current_window_start() const { return window_start_; }

  // Whether a passage counts towards the share as released.
  static bool releases(const gate::v1::Passage& p);

 private:
  void roll(int64_t now);
  void count(const gate::v1::Passage& p, int sign);

  std::shared_ptr<const rules::PolicyEngine> engine_;
  int utc_offset_minutes_;
  int64_t window_start_ = INT64_MIN;
  rules::ShareState state_;
};

}  // namespace gate::host
