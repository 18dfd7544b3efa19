// The green-share controller's tallies (docs/domain.md §4.5): for the current share window (one
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

// The share window containing `t` (unix ms): its start and its day label (YYYY-MM-DD). A window
// is one local day starting at the policy's day_start_minute.
int64_t share_window_start(const rules::PolicyEngine& engine, int utc_offset_minutes, int64_t t);
std::string share_window_day(const rules::PolicyEngine& engine, int utc_offset_minutes, int64_t t);

// What a passage adds to the tallies of its window when it releases a counted vehicle (by
// counter; empty otherwise), under the rules in force on its date.
rules::ShareCounts share_contribution(const rules::PolicyEngine& engine, int utc_offset_minutes,
                                      const gate::v1::Passage& p);

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
  // The tallies as they stand, without starting a new window.
  const rules::ShareState& current() const { return state_; }
  int64_t current_window_start() const { return window_start_; }

  // The window most recently closed: its start (INT64_MIN when none has closed since start-up)
  // and its tallies as they stood when the next window began, plus passages of that window
  // committed or settled after the roll. End-of-day summaries read these: whatever first asks
  // for the new day's tallies (a decision, a status request, a tick) rolls the window, so the
  // current tallies may already be the new day's by the time the day is reported.
  int64_t closed_window_start() const { return closed_start_; }
  const rules::ShareState& closed() const { return closed_; }

  // Whether a passage counts towards the share as released.
  static bool releases(const gate::v1::Passage& p);

 private:
  void roll(int64_t now);
  // Starts the window beginning at `start`, keeping the one it replaces as the closed window.
  void begin_window(int64_t start);
  void count(const gate::v1::Passage& p, int sign, rules::ShareState& into);
  // The tallies the passage's time belongs to (current or closed window), or nullptr.
  rules::ShareState* tallies_for(const gate::v1::Passage& p);

  std::shared_ptr<const rules::PolicyEngine> engine_;
  int utc_offset_minutes_;
  int64_t window_start_ = INT64_MIN;
  rules::ShareState state_;
  int64_t closed_start_ = INT64_MIN;
  rules::ShareState closed_;
};

}  // namespace gate::host
