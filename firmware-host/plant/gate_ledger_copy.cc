#include "firmware-host/plant/gate_ledger_copy.h"

#include <cctype>

#include "firmware-host/store/ledger_documents.h"

namespace gate::host {
namespace {

constexpr const char* kReplicatedPrefix = "plant r";
// The same test as is_replicated_actor, for SQLite (GLOB is case-sensitive).
constexpr const char* kLocalEditSql = "actor NOT GLOB 'plant r[0-9]*'";

constexpr const char* kSyncTable =
    "CREATE TABLE IF NOT EXISTS platform_sync (key TEXT PRIMARY KEY, value TEXT NOT NULL)";

}  // namespace

std::string replicated_actor(const PlantLedgerRevision& r) {
  return kReplicatedPrefix + std::to_string(r.revision) + " (" + r.edited_by + " at " + r.origin +
         ")";
}

bool is_replicated_actor(const std::string& actor) {
  const std::string prefix = kReplicatedPrefix;
  return actor.size() > prefix.size() && actor.compare(0, prefix.size(), prefix) == 0 &&
         std::isdigit(static_cast<unsigned char>(actor[prefix.size()]));
}

Result<std::unique_ptr<GateLedgerCopy>> GateLedgerCopy::Open(const std::string& database_path) {
  auto store = GateStore::Open(database_path);
  if (!store.ok()) return Error{store.error()};
  std::unique_ptr<GateLedgerCopy> copy(new GateLedgerCopy(std::move(store).value()));
  if (Status st = copy->store_->db().exec(kSyncTable); !st.ok()) {
    return Error{"cannot prepare platform_sync in " + database_path + ": " + st.message()};
  }
  return copy;
}

Result<LedgerHistoryScan> GateLedgerCopy::edits_after(int64_t after, int limit,
                                                      const std::string& gate_id) {
  auto q = store_->db().prepare(
      "SELECT id, ledger_key, time_unix_ms, actor, snapshot FROM vehicle_history "
      "WHERE id > ? ORDER BY id LIMIT ?");
  if (!q.ok()) return Error{q.error()};
  q.value().bind(1, after).bind(2, static_cast<int64_t>(limit));
  LedgerHistoryScan out;
  out.scanned_to = after;
  int rows = 0;
  for (;;) {
    auto r = q.value().step();
    if (!r.ok()) return Error{r.error()};
    if (!r.value()) break;
    auto& s = q.value();
    ++rows;
    out.scanned_to = s.int64(0);
    if (is_replicated_actor(s.text(3))) continue;
    LedgerEdit e;
    e.origin_id = s.int64(0);
    e.ledger_key = s.text(1);
    e.edited_at_unix_ms = s.int64(2);
    e.edited_by = s.text(3);
    e.origin = gate_id;
    if (!e.vehicle.ParseFromString(s.text(4))) {
      return Error{"vehicle_history row " + std::to_string(e.origin_id) +
                   " has a snapshot that does not parse"};
    }
    out.edits.push_back(std::move(e));
  }
  out.full = rows == limit;
  return out;
}

Result<bool> GateLedgerCopy::has_unpushed_edit(const std::string& key, int64_t pushed_through) {
  auto q = store_->db().prepare(
      std::string("SELECT 1 FROM vehicle_history WHERE ledger_key = ? AND id > ? AND ") +
      kLocalEditSql + " LIMIT 1");
  if (!q.ok()) return Error{q.error()};
  q.value().bind(1, key).bind(2, pushed_through);
  return q.value().step();
}

Result<int64_t> GateLedgerCopy::last_history_id() {
  auto q = store_->db().prepare("SELECT COALESCE(MAX(id), 0) FROM vehicle_history");
  if (!q.ok()) return Error{q.error()};
  auto r = q.value().step();
  if (!r.ok()) return Error{r.error()};
  return q.value().int64(0);
}

Status GateLedgerCopy::set_cursor(int64_t revision) {
  return store_->db().run(
      "INSERT INTO platform_sync(key, value) VALUES(?, ?) "
      "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
      {std::string(kLedgerCursorKey), std::to_string(revision)});
}

Result<LedgerApplyResult> GateLedgerCopy::apply(const std::vector<PlantLedgerRevision>& entries,
                                                int64_t pushed_through,
                                                std::optional<int64_t> cursor, int64_t now) {
  LedgerApplyResult out;
  Transaction tx(store_->db());
  if (!tx.began()) return Error{"cannot start a transaction (is the database locked?)"};
  auto before = last_history_id();
  if (!before.ok()) return Error{before.error()};
  for (const auto& e : entries) {
    if (ledger_key_of(e.vehicle) != e.ledger_key) {
      return Error{"plant revision " + std::to_string(e.revision) + " files " + e.ledger_key +
                   " under another key than its vehicle's"};
    }
    auto waiting = has_unpushed_edit(e.ledger_key, pushed_through);
    if (!waiting.ok()) return Error{waiting.error()};
    if (waiting.value()) {
      ++out.skipped;
      continue;
    }
    if (Status st = store_->upsert_vehicle(e.vehicle, now, replicated_actor(e)); !st.ok()) {
      return Error{"ledger entry " + e.ledger_key + ": " + st.message()};
    }
  }
  if (cursor) {
    if (Status st = set_cursor(*cursor); !st.ok()) return Error{st.message()};
  }
  auto after = last_history_id();
  if (!after.ok()) return Error{after.error()};
  out.changed = after.value() - before.value();
  if (Status st = tx.commit(); !st.ok()) return Error{st.message()};
  return out;
}

Result<int64_t> GateLedgerCopy::pull_cursor() {
  auto q = store_->db().prepare("SELECT value FROM platform_sync WHERE key = ?");
  if (!q.ok()) return Error{q.error()};
  q.value().bind(1, std::string(kLedgerCursorKey));
  auto r = q.value().step();
  if (!r.ok()) return Error{r.error()};
  if (!r.value()) return int64_t{0};
  try {
    return std::stoll(q.value().text(0));
  } catch (...) {
    return Error{std::string(kLedgerCursorKey) + " in platform_sync is not a number"};
  }
}

}  // namespace gate::host
