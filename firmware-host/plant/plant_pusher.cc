#include "firmware-host/plant/plant_pusher.h"

#include <chrono>
#include <random>

#include "firmware-host/plant/gate_report.h"
#include "firmware-host/plant/plant_passages.h"
#include "firmware-host/plant/plant_schema.h"
#include "firmware-host/plant/plant_view.h"
#include "firmware-host/sync/backoff.h"

namespace gate::host {
namespace {

gate::v1::PlantConfig with_defaults(gate::v1::PlantConfig c) {
  if (c.push_interval_ms() == 0) c.set_push_interval_ms(1000);
  if (c.batch_size() == 0) c.set_batch_size(500);
  if (c.max_backoff_ms() == 0) c.set_max_backoff_ms(30000);
  if (c.max_backoff_ms() < c.push_interval_ms()) c.set_max_backoff_ms(c.push_interval_ms());
  return c;
}

}  // namespace

PlantPusher::PlantPusher(std::string database_path, std::string gate_id, gate::v1::PlantConfig cfg,
                         int utc_offset_minutes, Hooks hooks)
    : database_path_(std::move(database_path)),
      gate_id_(std::move(gate_id)),
      cfg_(with_defaults(std::move(cfg))),
      utc_offset_minutes_(utc_offset_minutes),
      hooks_(std::move(hooks)) {
  state_.configured = true;
  alert_seen_ = hooks_.plant_alert_seen;
}

PlantPusher::~PlantPusher() {
  stop();
}

void PlantPusher::start() {
  thread_ = std::thread([this] { run(); });
}

void PlantPusher::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PlantPusher::poke() {
  {
    std::lock_guard lock(mu_);
    poked_ = true;
  }
  cv_.notify_all();
}

PlantLinkState PlantPusher::state() const {
  std::lock_guard lock(mu_);
  return state_;
}

Status PlantPusher::connect() {
  auto c = connect_to_plant(cfg_, 5, "gated");
  if (!c.ok()) return Error{c.error()};
  auto found = apply_plant_migrations(*c.value());
  if (!found.ok()) return Error{found.error()};
  if (found.value() < latest_plant_schema_version() && hooks_.log) {
    hooks_.log("plant database: schema migrated from version " + std::to_string(found.value()) +
               " to " + std::to_string(latest_plant_schema_version()));
  }
  plant_ = std::move(c).value();
  return Status::Ok();
}

Status PlantPusher::push_round(PassageBacklog& backlog, bool& more) {
  more = false;
  if (plant_ && !plant_->usable()) plant_.reset();
  if (!plant_) {
    if (Status st = connect(); !st.ok()) return st;
  }
  auto cursor = plant_cursor(*plant_, gate_id_);
  if (!cursor.ok()) return Error{cursor.error()};
  auto batch = backlog.settled_after(cursor.value(), static_cast<int>(cfg_.batch_size()));
  if (!batch.ok()) return Error{"reading the gate's passages: " + batch.error()};
  int64_t added = 0;
  int64_t at = cursor.value();
  if (hooks_.share_round && hooks_.share_leases != nullptr) {
    auto n = push_and_settle(batch.value());
    if (!n.ok()) return Error{n.error()};
    added = n.value();
  } else if (batch.value().empty()) {
    if (Status st = record_contact(*plant_, gate_id_); !st.ok()) return st;
  } else {
    auto n = push_passages(*plant_, gate_id_, batch.value(), utc_offset_minutes_);
    if (!n.ok()) return Error{n.error()};
    added = n.value();
  }
  if (!batch.value().empty()) {
    at = batch.value().back().seq();
    more = batch.value().size() == cfg_.batch_size();
  }
  if (hooks_.plant_alert) watch_plant_alert();
  if (hooks_.gate_policy) check_plant_policy();
  std::lock_guard lock(mu_);
  state_.connected = true;
  state_.last_error.clear();
  state_.plant_seq = at;
  state_.cursor_known = true;
  state_.pushed += added;
  state_.last_contact_unix_ms = hooks_.now_ms ? hooks_.now_ms() : 0;
  return Status::Ok();
}

Result<int64_t> PlantPusher::push_and_settle(const std::vector<gate::v1::Passage>& batch) {
  const PlantShareRound round = hooks_.share_round(batch);
  PlantShareSettlement settlement;
  auto settle = [&](const std::vector<int64_t>& added) -> Status {
    auto s = settle_plant_share(*plant_, gate_id_, round, added);
    if (!s.ok()) return Error{"settling the plant-wide share: " + s.error()};
    settlement = std::move(s).value();
    return Status::Ok();
  };
  bool commit_unknown = false;
  auto n = push_passages(*plant_, gate_id_, batch, utc_offset_minutes_, settle, &commit_unknown);
  if (!n.ok()) {
    if (commit_unknown) {
      std::vector<int64_t> sent;
      for (const auto& p : batch) sent.push_back(p.seq());
      hooks_.share_leases->uncertain(round, sent);
    }
    return n;
  }
  hooks_.share_leases->settled(settlement);
  for (const auto& w : settlement.warnings) {
    if (w != share_warning_ && hooks_.alarm) hooks_.alarm(w);
    share_warning_ = w;
  }
  if (settlement.warnings.empty()) share_warning_.clear();
  return n;
}

void PlantPusher::watch_plant_alert() {
  auto a = read_plant_alert(*plant_);
  if (!a.ok()) {
    if (a.error() != alert_error_ && hooks_.log) {
      hooks_.log("plant database: cannot read the plant's alert level: " + a.error());
    }
    alert_error_ = a.error();
    return;
  }
  alert_error_.clear();
  if (a.value().revision <= alert_seen_) return;
  alert_seen_ = a.value().revision;
  hooks_.plant_alert(a.value());
}

void PlantPusher::check_plant_policy() {
  GatePolicy mine = hooks_.gate_policy();
  mine.gate_id = gate_id_;
  if (Status st = report_gate_policy(*plant_, mine); !st.ok()) return;  // the next round
  auto plant = read_plant_policy(*plant_, false);
  if (!plant.ok()) return;
  const std::string text = policy_mismatch(plant.value(), mine);
  if (text == policy_alarm_) return;
  policy_alarm_ = text;
  if (text.empty()) {
    if (hooks_.log) hooks_.log("plant policy: this gate runs the plant's policy " + mine.label);
  } else if (hooks_.alarm) {
    hooks_.alarm(text);
  }
}

void PlantPusher::failed(const std::string& reason) {
  if (plant_ && !plant_->usable()) plant_.reset();
  const std::string text = describe_plant_failure(reason);
  const std::string kind = plant_failure_kind(classify_plant_failure(reason));
  {
    std::lock_guard lock(mu_);
    state_.connected = false;
    state_.last_error = reason;
  }
  if (kind == alarmed_kind_) return;
  alarmed_kind_ = kind;
  if (hooks_.alarm) hooks_.alarm(text);
}

void PlantPusher::refresh_lag(PassageBacklog& backlog) {
  int64_t from;
  {
    std::lock_guard lock(mu_);
    from = state_.plant_seq;
  }
  auto lag = backlog.lag_after(from);
  if (!lag.ok()) return;  // kept as last read; the next refresh tries again
  report_gate_lag_if_connected(plant_.get(), gate_id_, from, lag.value());
  std::lock_guard lock(mu_);
  state_.lag_passages = lag.value().passages;
  state_.lag_oldest_unix_ms = lag.value().oldest_unix_ms;
}

bool PlantPusher::wait(int64_t ms, bool poke_cuts_short, PassageBacklog& backlog) {
  using Clock = std::chrono::steady_clock;
  const auto until = Clock::now() + std::chrono::milliseconds(ms);
  const auto slice = std::chrono::milliseconds(cfg_.push_interval_ms());
  while (true) {
    refresh_lag(backlog);
    std::unique_lock lock(mu_);
    const auto next = std::min(until, Clock::now() + slice);
    cv_.wait_until(lock, next, [&] { return stopping_ || (poked_ && poke_cuts_short); });
    if (stopping_) return false;
    if (poked_ && poke_cuts_short) {
      poked_ = false;
      return true;
    }
    if (Clock::now() >= until) return true;
  }
}

void PlantPusher::run() {
  auto backlog = PassageBacklog::Open(database_path_);
  if (!backlog.ok()) {
    if (hooks_.alarm) hooks_.alarm("plant push disabled: " + backlog.error());
    return;
  }
  std::mt19937_64 rng(std::random_device{}());
  Backoff backoff(cfg_.push_interval_ms(), cfg_.max_backoff_ms());
  while (true) {
    bool more = false;
    Status st = push_round(*backlog.value(), more);
    int64_t wait_ms = cfg_.push_interval_ms();
    if (st.ok()) {
      if (!alarmed_kind_.empty() && hooks_.log) {
        hooks_.log("plant database: reachable again; sending the passages it lacks");
      }
      alarmed_kind_.clear();
      backoff.reset();
      if (more) wait_ms = 0;
    } else {
      failed(st.message());
      wait_ms = backoff.next(rng());
    }
    if (!wait(wait_ms, st.ok(), *backlog.value())) return;
  }
}

}  // namespace gate::host
