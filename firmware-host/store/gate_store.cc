#include "firmware-host/store/gate_store.h"

#include <algorithm>
#include <utility>

#include "firmware-host/store/schema_migrations.h"

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

// Vehicle columns of the policy engine (exemptions, machinery compliance), added in place to
// files created before them.
Status add_vehicle_policy_columns(SqliteDb& db) {
  static const std::pair<const char*, const char*> kColumns[] = {
      {"exemption", "INTEGER NOT NULL DEFAULT 0"},
      {"exemption_basis", "TEXT NOT NULL DEFAULT ''"},
      {"exemption_until", "TEXT NOT NULL DEFAULT ''"},
      {"machinery_registration", "INTEGER NOT NULL DEFAULT 0"},
      {"test_report_valid_until", "TEXT NOT NULL DEFAULT ''"},
      {"positioning", "INTEGER NOT NULL DEFAULT 0"},
  };
  auto q = db.prepare("SELECT name FROM pragma_table_info('vehicles')");
  if (!q.ok()) return Error{q.error()};
  std::vector<std::string> have;
  for (;;) {
    auto r = q.value().step();
    if (!r.ok()) return Error{r.error()};
    if (!r.value()) break;
    have.push_back(q.value().text(0));
  }
  for (const auto& [name, type] : kColumns) {
    if (std::find(have.begin(), have.end(), name) != have.end()) continue;
    Status st = db.exec(std::string("ALTER TABLE vehicles ADD COLUMN ") + name + " " + type);
    if (!st.ok()) return st;
  }
  return Status::Ok();
}

// Outbox columns of the uplink (parking, last attempt), added in place to files created before
// them. Checked by name rather than by schema_version so that this stays independent of other
// tables' migrations.
Status add_outbox_columns(SqliteDb& db) {
  static const std::pair<const char*, const char*> kColumns[] = {
      {"parked_unix_ms", "INTEGER"},  // set: rejected by the platform as invalid, not resent
      {"park_reason", "TEXT NOT NULL DEFAULT ''"},
      {"last_attempt_unix_ms", "INTEGER"},
  };
  auto q = db.prepare("SELECT name FROM pragma_table_info('outbox')");
  if (!q.ok()) return Error{q.error()};
  std::vector<std::string> have;
  for (;;) {
    auto r = q.value().step();
    if (!r.ok()) return Error{r.error()};
    if (!r.value()) break;
    have.push_back(q.value().text(0));
  }
  for (const auto& [name, type] : kColumns) {
    if (std::find(have.begin(), have.end(), name) != have.end()) continue;
    Status st = db.exec(std::string("ALTER TABLE outbox ADD COLUMN ") + name + " " + type);
    if (!st.ok()) return st;
  }
  return db.exec(
      "CREATE INDEX IF NOT EXISTS outbox_parked ON outbox(parked_unix_ms) "
      "WHERE parked_unix_ms IS NOT NULL");
}

std::string ledger_key(const gate::v1::Vehicle& v) {
  return v.plate().empty() ? "code:" + v.registration_code() : "plate:" + v.plate();
}

constexpr const char* kPassageColumns =
    "seq, gate_id, lane_id, direction, time_unix_ms, plate_read, read_color, confidence, "
    "camera_id, image_sha256, source, vehicle_known, v_plate, v_plate_color, v_class, v_vin, "
    "v_engine_no, v_registration_date, v_stage, v_fuel, v_fleet, verdict, rule_id, reason, "
    "policy_version, explanation, operator_id, alert_level, outcome, outcome_unix_ms";

