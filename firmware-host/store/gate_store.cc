#include "firmware-host/store/gate_store.h"

#include <algorithm>
#include <utility>

#include "firmware-host/store/schema_migrations.h"
#include "firmware-host/store/seal_anchors.h"

namespace gate::host {
namespace {

// The legacy meta 'schema_version' row, written since the foundation; PRAGMA user_version
// (schema_migrations.h) is what versions the file now.
constexpr int kSchemaVersion = 1;
constexpr const char* kSchemaName = "gate database";

// Schema v1. Enum columns hold gate.v1 enum numbers; text dates are YYYY-MM-DD.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vehicles (
  id INTEGER PRIMARY KEY,
  ledger_key TEXT NOT NULL UNIQUE,
  plate TEXT NOT NULL, plate_color INTEGER NOT NULL, vehicle_class INTEGER NOT NULL,
  vin TEXT NOT NULL, engine_no TEXT NOT NULL, registration_date TEXT NOT NULL,
  emission_stage INTEGER NOT NULL, fuel_type INTEGER NOT NULL, vehicle_type TEXT NOT NULL,
  use TEXT NOT NULL, fleet TEXT NOT NULL, owner TEXT NOT NULL, registration_code TEXT NOT NULL,
  valid_from TEXT NOT NULL, valid_until TEXT NOT NULL, suspended INTEGER NOT NULL,
  updated_unix_ms INTEGER NOT NULL,
  exemption INTEGER NOT NULL DEFAULT 0, exemption_basis TEXT NOT NULL DEFAULT '',
  exemption_until TEXT NOT NULL DEFAULT '', machinery_registration INTEGER NOT NULL DEFAULT 0,
  test_report_valid_until TEXT NOT NULL DEFAULT '', positioning INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS passages (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  gate_id TEXT NOT NULL, lane_id TEXT NOT NULL, direction INTEGER NOT NULL,
  time_unix_ms INTEGER NOT NULL,
  plate_read TEXT NOT NULL, read_color INTEGER NOT NULL, confidence REAL NOT NULL,
  camera_id TEXT NOT NULL, image_sha256 TEXT NOT NULL, source TEXT NOT NULL,
  vehicle_known INTEGER NOT NULL,
  v_plate TEXT, v_plate_color INTEGER, v_class INTEGER, v_vin TEXT, v_engine_no TEXT,
  v_registration_date TEXT, v_stage INTEGER, v_fuel INTEGER, v_fleet TEXT,
  verdict INTEGER NOT NULL, rule_id TEXT NOT NULL, reason TEXT NOT NULL,
  policy_version TEXT NOT NULL, explanation TEXT NOT NULL, operator_id TEXT NOT NULL,
  alert_level INTEGER NOT NULL,
  outcome INTEGER NOT NULL, outcome_unix_ms INTEGER NOT NULL,
  committed_unix_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS passages_time ON passages(time_unix_ms);
CREATE INDEX IF NOT EXISTS passages_plate ON passages(plate_read);
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  passage_seq INTEGER NOT NULL REFERENCES passages(seq),
  kind TEXT NOT NULL,
  created_unix_ms INTEGER NOT NULL,
  acked_unix_ms INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox(acked_unix_ms, id);
-- For retention (firmware-host/audit/retention.h): built when the file is opened at start, so
-- that building them on an old, large file never holds the write lock while lanes commit.
CREATE INDEX IF NOT EXISTS outbox_passage ON outbox(passage_seq);
CREATE INDEX IF NOT EXISTS passages_image ON passages(image_sha256);
)sql";

// Schema v2: dashboard users (firmware-host/api/user_store.h) and the alert level set by hand
// (manual_alert_store.h).
constexpr const char* kDashboardSchema = R"sql(
CREATE TABLE IF NOT EXISTS web_users (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL,                  -- operator, manager, auditor, admin (user_roles.h)
  password_hash TEXT NOT NULL,         -- pbkdf2-sha256$iterations$salt$key (password_hash.h)
  enabled INTEGER NOT NULL DEFAULT 1,
  created_unix_ms INTEGER NOT NULL,
  changed_unix_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS manual_alert (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  level INTEGER NOT NULL,              -- gate.v1.AlertLevel
  set_by TEXT NOT NULL,
  reason TEXT NOT NULL,
  set_unix_ms INTEGER NOT NULL);
)sql";

// Schema v7: a passage's cargo, entered by the gate operator or a weighbridge after the
// passage. Append-only: a correction is the next revision of the same passage; each revision
// has its own outbox row and audit chain entry (kind "cargo", ref = id).
constexpr const char* kCargoSchema = R"sql(
CREATE TABLE IF NOT EXISTS passage_cargo (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  passage_seq INTEGER NOT NULL REFERENCES passages(seq),
  revision INTEGER NOT NULL,           -- 1 for the first entry, 2 for the first correction, …
  name TEXT NOT NULL,
  quantity_milli INTEGER NOT NULL,     -- thousandths of the unit, never a float
  unit TEXT NOT NULL CHECK (unit IN ('t', 'L')),
  entered_by TEXT NOT NULL,            -- the operator's name, or "weighbridge"
  entered_unix_ms INTEGER NOT NULL,
  UNIQUE (passage_seq, revision));
)sql";

using ColumnDefinition = std::pair<const char*, const char*>;  // name, SQL type

// Adds the columns `table` lacks, in place: files written by older releases gain them at open.
// Checked by name rather than by schema_version so that this stays independent of other
// tables' migrations.
Status add_missing_columns(SqliteDb& db, const std::string& table,
                           const std::vector<ColumnDefinition>& columns) {
  auto q = db.prepare("SELECT name FROM pragma_table_info('" + table + "')");
  if (!q.ok()) return Error{q.error()};
  auto have = q.value().text_rows();
  if (!have.ok()) return Error{have.error()};
  for (const auto& [name, type] : columns) {
    if (std::find(have.value().begin(), have.value().end(), name) != have.value().end()) continue;
    Status st = db.exec("ALTER TABLE " + table + " ADD COLUMN " + name + " " + type);
    if (!st.ok()) return st;
  }
  return Status::Ok();
}

// The policy engine's vehicle columns (exemptions, machinery compliance, positioning).
Status add_vehicle_policy_columns(SqliteDb& db) {
  return add_missing_columns(db, "vehicles",
                             {{"exemption", "INTEGER NOT NULL DEFAULT 0"},
                              {"exemption_basis", "TEXT NOT NULL DEFAULT ''"},
                              {"exemption_until", "TEXT NOT NULL DEFAULT ''"},
                              {"machinery_registration", "INTEGER NOT NULL DEFAULT 0"},
                              {"test_report_valid_until", "TEXT NOT NULL DEFAULT ''"},
                              {"positioning", "INTEGER NOT NULL DEFAULT 0"}});
}

// The uplink's outbox columns: parked records (rejected by the platform as invalid, not resent)
// and the time of the last attempt.
Status add_outbox_columns(SqliteDb& db) {
  Status st = add_missing_columns(db, "outbox",
                                  {{"parked_unix_ms", "INTEGER"},
                                   {"park_reason", "TEXT NOT NULL DEFAULT ''"},
                                   {"last_attempt_unix_ms", "INTEGER"}});
  if (!st.ok()) return st;
  return db.exec(
      "CREATE INDEX IF NOT EXISTS outbox_parked ON outbox(parked_unix_ms) "
      "WHERE parked_unix_ms IS NOT NULL");
}

// The platform's vehicle check of a passage (schema step 10): status 0 = none made.
Status add_vehicle_check_columns(SqliteDb& db) {
  Status st = add_missing_columns(db, "passages",
                                  {{"check_status", "INTEGER NOT NULL DEFAULT 0"},
                                   {"check_may_pass", "INTEGER NOT NULL DEFAULT 0"},
                                   {"check_reason", "TEXT NOT NULL DEFAULT ''"},
                                   {"check_stage", "INTEGER NOT NULL DEFAULT 0"},
                                   {"check_fuel", "INTEGER NOT NULL DEFAULT 0"},
                                   {"check_vin", "TEXT NOT NULL DEFAULT ''"},
                                   {"check_registration_date", "TEXT NOT NULL DEFAULT ''"},
                                   {"check_serial", "TEXT NOT NULL DEFAULT ''"},
                                   {"check_latency_ms", "INTEGER NOT NULL DEFAULT 0"},
                                   {"check_ledger_mismatch", "TEXT NOT NULL DEFAULT ''"},
                                   {"check_degraded_mode", "TEXT NOT NULL DEFAULT ''"}});
  if (!st.ok()) return st;
  // The dashboard's list of passages whose platform records disagree with the ledger.
  return db.exec(
      "CREATE INDEX IF NOT EXISTS passages_ledger_mismatch ON passages(seq) "
      "WHERE check_ledger_mismatch != ''");
}

}  // namespace

