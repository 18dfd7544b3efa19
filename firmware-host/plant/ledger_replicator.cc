#include "firmware-host/plant/ledger_replicator.h"

#include <chrono>
#include <random>

#include "firmware-host/plant/plant_link.h"
#include "firmware-host/plant/plant_schema.h"
#include "firmware-host/plant/plant_view.h"
#include "firmware-host/sync/backoff.h"

namespace gate::host {
namespace {

gate::v1::PlantConfig with_defaults(gate::v1::PlantConfig c) {
  if (c.ledger_interval_ms() == 0) c.set_ledger_interval_ms(1000);
  if (c.ledger_batch_size() == 0) c.set_ledger_batch_size(500);
  if (c.max_backoff_ms() == 0) c.set_max_backoff_ms(30000);
  if (c.max_backoff_ms() < c.ledger_interval_ms()) c.set_max_backoff_ms(c.ledger_interval_ms());
  return c;
}

}  // namespace

std::string describe_ledger_sync_failure(const std::string& reason) {
  std::string advice;
  switch (classify_plant_failure(reason)) {
    case PlantFailure::kCredentials:
      advice = "check the role, password and database in plant.conninfo (or plant.password_file)";
      break;
    case PlantFailure::kUnreachable:
      advice =
          "check the host and port in plant.conninfo, the plant network and that the "
          "plant's PostgreSQL is running";
      break;
    case PlantFailure::kOther:
      advice = "setting plant.conninfo";
      break;
  }
  return "plant ledger replication failed: " + reason + " (" + advice +
         "). The gate goes on deciding from its own copy of the ledger; edits made here wait "
         "and are sent to the plant, and the plant's edits taken, when it answers again "
         "(retrying with backoff).";
}

LedgerReplicator::LedgerReplicator(std::string database_path, std::string gate_id,
                                   gate::v1::PlantConfig cfg, Hooks hooks)
    : database_path_(std::move(database_path)),
      gate_id_(std::move(gate_id)),
      cfg_(with_defaults(std::move(cfg))),
      hooks_(std::move(hooks)) {}

LedgerReplicator::~LedgerReplicator() {
  stop();
}

void LedgerReplicator::start() {
  thread_ = std::thread([this] { run(); });
}

void LedgerReplicator::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void LedgerReplicator::poke() {
  {
    std::lock_guard lock(mu_);
    poked_ = true;
  }
  cv_.notify_all();
}

LedgerSyncState LedgerReplicator::state() const {
  std::lock_guard lock(mu_);
  return state_;
}

Status LedgerReplicator::connect() {
  auto c = connect_to_plant(cfg_, 5, "gated ledger");
  if (!c.ok()) return Error{c.error()};
  auto found = apply_plant_migrations(*c.value());
  if (!found.ok()) return Error{found.error()};
  plant_ = std::move(c).value();
  scanned_to_ = 0;  // the plant may be another database than before: ask it again
  return Status::Ok();
}

Status LedgerReplicator::push(GateLedgerCopy& copy, bool& more, bool& changed,
                              int64_t& pushed_through) {
  auto cursor = ledger_push_cursor(*plant_, gate_id_);
  if (!cursor.ok()) return Error{cursor.error()};
  pushed_through = std::max(cursor.value(), scanned_to_);
  const int batch = static_cast<int>(cfg_.ledger_batch_size());
  auto scan = copy.edits_after(pushed_through, batch, gate_id_);
  if (!scan.ok()) return Error{"reading the gate's ledger history: " + scan.error()};
  more = scan.value().full;
  if (!scan.value().edits.empty()) {
    auto sent = push_ledger_edits(*plant_, scan.value().edits);
    if (!sent.ok()) return Error{sent.error()};
    changed = true;  // another writer (gatectl) may have made the edits the lanes lack
    {
      std::lock_guard lock(mu_);
      state_.pushed += sent.value().added;
    }
    if (!sent.value().lost_to.empty()) {
      auto back = copy.apply(sent.value().lost_to, scan.value().scanned_to, std::nullopt,
                             hooks_.now_ms ? hooks_.now_ms() : 0);
      if (!back.ok()) return Error{"taking back the plant's entries: " + back.error()};
    }
  }
  scanned_to_ = scan.value().scanned_to;
  pushed_through = scanned_to_;
  return Status::Ok();
}

Status LedgerReplicator::pull(GateLedgerCopy& copy, int64_t pushed_through, bool& more,
                              bool& changed) {
  auto cursor = copy.pull_cursor();
  if (!cursor.ok()) return Error{cursor.error()};
  const int batch = static_cast<int>(cfg_.ledger_batch_size());
  auto entries = ledger_entries_after(*plant_, cursor.value(), batch);
  if (!entries.ok()) return Error{entries.error()};
  int64_t at = cursor.value();
  if (entries.value().empty()) {
    // A plant database replaced by a new one numbers from 1 again: take it all again (the
    // entries the gate holds already are no-op writes).
    auto latest = latest_ledger_revision(*plant_);
    if (!latest.ok()) return Error{latest.error()};
    if (latest.value() < cursor.value()) {
      auto reset = copy.apply({}, pushed_through, int64_t{0}, 0);
      if (!reset.ok()) return Error{reset.error()};
      if (hooks_.log) {
        hooks_.log("plant ledger: the plant's revisions end at " + std::to_string(latest.value()) +
                   ", before this gate's cursor " + std::to_string(cursor.value()) +
                   " (a new plant database?): taking its "
                   "ledger again from the start");
      }
      more = true;
      at = 0;
    }
  } else {
    at = entries.value().back().revision;
    auto applied =
        copy.apply(entries.value(), pushed_through, at, hooks_.now_ms ? hooks_.now_ms() : 0);
    if (!applied.ok()) return Error{"applying the plant's ledger: " + applied.error()};
    more = more || static_cast<int>(entries.value().size()) == batch;
    if (applied.value().changed > 0) changed = true;
    std::lock_guard lock(mu_);
    state_.pulled += applied.value().changed;
  }
  std::lock_guard lock(mu_);
  state_.revision = at;
  return Status::Ok();
}

Status LedgerReplicator::round(GateLedgerCopy& copy, bool& more, bool& changed) {
  more = false;
  changed = false;
  if (plant_ && !plant_->usable()) plant_.reset();
  if (!plant_) {
    if (Status st = connect(); !st.ok()) return st;
  }
  int64_t pushed_through = 0;
  if (Status st = push(copy, more, changed, pushed_through); !st.ok()) return st;
  if (Status st = pull(copy, pushed_through, more, changed); !st.ok()) return st;
  std::lock_guard lock(mu_);
  state_.connected = true;
  state_.last_error.clear();
  ++state_.rounds;
  return Status::Ok();
}

void LedgerReplicator::failed(const std::string& reason) {
  if (plant_ && !plant_->usable()) plant_.reset();
  const std::string kind = plant_failure_kind(classify_plant_failure(reason));
  {
    std::lock_guard lock(mu_);
    state_.connected = false;
    state_.last_error = reason;
  }
  if (kind == alarmed_kind_) return;
  alarmed_kind_ = kind;
  if (hooks_.alarm) hooks_.alarm(describe_ledger_sync_failure(reason));
}

bool LedgerReplicator::wait(int64_t ms, bool poke_cuts_short) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, std::chrono::milliseconds(ms),
               [&] { return stopping_ || (poked_ && poke_cuts_short); });
  if (stopping_) return false;
  if (poke_cuts_short) poked_ = false;
  return true;
}

void LedgerReplicator::run() {
  auto copy = GateLedgerCopy::Open(database_path_);
  if (!copy.ok()) {
    if (hooks_.alarm) hooks_.alarm("plant ledger replication disabled: " + copy.error());
    return;
  }
  std::mt19937_64 rng(std::random_device{}());
  Backoff backoff(cfg_.ledger_interval_ms(), cfg_.max_backoff_ms());
  while (true) {
    bool more = false, changed = false;
    Status st = round(*copy.value(), more, changed);
    if (changed && hooks_.ledger_changed) hooks_.ledger_changed();
    int64_t wait_ms = cfg_.ledger_interval_ms();
    if (st.ok()) {
      if (!alarmed_kind_.empty() && hooks_.log) {
        hooks_.log("plant ledger: reachable again; edits exchanged with the plant");
      }
      alarmed_kind_.clear();
      backoff.reset();
      if (more) wait_ms = 0;
    } else {
      failed(st.message());
      wait_ms = backoff.next(rng());
    }
    if (!wait(wait_ms, st.ok())) return;
  }
}

}  // namespace gate::host