gate::v1::Passage passage_from_row(const Statement& s) {
  gate::v1::Passage p;
  p.set_seq(s.int64(0));
  p.set_gate_id(s.text(1));
  p.set_lane_id(s.text(2));
  p.set_direction(static_cast<gate::v1::Direction>(s.int64(3)));
  p.set_time_unix_ms(s.int64(4));
  auto* r = p.mutable_read();
  r->set_plate_text(s.text(5));
  r->set_color(static_cast<gate::v1::PlateColor>(s.int64(6)));
  r->set_confidence(s.real(7));
  r->set_camera_id(s.text(8));
  r->set_image_sha256(s.text(9));
  r->set_source(s.text(10));
  r->set_lane_id(p.lane_id());
  r->set_time_unix_ms(p.time_unix_ms());
  r->set_direction(p.direction());
  p.set_vehicle_known(s.int64(11) != 0);
  if (p.vehicle_known()) {
    auto* v = p.mutable_vehicle();
    v->set_plate(s.text(12));
    v->set_plate_color(static_cast<gate::v1::PlateColor>(s.int64(13)));
    v->set_vehicle_class(static_cast<gate::v1::VehicleClass>(s.int64(14)));
    v->set_vin(s.text(15));
    v->set_engine_no(s.text(16));
    v->set_registration_date(s.text(17));
    v->set_emission_stage(static_cast<gate::v1::EmissionStage>(s.int64(18)));
    v->set_fuel_type(static_cast<gate::v1::FuelType>(s.int64(19)));
    v->set_fleet(s.text(20));
  }
  auto* d = p.mutable_decision();
  d->set_verdict(static_cast<gate::v1::Verdict>(s.int64(21)));
  d->set_rule_id(s.text(22));
  d->set_reason(s.text(23));
  d->set_policy_version(s.text(24));
  d->set_explanation(s.text(25));
  d->set_operator_id(s.text(26));
  p.set_alert_level(static_cast<gate::v1::AlertLevel>(s.int64(27)));
  p.set_outcome(static_cast<gate::v1::PassageOutcome>(s.int64(28)));
  p.set_outcome_time_unix_ms(s.int64(29));
  return p;
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

Status GateStore::upsert_vehicle(const gate::v1::Vehicle& v, int64_t now,
                                 const std::string& actor) {
  // The entry and its history row commit together, inside or outside a caller's transaction.
  if (Status st = db_->exec("SAVEPOINT vehicle_write"); !st.ok()) return st;
  Status st = record_vehicle_write(*db_, ledger_key(v), v, actor, now);
  if (st.ok()) st = write_vehicle(v, now);
  if (!st.ok()) {
    (void)db_->exec("ROLLBACK TO vehicle_write");
    (void)db_->exec("RELEASE vehicle_write");
    return st;
  }
  return db_->exec("RELEASE vehicle_write");
}

Status GateStore::write_vehicle(const gate::v1::Vehicle& v, int64_t now) {
  return db_->run(
      "INSERT INTO vehicles(ledger_key, plate, plate_color, vehicle_class, vin, engine_no, "
      "registration_date, emission_stage, fuel_type, vehicle_type, use, fleet, owner, "
      "registration_code, valid_from, valid_until, suspended, updated_unix_ms, exemption, "
      "exemption_basis, exemption_until, machinery_registration, test_report_valid_until, "
      "positioning) "
      "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(ledger_key) DO UPDATE "
      "SET "
      "plate=excluded.plate, plate_color=excluded.plate_color, "
      "vehicle_class=excluded.vehicle_class, vin=excluded.vin, engine_no=excluded.engine_no, "
      "registration_date=excluded.registration_date, emission_stage=excluded.emission_stage, "
      "fuel_type=excluded.fuel_type, vehicle_type=excluded.vehicle_type, use=excluded.use, "
      "fleet=excluded.fleet, owner=excluded.owner, registration_code=excluded.registration_code, "
      "valid_from=excluded.valid_from, valid_until=excluded.valid_until, "
      "suspended=excluded.suspended, updated_unix_ms=excluded.updated_unix_ms, "
      "exemption=excluded.exemption, exemption_basis=excluded.exemption_basis, "
      "exemption_until=excluded.exemption_until, "
      "machinery_registration=excluded.machinery_registration, "
      "test_report_valid_until=excluded.test_report_valid_until, "
      "positioning=excluded.positioning",
      {ledger_key(v),
       v.plate(),
       int64_t{v.plate_color()},
       int64_t{v.vehicle_class()},
       v.vin(),
       v.engine_no(),
       v.registration_date(),
       int64_t{v.emission_stage()},
       int64_t{v.fuel_type()},
       v.vehicle_type(),
       v.use(),
       v.fleet(),
       v.owner(),
       v.registration_code(),
       v.valid_from(),
       v.valid_until(),
       int64_t{v.suspended() ? 1 : 0},
       now,
       int64_t{v.exemption()},
       v.exemption_basis(),
       v.exemption_until(),
       int64_t{v.machinery_registration()},
       v.test_report_valid_until(),
       int64_t{v.positioning()}});
}

Status GateStore::replace_ledger(const std::vector<gate::v1::Vehicle>& vehicles, int64_t now,
                                 const std::string& actor) {
  Transaction tx(*db_);
  if (!tx.began()) return Error{"cannot start a transaction (is the database locked?)"};
  for (const auto& v : vehicles) {
    if (Status st = upsert_vehicle(v, now, actor); !st.ok()) {
      return Error{"ledger entry " + ledger_key(v) + ": " + st.message()};
    }
  }
  return tx.commit();
}

Result<std::vector<gate::v1::Vehicle>> GateStore::load_vehicles() {
  auto q = db_->prepare(
      "SELECT plate, plate_color, vehicle_class, vin, engine_no, registration_date, "
      "emission_stage, fuel_type, vehicle_type, use, fleet, owner, registration_code, "
      "valid_from, valid_until, suspended, exemption, exemption_basis, exemption_until, "
      "machinery_registration, test_report_valid_until, positioning FROM vehicles ORDER BY id");
  if (!q.ok()) return Error{q.error()};
  std::vector<gate::v1::Vehicle> out;
  auto& s = q.value();
  for (;;) {
    auto r = s.step();
    if (!r.ok()) return Error{r.error()};
    if (!r.value()) break;
    gate::v1::Vehicle v;
    v.set_plate(s.text(0));
    v.set_plate_color(static_cast<gate::v1::PlateColor>(s.int64(1)));
    v.set_vehicle_class(static_cast<gate::v1::VehicleClass>(s.int64(2)));
    v.set_vin(s.text(3));
    v.set_engine_no(s.text(4));
    v.set_registration_date(s.text(5));
    v.set_emission_stage(static_cast<gate::v1::EmissionStage>(s.int64(6)));
    v.set_fuel_type(static_cast<gate::v1::FuelType>(s.int64(7)));
    v.set_vehicle_type(s.text(8));
    v.set_use(s.text(9));
    v.set_fleet(s.text(10));
    v.set_owner(s.text(11));
    v.set_registration_code(s.text(12));
    v.set_valid_from(s.text(13));
    v.set_valid_until(s.text(14));
    v.set_suspended(s.int64(15) != 0);
    v.set_exemption(static_cast<gate::v1::ExemptionKind>(s.int64(16)));
    v.set_exemption_basis(s.text(17));
    v.set_exemption_until(s.text(18));
    v.set_machinery_registration(static_cast<gate::v1::MachineryRegistration>(s.int64(19)));
    v.set_test_report_valid_until(s.text(20));
    v.set_positioning(static_cast<gate::v1::PositioningStatus>(s.int64(21)));
    out.push_back(std::move(v));
  }
  return out;
}

Result<int64_t> GateStore::commit_passage(gate::v1::Passage& p, int64_t now) {
  Transaction tx(*db_);
  if (!tx.began())
    return Error{"cannot start a transaction (is the database locked or the disk full?)"};
  const auto& r = p.read();
  const auto& v = p.vehicle();
  const bool known = p.vehicle_known();
  auto opt_s = [&](const std::string& s) -> SqlValue { return known ? SqlValue(s) : nullptr; };
  auto opt_i = [&](int64_t i) -> SqlValue { return known ? SqlValue(i) : nullptr; };
  Status st = db_->run(
      std::string("INSERT INTO passages(") +
          "gate_id, lane_id, direction, time_unix_ms, plate_read, read_color, confidence, "
          "camera_id, image_sha256, source, vehicle_known, v_plate, v_plate_color, v_class, "
          "v_vin, v_engine_no, v_registration_date, v_stage, v_fuel, v_fleet, verdict, rule_id, "
          "reason, policy_version, explanation, operator_id, alert_level, outcome, "
          "outcome_unix_ms, committed_unix_ms) "
          "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
      {p.gate_id(),
       p.lane_id(),
       int64_t{p.direction()},
       p.time_unix_ms(),
       r.plate_text(),
       int64_t{r.color()},
       r.confidence(),
       r.camera_id(),
       r.image_sha256(),
       r.source(),
       int64_t{known ? 1 : 0},
       opt_s(v.plate()),
       opt_i(v.plate_color()),
       opt_i(v.vehicle_class()),
       opt_s(v.vin()),
       opt_s(v.engine_no()),
       opt_s(v.registration_date()),
       opt_i(v.emission_stage()),
       opt_i(v.fuel_type()),
       opt_s(v.fleet()),
       int64_t{p.decision().verdict()},
       p.decision().rule_id(),
       p.decision().reason(),
       p.decision().policy_version(),
       p.decision().explanation(),
       p.decision().operator_id(),
       int64_t{p.alert_level()},
       int64_t{p.outcome()},
       p.outcome_time_unix_ms(),
       now});
  if (!st.ok()) return Error{"cannot record passage: " + st.message()};
  int64_t seq = db_->last_insert_id();
  st = db_->run("INSERT INTO outbox(passage_seq, kind, created_unix_ms) VALUES(?, 'decision', ?)",
                {seq, now});
  if (!st.ok()) return Error{"cannot queue passage for upload: " + st.message()};
  // The evidence: the passage as decided, then (for a refusal) its outcome, in the chain.
  p.set_seq(seq);
  auto head = chain_.append(*db_, "passage", seq, now, canonical_passage(p));
  if (!head.ok()) return Error{head.error()};
  ChainHead new_head = head.value();
  if (p.outcome() != gate::v1::PASSAGE_OUTCOME_PENDING) {
    chain_.set_head(new_head);
    auto oh =
        chain_outcome(seq, p.outcome(), p.outcome_time_unix_ms() ? p.outcome_time_unix_ms() : now);
    if (!oh.ok()) {
      (void)chain_.load_head(*db_);
      return Error{oh.error()};
    }
    new_head = oh.value();
  }
  if (Status c = tx.commit(); !c.ok()) {
    (void)chain_.load_head(*db_);
    return Error{"cannot commit passage: " + c.message()};
  }
  chain_.set_head(new_head);
  return seq;
}

Status GateStore::set_outcome(int64_t seq, gate::v1::PassageOutcome outcome, int64_t now) {
  Transaction tx(*db_);
  if (!tx.began()) return Error{"cannot start a transaction (is the database locked?)"};
  Status st = db_->run("UPDATE passages SET outcome=?, outcome_unix_ms=? WHERE seq=?",
                       {int64_t{outcome}, now, seq});
  if (!st.ok()) return st;
  if (db_->changes() != 1) return Error{"no passage with seq " + std::to_string(seq)};
  st = db_->run("INSERT INTO outbox(passage_seq, kind, created_unix_ms) VALUES(?, 'outcome', ?)",
                {seq, now});
  if (!st.ok()) return st;
  auto head = chain_outcome(seq, outcome, now);
  if (!head.ok()) return Error{head.error()};
  if (Status c = tx.commit(); !c.ok()) return c;
  chain_.set_head(head.value());
  return Status::Ok();
}

Result<ChainHead> GateStore::chain_outcome(int64_t seq, gate::v1::PassageOutcome outcome,
                                           int64_t now) {
  auto id = insert_outcome_event(*db_, seq, outcome, now);
  if (!id.ok()) return Error{id.error()};
  return chain_.append(*db_, "outcome", id.value(), now, canonical_outcome(seq, outcome, now));
}

Result<std::vector<gate::v1::Passage>> GateStore::list_passages(const PassageFilter& f) {
  std::string sql = std::string("SELECT ") + kPassageColumns + " FROM passages WHERE 1=1";
  std::vector<SqlValue> args;
  if (f.from_unix_ms) {
    sql += " AND time_unix_ms >= ?";
    args.emplace_back(*f.from_unix_ms);
  }
  if (f.to_unix_ms) {
    sql += " AND time_unix_ms < ?";
    args.emplace_back(*f.to_unix_ms);
  }
  if (!f.plate.empty()) {
    sql += " AND plate_read = ?";
    args.emplace_back(f.plate);
  }
  if (f.verdict) {
    sql += " AND verdict = ?";
    args.emplace_back(int64_t{*f.verdict});
  }
  sql += " ORDER BY seq";
  if (f.limit > 0) sql += " LIMIT " + std::to_string(f.limit);
  auto q = db_->prepare(sql);
  if (!q.ok()) return Error{q.error()};
  for (std::size_t i = 0; i < args.size(); ++i) q.value().bind(static_cast<int>(i + 1), args[i]);
  std::vector<gate::v1::Passage> out;
  for (;;) {
    auto r = q.value().step();
    if (!r.ok()) return Error{r.error()};
    if (!r.value()) break;
    out.push_back(passage_from_row(q.value()));
  }
  return out;
}

Result<gate::v1::Passage> GateStore::read_passage(int64_t seq) {
  // Prepared once: verification and the uploader read passages one by one, many times.
  if (!read_passage_stmt_) {
    auto q = db_->prepare(std::string("SELECT ") + kPassageColumns + " FROM passages WHERE seq=?");
    if (!q.ok()) return Error{q.error()};
    read_passage_stmt_ = std::make_unique<Statement>(std::move(q).value());
  }
  Statement& q = read_passage_stmt_->reset().bind(1, seq);
  // A stepped statement holds its read snapshot open (WAL): reset on every path, or this
  // connection would never see rows committed by others (the uploader would stall).
  struct ResetOnExit {
    Statement& q;
    ~ResetOnExit() { q.reset(); }
  } guard{q};
  auto r = q.step();
  if (!r.ok()) return Error{r.error()};
  if (!r.value()) return Error{"no passage with seq " + std::to_string(seq)};
  return passage_from_row(q);
}

Result<std::vector<int64_t>> GateStore::pending_passages() {
  auto q = db_->prepare("SELECT seq FROM passages WHERE outcome=? ORDER BY seq");
  if (!q.ok()) return Error{q.error()};
  q.value().bind(1, int64_t{gate::v1::PASSAGE_OUTCOME_PENDING});
  std::vector<int64_t> out;
  for (;;) {
    auto r = q.value().step();
    if (!r.ok()) return Error{r.error()};
    if (!r.value()) break;
    out.push_back(q.value().int64(0));
  }
  return out;
}

Result<std::vector<OutboxRow>> GateStore::next_outbox(int limit) {
  auto q = db_->prepare(
      "SELECT id, passage_seq, kind, created_unix_ms, attempts FROM outbox "
      "WHERE acked_unix_ms IS NULL AND parked_unix_ms IS NULL ORDER BY id LIMIT ?");
  if (!q.ok()) return Error{q.error()};
  q.value().bind(1, int64_t{limit});
  std::vector<OutboxRow> rows;
  for (;;) {
    auto r = q.value().step();
    if (!r.ok()) return Error{r.error()};
    if (!r.value()) break;
    OutboxRow row;
    row.id = q.value().int64(0);
    row.passage_seq = q.value().int64(1);
    row.kind = q.value().text(2);
    row.created_unix_ms = q.value().int64(3);
    row.attempts = static_cast<int>(q.value().int64(4));
    rows.push_back(std::move(row));
  }
  for (auto& row : rows) {
    auto p = read_passage(row.passage_seq);
    if (!p.ok()) return Error{p.error()};
    row.passage = std::move(p).value();
  }
  return rows;
}

Status GateStore::mark_acked(const std::vector<int64_t>& ids, int64_t now) {
  Transaction tx(*db_);
  if (!tx.began()) return Error{"cannot start a transaction (is the database locked?)"};
  auto q = db_->prepare(
      "UPDATE outbox SET acked_unix_ms=?, last_attempt_unix_ms=?, attempts=attempts+1 "
      "WHERE id=? AND acked_unix_ms IS NULL");
  if (!q.ok()) return Error{q.error()};
  for (int64_t id : ids) {
    auto r = q.value().reset().bind(1, now).bind(2, now).bind(3, id).step();
    if (!r.ok()) return Error{r.error()};
  }
  return tx.commit();
}

Status GateStore::mark_failed(const std::vector<int64_t>& ids, const std::string& error) {
  Transaction tx(*db_);
  if (!tx.began()) return Error{"cannot start a transaction (is the database locked?)"};
  for (int64_t id : ids) {
    Status st =
        db_->run("UPDATE outbox SET attempts=attempts+1, last_error=? WHERE id=?", {error, id});
    if (!st.ok()) return st;
  }
  return tx.commit();
}

Status GateStore::mark_parked(int64_t id, const std::string& reason, int64_t now) {
  Status st = db_->run(
      "UPDATE outbox SET parked_unix_ms=?, park_reason=?, last_attempt_unix_ms=?, "
      "attempts=attempts+1 WHERE id=? AND acked_unix_ms IS NULL",
      {now, reason, now, id});
  if (!st.ok()) return st;
  if (db_->changes() != 1) return Error{"no unacknowledged outbox row " + std::to_string(id)};
  return Status::Ok();
}

Result<std::vector<ParkedRow>> GateStore::parked_outbox(int limit) {
  auto q = db_->prepare(
      "SELECT o.id, o.passage_seq, o.kind, p.gate_id, o.created_unix_ms, o.parked_unix_ms, "
      "o.park_reason FROM outbox o JOIN passages p ON p.seq = o.passage_seq "
      "WHERE o.parked_unix_ms IS NOT NULL AND o.acked_unix_ms IS NULL ORDER BY o.id LIMIT ?");
  if (!q.ok()) return Error{q.error()};
  q.value().bind(1, int64_t{limit});
  std::vector<ParkedRow> out;
  for (;;) {
    auto r = q.value().step();
    if (!r.ok()) return Error{r.error()};
    if (!r.value()) break;
    const auto& s = q.value();
    out.push_back(
        {s.int64(0), s.int64(1), s.text(2), s.text(3), s.int64(4), s.int64(5), s.text(6)});
  }
  return out;
}

Result<int64_t> GateStore::requeue_parked() {
  Status st = db_->run(
      "UPDATE outbox SET parked_unix_ms=NULL WHERE parked_unix_ms IS NOT NULL "
      "AND acked_unix_ms IS NULL",
      {});
  if (!st.ok()) return Error{st.message()};
  return int64_t{db_->changes()};
}

Result<OutboxStats> GateStore::outbox_stats(int64_t live_window_ms, int64_t since) {
  // Two indexed reads, so that the cost follows the backlog and the rows since `since`, not the
  // outbox's whole history (a year at a busy gate is ~700 k rows, which a full scan read in
  // 0.66 s here): the unacknowledged rows through outbox_pending, the acknowledged ones through
  // the covering index outbox_created (schema step 3).
  auto backlog = db_->prepare(kOutboxBacklogSql);
  if (!backlog.ok()) return Error{backlog.error()};
  auto r = backlog.value().step();
  if (!r.ok()) return Error{r.error()};
  OutboxStats s;
  s.pending = backlog.value().int64(0);
  s.oldest_pending_unix_ms = backlog.value().is_null(1) ? 0 : backlog.value().int64(1);
  s.parked = backlog.value().int64(2);
  auto acked = db_->prepare(kOutboxDeliveredSql);
  if (!acked.ok()) return Error{acked.error()};
  acked.value().bind(1, live_window_ms).bind(2, since);
  r = acked.value().step();
  if (!r.ok()) return Error{r.error()};
  s.acked = acked.value().int64(0);
  s.acked_within_window = acked.value().int64(1);
  return s;
}

}  // namespace gate::host
