#include "firmware-host/lane/lane_controller.h"

#include "rules/decide.h"
#include "rules/local_time.h"
#include "rules/manual_override.h"
#include "rules/plate.h"

namespace gate::host {
namespace {

constexpr std::size_t kMaxQueuedReads = 32;

}  // namespace

int64_t open_answer_limit_ms(double clock_rate) {
  const double rate = clock_rate > 1.0 ? clock_rate : 1.0;
  return static_cast<int64_t>(static_cast<double>(kOpenAnswerLimitMs) * rate);
}

LaneController::LaneController(gate::v1::LaneConfig lane, std::string gate_id,
                               const gate::v1::Policy& policy, int utc_offset_minutes,
                               LanePorts ports)
    : LaneController(std::move(lane), std::move(gate_id), rules::PolicyEngine::FromInline(policy),
                     utc_offset_minutes, std::move(ports)) {}

LaneController::LaneController(gate::v1::LaneConfig lane, std::string gate_id,
                               std::shared_ptr<const rules::PolicyEngine> engine,
                               int utc_offset_minutes, LanePorts ports)
    : lane_(std::move(lane)),
      gate_id_(std::move(gate_id)),
      engine_(std::move(engine)),
      utc_offset_minutes_(utc_offset_minutes),
      ports_(std::move(ports)) {}

bool LaneController::is_repeat(const std::string& plate, int64_t now) {
  // Prune old entries so the map stays small on a busy gate.
  for (auto it = last_seen_.begin(); it != last_seen_.end();) {
    it = (now - it->second > lane_.debounce_ms()) ? last_seen_.erase(it) : std::next(it);
  }
  auto it = last_seen_.find(plate);
  bool repeat = it != last_seen_.end() && now - it->second <= lane_.debounce_ms();
  last_seen_[plate] = now;
  return repeat;
}

void LaneController::on_read(const gate::v1::PlateRead& read, int64_t now) {
  const std::string plate = rules::normalise_plate(read.plate_text());
  if (is_repeat(plate, now)) {
    ++duplicates_;
    return;
  }
  if (state_ == State::kPassing && !has_loops_) {
    // Nothing sees a truck cross on this lane; the camera reading the next one is the best
    // evidence that the previous one has left.
    finish(gate::v1::PASSAGE_OUTCOME_PASSED, now, gate::v1::PASSAGE_CONFIRMATION_NEXT_EVENT);
  }
  if (state_ != State::kIdle) {
    if (queue_.size() >= kMaxQueuedReads) {
      if (ports_.alarm) {
        ports_.alarm("lane " + lane_id() + ": " + std::to_string(kMaxQueuedReads) +
                     " reads waiting behind a vehicle that has not passed; deciding the oldest "
                     "now (check the loop detector)");
      }
      gate::v1::PlateRead oldest = std::move(queue_.front());
      queue_.pop_front();
      queue_.push_back(read);
      // The waiting truck is still recorded; it is refused because the lane is occupied.
      process(oldest, now);
      return;
    }
    queue_.push_back(read);
    return;
  }
  process(read, now);
}

void LaneController::process(const gate::v1::PlateRead& read, int64_t now) {
  // Reads decided while busy (queue overflow) cannot open: no check is worth waiting for.
  if (check_ && ports_.check_vehicle && state_ == State::kIdle) {
    start_check(decide_locally(read, now), now);
    return;
  }
  commit_decided(decide_locally(read, now), now);
}

// The passage for `read_in` with the local rules' decision, not yet committed.
gate::v1::Passage LaneController::decide_locally(const gate::v1::PlateRead& read_in, int64_t now) {
  gate::v1::PlateRead read = read_in;
  read.set_plate_text(rules::normalise_plate(read.plate_text()));
  if (read.time_unix_ms() == 0) read.set_time_unix_ms(now);
  read.set_lane_id(lane_id());
  if (read.direction() == gate::v1::DIRECTION_UNSPECIFIED) read.set_direction(lane_.direction());

  const gate::v1::Vehicle* vehicle = ports_.lookup ? ports_.lookup(read.plate_text()) : nullptr;
  gate::v1::Passage p;
  p.set_gate_id(gate_id_);
  p.set_lane_id(lane_id());
  p.set_direction(read.direction());
  // The gate's clock, never the camera's: the time sets the passage's local day, its share
  // tally and its seal. The camera's stamp stays in read.camera_time_unix_ms as evidence.
  p.set_time_unix_ms(now);
  *p.mutable_read() = read;
  p.set_vehicle_known(vehicle != nullptr);
  if (vehicle != nullptr) *p.mutable_vehicle() = *vehicle;
  *p.mutable_decision() = decision_for(read, vehicle, nullptr, now);
  p.set_alert_level(alert_level_);
  if (strategy_ && strategy_->strategy != rules::PlatformStrategy::kNone) {
    p.set_platform_strategy(std::string(rules::strategy_name(strategy_->strategy)));
    p.set_platform_strategy_code(strategy_->code);
  }
  return p;
}

gate::v1::Decision LaneController::decision_for(const gate::v1::PlateRead& read,
                                                const gate::v1::Vehicle* vehicle,
                                                const gate::v1::Vehicle* platform_vehicle,
                                                int64_t now) {
  rules::DecisionContext context{alert_level_, rules::local_date(now, utc_offset_minutes_),
                                 lists_.get()};
  if (ports_.share_state) context.share = ports_.share_state(now);
  if (ports_.called) context.called = ports_.called(read.plate_text());
  context.strategy = strategy_.get();
  rules::DecisionInput input{read, vehicle, std::move(context), platform_vehicle};
  return rules::decide(*engine_, input);
}

// Asks the platform about the locally decided `p`; the lane waits until the deadline.
void LaneController::start_check(gate::v1::Passage p, int64_t now) {
  checking_ = std::move(p);
  state_ = State::kChecking;
  check_started_ = now;
  deadline_ = now + check_->deadline_ms;
  const uint64_t token = ++check_token_;
  // Last: a port that answers at once re-enters on_check_answer.
  ports_.check_vehicle(token, checking_.read());
}

void LaneController::on_check_answer(uint64_t token, gate::v1::VehicleCheck answer, int64_t now) {
  if (state_ != State::kChecking || token != check_token_) {
    ++late_check_answers_;
    return;
  }
  answer.set_latency_ms(now - check_started_);
  finish_check(std::move(answer), false, now);
}

// Decides from the local decision and the check (answered or unavailable), then commits.
void LaneController::finish_check(gate::v1::VehicleCheck check, bool deadline_passed, int64_t now) {
  gate::v1::Passage p = std::move(checking_);
  checking_.Clear();
  if (check.status() == gate::v1::VehicleCheck::STATUS_UNAVAILABLE) {
    check.set_degraded_mode(rules::degraded_mode_name(check_->degraded));
  } else {
    check.set_ledger_mismatch(
        rules::ledger_mismatch(p.vehicle_known() ? &p.vehicle() : nullptr, check));
    redecide_on_platform_data(p, check);
  }
  *p.mutable_decision() = rules::combine_check(p.decision(), check, *check_);
  *p.mutable_check() = std::move(check);
  state_ = State::kIdle;
  if (ports_.on_check_done) ports_.on_check_done(p.check(), deadline_passed);
  commit_decided(std::move(p), now);
  drain(now);
}

// A plate in no ledger that the platform knows is decided again on the platform's vehicle data;
// the rules in force say whether that data may stand in for a ledger entry (rules/decide.h).
void LaneController::redecide_on_platform_data(gate::v1::Passage& p,
                                               const gate::v1::VehicleCheck& check) {
  if (p.vehicle_known() || p.decision().rule_id() != rules::kRuleUnknownVehicle) return;
  const auto platform = rules::platform_vehicle(check, p.read());
  if (!platform) return;
  *p.mutable_decision() = decision_for(p.read(), nullptr, &*platform, p.time_unix_ms());
}

// Commits the decided passage and, for a pass at an idle lane, opens.
void LaneController::commit_decided(gate::v1::Passage p, int64_t now) {
  const bool pass = p.decision().verdict() == gate::v1::VERDICT_PASS;
  // A pass can be decided while busy only through queue overflow; then nothing opens.
  const bool can_open = pass && state_ == State::kIdle;
  p.set_outcome(can_open ? gate::v1::PASSAGE_OUTCOME_PENDING
                         : gate::v1::PASSAGE_OUTCOME_TURNED_AWAY);
  p.set_outcome_time_unix_ms(can_open ? 0 : now);

  auto seq = ports_.commit(p);
  if (!seq.ok()) {
    // Never open for a truck we could not record; a re-read must be decided again, not
    // swallowed as a repeat.
    last_seen_.erase(p.read().plate_text());
    if (ports_.alarm) {
      ports_.alarm("lane " + lane_id() + ": cannot record passage of " + p.read().plate_text() +
                   ", barrier stays closed: " + seq.error());
    }
    return;
  }
  p.set_seq(seq.value());  // the port's contract is the returned seq, not a side effect on p
  if (ports_.on_decided) ports_.on_decided(p);
  const auto verdict = p.decision().verdict();
  if (verdict == gate::v1::VERDICT_REFUSE || verdict == gate::v1::VERDICT_HOLD) last_refused_ = p;
  if (!can_open) return;
  begin_opening(p, now);
}

Result<gate::v1::Passage> LaneController::manual_release(const std::string& operator_id,
                                                         const std::string& reason, int64_t now) {
  if (last_refused_.seq() == 0) {
    return Error{"lane " + lane_id() + ": no refused or held truck to release"};
  }
  if (state_ != State::kIdle) {
    return Error{"lane " + lane_id() +
                 " is busy (a vehicle is passing); release again when the lane is free"};
  }
  const int64_t age_s = (now - last_refused_.outcome_time_unix_ms()) / 1000;
  auto d = rules::manual_release(*engine_, last_refused_.decision(),
                                 rules::local_date(now, utc_offset_minutes_), age_s,
                                 {operator_id, reason});
  if (!d.ok()) {
    return Error{"lane " + lane_id() + ": cannot release " + last_refused_.read().plate_text() +
                 ": " + d.error()};
  }
  gate::v1::Passage p = last_refused_;
  p.clear_seq();
  p.set_time_unix_ms(now);
  *p.mutable_decision() = std::move(d).value();
  p.mutable_decision()->set_explanation("passage #" + std::to_string(last_refused_.seq()) +
                                        " released by hand; " + p.decision().explanation());
  p.set_alert_level(alert_level_);
  p.set_outcome(gate::v1::PASSAGE_OUTCOME_PENDING);
  p.set_outcome_time_unix_ms(0);
  auto seq = ports_.commit(p);
  if (!seq.ok()) {
    if (ports_.alarm) {
      ports_.alarm("lane " + lane_id() + ": cannot record manual release of " +
                   p.read().plate_text() + ", barrier stays closed: " + seq.error());
    }
    return Error{"cannot record the manual release: " + seq.error()};
  }
  p.set_seq(seq.value());
  if (ports_.on_decided) ports_.on_decided(p);
  last_refused_.Clear();
  begin_opening(p, now);
  return p;
}

void LaneController::on_open_result(uint64_t token, bool ok, const std::string& message,
                                    int64_t now) {
  if (state_ != State::kOpening || token != static_cast<uint64_t>(current_.seq())) return;
  if (!ok) {
    if (ports_.alarm) {
      ports_.alarm("lane " + lane_id() + ": barrier did not open for " +
                   current_.read().plate_text() + " (passage " + std::to_string(current_.seq()) +
                   "): " + message + "; open it by hand if the truck may pass");
    }
    finish(gate::v1::PASSAGE_OUTCOME_BARRIER_FAULT, now);
    return;
  }
  if (crossed_) {
    finish(gate::v1::PASSAGE_OUTCOME_PASSED, now, gate::v1::PASSAGE_CONFIRMATION_BOOM_LOOP);
    return;
  }
  state_ = State::kPassing;
  deadline_ = now + lane_.passage_timeout_ms();
}

void LaneController::on_loops(bool entry_loop, bool boom_loop, int64_t now) {
  loops_known_ = true;
  entry_occupied_ = entry_loop;
  if (state_ == State::kAwaitingVehicle) {
    if (entry_loop) open_now(now);
    return;
  }
  // The boom rises while the pulse is still being held, so a quick truck can reach and even
  // clear the boom loop before the pulse's answer arrives: track the loop in both states.
  if (state_ == State::kIdle) return;
  if (boom_loop) {
    boom_seen_ = true;
  } else if (boom_seen_) {
    crossed_ = true;
  }
  if (state_ == State::kPassing && crossed_) {
    finish(gate::v1::PASSAGE_OUTCOME_PASSED, now, gate::v1::PASSAGE_CONFIRMATION_BOOM_LOOP);
  }
}

void LaneController::on_loops_unknown(int64_t now) {
  loops_known_ = false;
  entry_occupied_ = false;
  if (state_ == State::kAwaitingVehicle) open_now(now);
}

void LaneController::on_tick(int64_t now) {
  if (state_ == State::kIdle || now < deadline_) return;
  if (state_ == State::kChecking) {
    gate::v1::VehicleCheck unavailable;
    unavailable.set_status(gate::v1::VehicleCheck::STATUS_UNAVAILABLE);
    unavailable.set_reason("no answer within " + std::to_string(check_->deadline_ms) + " ms");
    unavailable.set_latency_ms(now - check_started_);
    finish_check(std::move(unavailable), true, now);
  } else if (state_ == State::kAwaitingVehicle) {
    give_up_waiting_for_vehicle(now);
  } else if (state_ == State::kOpening) {
    if (ports_.alarm) {
      ports_.alarm("lane " + lane_id() +
                   ": barrier module gave no answer to the open request "
                   "for passage " +
                   std::to_string(current_.seq()));
    }
    finish(gate::v1::PASSAGE_OUTCOME_BARRIER_FAULT, now);
  } else if (has_loops_) {
    finish(gate::v1::PASSAGE_OUTCOME_NOT_PASSED, now);
  } else {
    finish(gate::v1::PASSAGE_OUTCOME_PASSED, now, gate::v1::PASSAGE_CONFIRMATION_TIMEOUT);
  }
}

// The passage is committed: with a vehicle at the gate (or no presence check), ask the barrier
// to open; otherwise wait a moment for the entry loop to report one.
void LaneController::begin_opening(const gate::v1::Passage& p, int64_t now) {
  current_ = p;
  if (presence_check_ && loops_known_ && !entry_occupied_) {
    state_ = State::kAwaitingVehicle;
    deadline_ = now + presence_grace_ms_;
    return;
  }
  open_now(now);
}

// Asks the barrier to open and watches the loops from now on.
void LaneController::open_now(int64_t now) {
  state_ = State::kOpening;
  deadline_ = now + open_answer_limit_ms_;
  boom_seen_ = false;
  crossed_ = false;
  ports_.open_barrier(static_cast<uint64_t>(current_.seq()));
}

void LaneController::give_up_waiting_for_vehicle(int64_t now) {
  if (ports_.alarm) {
    ports_.alarm("lane " + lane_id() + ": plate " + current_.read().plate_text() +
                 " was read but no vehicle is on the entry loop (passage " +
                 std::to_string(current_.seq()) +
                 "); the barrier stays closed. A forged or stray camera event, or a faulty "
                 "entry loop: check the camera's source and the loop detector");
  }
  finish(gate::v1::PASSAGE_OUTCOME_NO_VEHICLE_PRESENT, now);
}

void LaneController::finish(gate::v1::PassageOutcome outcome, int64_t now,
                            gate::v1::PassageConfirmation confirmation) {
  current_.set_confirmation(confirmation);
  Status st = ports_.set_outcome(current_.seq(), outcome, confirmation);
  if (!st.ok() && ports_.alarm) {
    ports_.alarm("lane " + lane_id() + ": cannot record outcome of passage " +
                 std::to_string(current_.seq()) + ": " + st.message());
  }
  if (ports_.on_outcome) ports_.on_outcome(current_, outcome);
  state_ = State::kIdle;
  drain(now);
}

void LaneController::drain(int64_t now) {
  while (state_ == State::kIdle && !queue_.empty()) {
    gate::v1::PlateRead next = std::move(queue_.front());
    queue_.pop_front();
    process(next, now);
  }
}

}  // namespace gate::host
