#include "firmware-host/store/audit_chain.h"

namespace gate::host {

Status AuditChain::create_tables(SqliteDb& db) {
  return db.exec(R"sql(
CREATE TABLE IF NOT EXISTS passage_outcomes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  passage_seq INTEGER NOT NULL REFERENCES passages(seq),
  outcome INTEGER NOT NULL,
  time_unix_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS chain (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  ref INTEGER NOT NULL,
  time_unix_ms INTEGER NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chain_ref ON chain(kind, ref);
CREATE TABLE IF NOT EXISTS seals (
  date TEXT PRIMARY KEY,
  gate_id TEXT NOT NULL,
  first_chain_id INTEGER NOT NULL,
  last_chain_id INTEGER NOT NULL,
  last_hash TEXT NOT NULL,
  passages INTEGER NOT NULL,
  outcomes INTEGER NOT NULL,
  key_id TEXT NOT NULL,
  signature TEXT NOT NULL,
  sealed_unix_ms INTEGER NOT NULL);
)sql");
}

Status AuditChain::load_head(SqliteDb& db) {
  auto q = db.prepare("SELECT id, hash FROM chain ORDER BY id DESC LIMIT 1");
  if (!q.ok()) return Error{q.error()};
  auto row = q.value().step();
  if (!row.ok()) return Error{row.error()};
  head_ = ChainHead{};
  if (row.value()) head_ = ChainHead{q.value().int64(0), q.value().text(1)};
  return Status::Ok();
}

Result<ChainHead> AuditChain::append(SqliteDb& db, const std::string& kind, int64_t ref,
                                     int64_t time_unix_ms, const std::string& canonical) {
  // The head is read again inside the caller's (write) transaction: gatectl and the dashboard
  // append cargo entries from connections of their own, so a head cached at open may be stale.
  if (Status st = load_head(db); !st.ok()) return Error{st.message()};
  ChainHead next{head_.id + 1, chain_hash(head_.hash, canonical)};
  Status st =
      db.run("INSERT INTO chain(id, kind, ref, time_unix_ms, prev_hash, hash) VALUES(?,?,?,?,?,?)",
             {next.id, kind, ref, time_unix_ms, head_.hash, next.hash});
  if (!st.ok()) return Error{"cannot append to the audit chain: " + st.message()};
  return next;
}

Result<int64_t> insert_outcome_event(SqliteDb& db, int64_t passage_seq,
                                     gate::v1::PassageOutcome outcome, int64_t time_unix_ms,
                                     gate::v1::PassageConfirmation confirmation) {
  Status st = db.run(
      "INSERT INTO passage_outcomes(passage_seq, outcome, time_unix_ms, confirmation) "
      "VALUES(?,?,?,?)",
      {passage_seq, int64_t{outcome}, time_unix_ms, int64_t{confirmation}});
  if (!st.ok()) return Error{"cannot record outcome: " + st.message()};
  return db.last_insert_id();
}

}  // namespace gate::host
