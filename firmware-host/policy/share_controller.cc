#include "firmware-host/policy/share_controller.h"

#include "firmware-host/store/gate_store.h"
#include "rules/local_time.h"
#include "rules/passage_outcome.h"
#include "rules/vehicle_check.h"

namespace gate::host {
namespace {

constexpr int64_t kDayMs = 86400000;

int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace

int64_t share_window_start(const rules::PolicyEngine& engine, int utc_offset_minutes, int64_t t) {
  const int64_t offset_ms = int64_t{utc_offset_minutes} * 60000;
  const int64_t local = t + offset_ms;
  int64_t start = floor_div(local, kDayMs) * kDayMs + int64_t{engine.day_start_minute()} * 60000;
  if (local < start) start -= kDayMs;
  return start - offset_ms;
}

std::string share_window_day(const rules::PolicyEngine& engine, int utc_offset_minutes, int64_t t) {
  return rules::local_date(share_window_start(engine, utc_offset_minutes, t), utc_offset_minutes);
}

rules::ShareCounts share_contribution(const rules::PolicyEngine& engine, int utc_offset_minutes,
                                      const gate::v1::Passage& p) {
  rules::ShareCounts out;
  if (!ShareController::releases(p)) return out;
  const auto* r = engine.rules_for(rules::local_date(p.time_unix_ms(), utc_offset_minutes));
  if (r == nullptr) return out;
  rules::count_release(*r, engine.new_energy(), rules::vehicle_decided_on(p), p.direction(), +1,
                       out);
  return out;
}

ShareController::ShareController(std::shared_ptr<const rules::PolicyEngine> engine,
                                 int utc_offset_minutes)
    : engine_(std::move(engine)), utc_offset_minutes_(utc_offset_minutes) {}

int64_t ShareController::window_start(int64_t now) const {
  return share_window_start(*engine_, utc_offset_minutes_, now);
}

std::string ShareController::window_day(int64_t now) const {
  return share_window_day(*engine_, utc_offset_minutes_, now);
}

bool ShareController::releases(const gate::v1::Passage& p) {
  const auto v = p.decision().verdict();
  if (v != gate::v1::VERDICT_PASS && v != gate::v1::VERDICT_MANUAL_PASS) return false;
  // A vehicle in no ledger counts where it was decided on the platform's vehicle data.
  if (!p.vehicle_known() && !rules::platform_vehicle(p.check(), p.read())) return false;
  const auto o = p.outcome();
  return o == gate::v1::PASSAGE_OUTCOME_PENDING || o == gate::v1::PASSAGE_OUTCOME_PASSED ||
         o == gate::v1::PASSAGE_OUTCOME_UNCONFIRMED;
}

void ShareController::count(const gate::v1::Passage& p, int sign, rules::ShareState& into) {
  const auto* rules = engine_->rules_for(rules::local_date(p.time_unix_ms(), utc_offset_minutes_));
  if (rules == nullptr) return;
  rules::count_release(*rules, engine_->new_energy(), rules::vehicle_decided_on(p), p.direction(),
                       sign, into.counts);
}

rules::ShareState* ShareController::tallies_for(const gate::v1::Passage& p) {
  const int64_t t = p.time_unix_ms();
  if (t >= window_start_) return &state_;
  // Read before the roll, committed or settled after it (the day's last trucks).
  if (closed_start_ != INT64_MIN && t >= closed_start_ && t < closed_start_ + kDayMs) {
    return &closed_;
  }
  return nullptr;
}

void ShareController::begin_window(int64_t start) {
  if (start == window_start_) return;
  const int64_t reserved = state_.reserved;  // the hold queue's, not the window's
  if (window_start_ != INT64_MIN) {
    closed_start_ = window_start_;
    closed_ = std::move(state_);
  }
  window_start_ = start;
  state_ = rules::ShareState{};
  state_.reserved = reserved;
}

void ShareController::roll(int64_t now) {
  begin_window(window_start(now));
}

void ShareController::rebuild_from(const std::vector<gate::v1::Passage>& passages, int64_t now) {
  begin_window(window_start(now));
  state_.counts.clear();
  const int64_t end = window_start_ + kDayMs;
  for (const auto& p : passages) {
    if (p.time_unix_ms() < window_start_ || p.time_unix_ms() >= end) continue;
    if (releases(p)) count(p, +1, state_);
  }
}

Status ShareController::rebuild(GateStore& store, int64_t now) {
  PassageFilter f;
  f.from_unix_ms = window_start(now);
  f.to_unix_ms = *f.from_unix_ms + kDayMs;
  auto ps = store.list_passages(f);
  if (!ps.ok()) return Error{"cannot rebuild share counters: " + ps.error()};
  rebuild_from(ps.value(), now);
  return Status::Ok();
}

void ShareController::on_committed(const gate::v1::Passage& p, int64_t now) {
  roll(now);
  if (!releases(p)) return;
  if (rules::ShareState* t = tallies_for(p)) count(p, +1, *t);
}

void ShareController::on_outcome(const gate::v1::Passage& p, gate::v1::PassageOutcome outcome,
                                 int64_t now) {
  roll(now);
  if (!releases(p)) return;
  if (rules::released_truck_stayed_out(outcome)) {
    // Released, but the truck never entered.
    if (rules::ShareState* t = tallies_for(p)) count(p, -1, *t);
  }
}

rules::ShareState& ShareController::state(int64_t now) {
  roll(now);
  return state_;
}

}  // namespace gate::host
