#include "firmware-host/plant/plant_schema.h"

namespace gate::host {
namespace {

// Version 1: the gates the plant has heard from and a copy of every gate's passages. A passage
// is keyed as everywhere else by (gate_id, seq), the gate's own sequence; `record` is the JSON
// that auditors receive (audit/record_json.h) and `canonical` the bytes the gate's audit chain
// hashed (store/canonical_record.h), so the plant's copy can be checked against the gate's chain.
constexpr const char* kStep1 = R"sql(
CREATE TABLE gates (
  gate_id text PRIMARY KEY,
  first_contact timestamptz NOT NULL DEFAULT now(),
  last_contact timestamptz NOT NULL DEFAULT now(),
  last_seq bigint NOT NULL DEFAULT 0
);
CREATE TABLE passages (
  gate_id text NOT NULL REFERENCES gates (gate_id),
  seq bigint NOT NULL,
  passage_key text NOT NULL UNIQUE,
  time_unix_ms bigint NOT NULL,
  time timestamptz NOT NULL,
  lane_id text NOT NULL,
  direction text NOT NULL,
  plate text NOT NULL,
  verdict text NOT NULL,
  rule_id text NOT NULL,
  explanation text NOT NULL,
  outcome text NOT NULL,
  record jsonb NOT NULL,
  canonical text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (gate_id, seq)
);
CREATE INDEX passages_time ON passages (time);
CREATE INDEX passages_plate ON passages (plate);
)sql";

// Version 2: the plant-wide share (docs/plant.md §3). One tally row per share window and counter,
// holding the plant's releases and the allowances granted (the row every settlement locks), and
// one lease row per gate: what the plant counted of the gate's releases and the allowance the
// gate holds, in basis points of a truck. The rule's terms are kept with the tally so that a gate
// running another policy is noticed.
constexpr const char* kStep2 = R"sql(
CREATE TABLE share_tally (
  day text NOT NULL,
  counter text NOT NULL,
  target_bp bigint NOT NULL,
  mode text NOT NULL,
  opening_allowance bigint NOT NULL,
  released bigint NOT NULL DEFAULT 0,
  qualifying bigint NOT NULL DEFAULT 0,
  granted_bp bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (day, counter)
);
CREATE TABLE share_leases (
  day text NOT NULL,
  counter text NOT NULL,
  gate_id text NOT NULL REFERENCES gates (gate_id),
  reported_released bigint NOT NULL DEFAULT 0,
  reported_qualifying bigint NOT NULL DEFAULT 0,
  allowance_bp bigint NOT NULL DEFAULT 0,
  settled_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (day, counter, gate_id),
  FOREIGN KEY (day, counter) REFERENCES share_tally (day, counter)
);
)sql";

// Version 3: the plant's master ledger (docs/plant.md §4). ledger_entries holds each entry as
// it stands, with the plant-wide revision that last changed it (gates pull after their cursor);
// ledger_revisions holds every edit received, from the plant or a gate, also those that lost to
// a later edit (applied = false). (origin, origin_id) is the edit's key at its origin, the
// gate's vehicle_history id, so a gate's edits are taken exactly once.
constexpr const char* kStep3 = R"sql(
CREATE TABLE ledger_revisions (
  revision bigserial PRIMARY KEY,
  ledger_key text NOT NULL,
  vehicle bytea NOT NULL,
  edited_at_unix_ms bigint NOT NULL,
  edited_by text NOT NULL,
  origin text NOT NULL,
  origin_id bigint,
  applied boolean NOT NULL DEFAULT false,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (origin, origin_id)
);
CREATE INDEX ledger_revisions_key ON ledger_revisions (ledger_key, revision);
CREATE TABLE ledger_entries (
  ledger_key text PRIMARY KEY,
  vehicle bytea NOT NULL,
  plate text NOT NULL,
  edited_at_unix_ms bigint NOT NULL,
  edited_by text NOT NULL,
  origin text NOT NULL,
  revision bigint NOT NULL
);
CREATE INDEX ledger_entries_revision ON ledger_entries (revision);
)sql";

// One script is one transaction; the advisory lock makes connections that create the table at
// the same moment (a gate's passage pusher and ledger worker, gates starting together) take
// turns, where CREATE TABLE IF NOT EXISTS alone can fail on a duplicate type name.
// Version 4: each gate's own side of its link, as the gate reports it after a round
// (gate_report.h): its latest seq and the decision time of its oldest passage not yet at the
// plant (0: none). NULL until a gate of this release reports; the lag is then unknown.
constexpr const char* kStep4 = R"sql(
ALTER TABLE gates ADD COLUMN gate_seq bigint,
                  ADD COLUMN backlog_oldest_unix_ms bigint,
                  ADD COLUMN reported_at timestamptz;
)sql";

// Version 5: the plant's alert level (plant_alert.h): one row, changed in place, its revision
// growing with every change so that each gate takes a change once.
constexpr const char* kStep5 = R"sql(
CREATE TABLE plant_alert (
  id integer PRIMARY KEY CHECK (id = 1),
  level text,
  set_by text NOT NULL DEFAULT '',
  reason text NOT NULL DEFAULT '',
  set_unix_ms bigint NOT NULL DEFAULT 0,
  revision bigint NOT NULL DEFAULT 0
);
INSERT INTO plant_alert (id) VALUES (1);
)sql";