int GateStore::latest_schema_version() {
  return static_cast<int>(migrations().size());
}

// Ordered steps; append new ones, never edit a released one (deploy/README.md, upgrades).
// Version 1 is the schema as it stood when versioning began: files from before (user_version 0)
// get the idempotent step 1, which adds what older releases lacked in place.
const std::vector<SchemaMigration>& GateStore::migrations() {
  static const std::vector<SchemaMigration> kSteps = {
      {1, "ledger, passages, outbox, audit chain, ledger history",
       [](SqliteDb& db) -> Status {
         if (Status st = db.exec(kSchema); !st.ok()) return st;
         if (Status st = add_outbox_columns(db); !st.ok()) return st;
         if (Status st = add_vehicle_policy_columns(db); !st.ok()) return st;
         if (Status st = AuditChain::create_tables(db); !st.ok()) return st;
         if (Status st = create_ledger_history_table(db); !st.ok()) return st;
         return db.run("INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', ?)",
                       {std::to_string(kSchemaVersion)});
       }},
      // The dashboard's tables. Releases before this step created web_users on first
      // use with the same definition, hence IF NOT EXISTS: such a file keeps its users.
      {2, "dashboard users and the manual alert level",
       [](SqliteDb& db) -> Status { return db.exec(kDashboardSchema); }},
      // The delivery metrics (outbox_stats) count acknowledged rows by creation time; without it
      // every check read the whole outbox (the uplink checks every 2 s).
      {3, "covering index for the outbox's delivery metrics",
       [](SqliteDb& db) -> Status {
         return db.exec(
             "CREATE INDEX IF NOT EXISTS outbox_created ON outbox(created_unix_ms, acked_unix_ms)");
       }},
      // Passages are stamped with the gate's clock; the camera's own time is kept beside it as
      // evidence. NULL in rows written before (their time_unix_ms may be the camera's).
      {4, "the camera's time of each passage",
       [](SqliteDb& db) -> Status {
         return add_missing_columns(db, "passages", {{"camera_time_unix_ms", "INTEGER"}});
       }},
      // The platform's receipts for the daily seals sent as anchors (seal_anchors.h); seals
      // sealed before this step have none and are sent with the next heartbeats.
      {5, "the platform's receipts for anchored seals",
       [](SqliteDb& db) -> Status { return create_seal_anchor_table(db); }},
      // What confirmed a PASSED outcome (loop, next camera event, timeout). 0 in rows written
      // before: their outcome entries in the chain have no confirmation line either.
      {6, "what confirmed each passed outcome",
       [](SqliteDb& db) -> Status {
         Status st =
             add_missing_columns(db, "passages", {{"confirmation", "INTEGER NOT NULL DEFAULT 0"}});
         if (!st.ok()) return st;
         return add_missing_columns(db, "passage_outcomes",
                                    {{"confirmation", "INTEGER NOT NULL DEFAULT 0"}});
       }},
      // Cargo entered after the passage (gate_store_cargo.cc). No existing row changes.
      {7, "the cargo of passages", [](SqliteDb& db) -> Status { return db.exec(kCargoSchema); }},
      // The plate close-up a camera sends besides its main picture (PlateRead.closeup_sha256).
      // '' in rows written before: their chain entries have no close-up line either.
      {8, "the plate close-up photo of each passage",
       [](SqliteDb& db) -> Status {
         Status st =
             add_missing_columns(db, "passages", {{"closeup_sha256", "TEXT NOT NULL DEFAULT ''"}});
         if (!st.ok()) return st;
         return db.exec("CREATE INDEX IF NOT EXISTS passages_closeup ON passages(closeup_sha256)");
       }},
      // The platform's control strategy in force at each decision (Passage.platform_strategy).
      // '' in rows written before: no strategy was kept, and their chain entries name none.
      {9, "the platform's control strategy of each passage",
       [](SqliteDb& db) -> Status {
         return add_missing_columns(db, "passages",
                                    {{"platform_strategy", "TEXT NOT NULL DEFAULT ''"},
                                     {"platform_strategy_code", "TEXT NOT NULL DEFAULT ''"}});
       }},
      // The platform's vehicle check at the read (gate.v1.VehicleCheck). 0 / '' in rows written
      // before: no check was made, and their chain entries have no check lines either.
      {10, "the platform's vehicle check of each passage",
       [](SqliteDb& db) -> Status { return add_vehicle_check_columns(db); }},
  };
  return kSteps;
}