// Version 6: the plant's policy (plant_policy.h): one row, its revision growing with every
// change, and the policy each gate reports it runs.
constexpr const char* kStep6 = R"sql(
CREATE TABLE plant_policy (
  id integer PRIMARY KEY CHECK (id = 1),
  policy_text text NOT NULL DEFAULT '',
  label text NOT NULL DEFAULT '',
  sha256 text NOT NULL DEFAULT '',
  set_by text NOT NULL DEFAULT '',
  set_unix_ms bigint NOT NULL DEFAULT 0,
  revision bigint NOT NULL DEFAULT 0
);
INSERT INTO plant_policy (id) VALUES (1);
ALTER TABLE gates ADD COLUMN policy_label text, ADD COLUMN policy_sha256 text;
)sql";

constexpr const char* kVersionTable = R"sql(
SELECT pg_advisory_xact_lock(2203840714);
CREATE TABLE IF NOT EXISTS schema_version (
  id integer PRIMARY KEY CHECK (id = 1),
  version integer NOT NULL
);
INSERT INTO schema_version (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
)sql";

Status check_steps_numbered(const std::vector<PlantMigration>& steps) {
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].version != static_cast<int>(i) + 1) {
      return Error{"programming error: plant migration steps must be numbered 1, 2, 3…"};
    }
  }
  return Status::Ok();
}

Status refuse_newer(int found, int latest) {
  if (found <= latest) return Status::Ok();
  return Error{"the plant database is at schema version " + std::to_string(found) +
               ", but this release knows versions up to " + std::to_string(latest) +
               ": it was migrated by a newer release. Install that release (or newer) on this "
               "gate; the plant database cannot be downgraded"};
}

// One step: lock the version row, re-read it (another gate may have migrated meanwhile), apply.
Result<bool> apply_step(drivers::pg::Connection& db, const PlantMigration& step, int latest) {
  auto tx = drivers::pg::Transaction::Begin(db);
  if (!tx.ok()) return Error{tx.error()};
  auto row = db.exec("SELECT version FROM schema_version WHERE id = 1 FOR UPDATE");
  if (!row.ok()) return Error{row.error()};
  const int at = std::stoi(row.value().text(0, 0));
  if (Status st = refuse_newer(at, latest); !st.ok()) return Error{st.message()};
  if (at >= step.version) return false;  // done by another gate
  if (Status st = db.exec_script(step.sql); !st.ok()) return Error{st.message()};
  auto bump = db.exec("UPDATE schema_version SET version = $1 WHERE id = 1",
                      {std::to_string(step.version)});
  if (!bump.ok()) return Error{bump.error()};
  if (Status st = tx.value()->commit(); !st.ok()) return Error{st.message()};
  return true;
}

}  // namespace

const std::vector<PlantMigration>& plant_migrations() {
  static const std::vector<PlantMigration> steps = {
      {1, "gates and their passages", kStep1},
      {2, "the plant-wide share: tallies and the gates' leases", kStep2},
      {3, "the master ledger and its revisions", kStep3},
      {4, "each gate's own latest seq and backlog", kStep4},
      {5, "the plant's alert level", kStep5},
      {6, "the plant's policy and the gates' own", kStep6},
  };
  return steps;
}

int latest_plant_schema_version() {
  return static_cast<int>(plant_migrations().size());
}

Result<int> plant_schema_version(drivers::pg::Connection& db) {
  auto exists = db.exec("SELECT to_regclass('schema_version') IS NOT NULL");
  if (!exists.ok()) return Error{exists.error()};
  if (exists.value().text(0, 0) != "t") return 0;
  auto row = db.exec("SELECT version FROM schema_version WHERE id = 1");
  if (!row.ok()) return Error{row.error()};
  if (row.value().rows.empty()) return 0;
  return std::stoi(row.value().text(0, 0));
}

Result<int> apply_plant_migrations(drivers::pg::Connection& db,
                                   const std::vector<PlantMigration>& steps) {
  if (Status st = check_steps_numbered(steps); !st.ok()) return Error{st.message()};
  const int latest = static_cast<int>(steps.size());
  auto found = plant_schema_version(db);
  if (!found.ok()) return Error{"cannot read the plant schema version: " + found.error()};
  if (Status st = refuse_newer(found.value(), latest); !st.ok()) return Error{st.message()};
  if (found.value() == latest) return found.value();
  if (Status st = db.exec_script(kVersionTable); !st.ok()) {
    return Error{
        "cannot create the plant's schema_version table (does the role own the "
        "database? see deploy/plant-db.sh): " +
        st.message()};
  }
  for (const auto& step : steps) {
    if (step.version <= found.value()) continue;
    auto done = apply_step(db, step, latest);
    if (!done.ok()) {
      return Error{"migrating the plant database to version " + std::to_string(step.version) +
                   " (" + step.description + ") failed, it is left at version " +
                   std::to_string(step.version - 1) + ": " + done.error()};
    }
  }
  return found.value();
}

}  // namespace gate::host