Result<std::unique_ptr<GateStore>> GateStore::Open(const std::string& path, bool read_only) {
  auto db = SqliteDb::Open(path, read_only);
  if (!db.ok()) return Error{db.error()};
  std::unique_ptr<GateStore> store(new GateStore(std::move(db).value()));
  if (read_only) {
    if (Status st = check_not_newer(*store->db_, latest_schema_version(), kSchemaName); !st.ok()) {
      return Error{st.message()};
    }
    if (Status st = check_not_older(*store->db_, latest_schema_version(), kSchemaName); !st.ok()) {
      return Error{st.message()};
    }
  } else {
    if (Status st = store->migrate(); !st.ok()) {
      return Error{"cannot prepare database " + path + ": " + st.message()};
    }
  }
  return store;
}

Status GateStore::migrate() {
  if (auto v = apply_migrations(*db_, migrations(), kSchemaName); !v.ok()) return Error{v.error()};
  if (Status st = chain_.load_head(*db_); !st.ok()) return st;
  auto q = db_->prepare("SELECT value FROM meta WHERE key='schema_version'");
  if (!q.ok()) return Error{q.error()};
  auto row = q.value().step();
  if (!row.ok()) return Error{row.error()};
  if (row.value()) {
    int v = std::stoi(q.value().text(0));
    if (v > kSchemaVersion) {
      return Error{"database schema version " + std::to_string(v) +
                   " is newer than this gated supports (" + std::to_string(kSchemaVersion) +
                   "); upgrade gated"};
    }
    return Status::Ok();
  }
  return db_->run("INSERT INTO meta(key, value) VALUES('schema_version', ?)",
                  {std::to_string(kSchemaVersion)});
}

Status GateStore::check_clock_mode(bool simulated) {
  const std::string wanted = simulated ? "simulated" : "system";
  auto q = db_->prepare(
      "SELECT (SELECT value FROM meta WHERE key='clock'), (SELECT COUNT(*) FROM passages)");
  if (!q.ok()) return Error{q.error()};
  auto row = q.value().step();
  if (!row.ok()) return Error{row.error()};
  const bool marked = !q.value().is_null(0);
  const std::string mode = marked ? q.value().text(0) : "";
  const int64_t passages = q.value().int64(1);
  if (!marked && simulated && passages > 0) {
    return Error{"this database holds " + std::to_string(passages) +
                 " passages recorded on the system clock; simulation mode (--simulation-clock) "
                 "needs a database of its own (gate-sim creates one per run)"};
  }
  if (marked && mode != wanted) {
    return Error{simulated ? "this database was written on the system clock; simulation mode "
                             "needs a database of its own"
                           : "this database was written by a simulation run (gate-sim, simulated "
                             "clock) and is not a gate's record; point database_path at the "
                             "gate's own database"};
  }
  if (marked) return Status::Ok();
  return db_->run("INSERT INTO meta(key, value) VALUES('clock', ?)", {wanted});
}

}  // namespace gate::host
