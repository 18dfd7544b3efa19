#include "firmware-host/store/ledger_documents.h"

namespace gate::host {
namespace {

Result<bool> table_exists(SqliteDb& db) {
  auto q = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='ledger_documents'");
  if (!q.ok()) return Error{q.error()};
  return q.value().step();
}

// The history entry of an attach. Its snapshot is the entry's latest snapshot copied byte for
// byte (so the next upsert still diffs against exactly what was written before), or the entry
// as the caller read it when the history has none yet (entries older than the history).
Status record_attach(SqliteDb& db, const LedgerDocument& d, const gate::v1::Vehicle& entry) {
  const std::string code(rules::document_code(d.kind));
  const std::string changes = "document " + code + " (" +
                              std::string(rules::document_name_zh(d.kind)) +
                              ") attached: " + d.sha256 + " from " + d.original_name + " (" +
                              std::to_string(d.bytes) + " bytes)";
  const std::string actor = d.added_by.empty() ? std::string("unknown") : d.added_by;
  Status st = db.run(
      "INSERT INTO vehicle_history(ledger_key, time_unix_ms, actor, action, changes, snapshot) "
      "SELECT ?, ?, ?, 'attach', ?, snapshot FROM vehicle_history WHERE ledger_key=? "
      "ORDER BY id DESC LIMIT 1",
      {d.ledger_key, d.added_unix_ms, actor, changes, d.ledger_key});
  if (!st.ok() || db.changes() > 0) return st;
  std::string snapshot;
  entry.SerializeToString(&snapshot);
  return db.run(
      "INSERT INTO vehicle_history(ledger_key, time_unix_ms, actor, action, changes, snapshot) "
      "VALUES(?,?,?,'attach',?,?)",
      {d.ledger_key, d.added_unix_ms, actor, changes, snapshot});
}

Result<bool> insert_and_record(SqliteDb& db, const LedgerDocument& d,
                               const gate::v1::Vehicle& entry) {
  if (Status st = create_ledger_documents_table(db); !st.ok()) return Error{st.message()};
  Status st = db.run(
      "INSERT OR IGNORE INTO ledger_documents(ledger_key, kind, sha256, original_name, bytes, "
      "added_unix_ms, added_by) VALUES(?,?,?,?,?,?,?)",
      {d.ledger_key, std::string(rules::document_code(d.kind)), d.sha256, d.original_name, d.bytes,
       d.added_unix_ms, d.added_by});
  if (!st.ok()) return Error{st.message()};
  if (db.changes() == 0) return false;  // already attached
  if (Status h = record_attach(db, d, entry); !h.ok()) return Error{h.message()};
  return true;
}

}  // namespace

std::string ledger_key_of(const gate::v1::Vehicle& v) {
  return v.plate().empty() ? "code:" + v.registration_code() : "plate:" + v.plate();
}

Status create_ledger_documents_table(SqliteDb& db) {
  return db.exec(R"sql(
CREATE TABLE IF NOT EXISTS ledger_documents (
  ledger_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  original_name TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  added_unix_ms INTEGER NOT NULL,
  added_by TEXT NOT NULL,
  PRIMARY KEY (ledger_key, kind, sha256));
)sql");
}

Result<bool> add_ledger_document(SqliteDb& db, const LedgerDocument& d,
                                 const gate::v1::Vehicle& entry) {
  // The row and its history entry commit together, inside or outside a caller's transaction.
  if (Status st = db.exec("SAVEPOINT ledger_document"); !st.ok()) return Error{st.message()};
  auto added = insert_and_record(db, d, entry);
  if (!added.ok()) {
    (void)db.exec("ROLLBACK TO ledger_document");
    (void)db.exec("RELEASE ledger_document");
    return added;
  }
  if (Status st = db.exec("RELEASE ledger_document"); !st.ok()) return Error{st.message()};
  return added;
}

Result<std::vector<LedgerDocument>> list_ledger_documents(SqliteDb& db,
                                                          const std::string& ledger_key) {
  std::vector<LedgerDocument> out;
  auto exists = table_exists(db);
  if (!exists.ok()) return Error{exists.error()};
  if (!exists.value()) return out;  // nothing was ever attached in this database
  auto q = db.prepare(
      "SELECT ledger_key, kind, sha256, original_name, bytes, added_unix_ms, added_by "
      "FROM ledger_documents WHERE ?1 = '' OR ledger_key = ?1 "
      "ORDER BY ledger_key, kind, added_unix_ms, sha256");
  if (!q.ok()) return Error{q.error()};
  q.value().bind(1, ledger_key);
  for (;;) {
    auto r = q.value().step();
    if (!r.ok()) return Error{r.error()};
    if (!r.value()) break;
    const auto& s = q.value();
    auto kind = rules::document_kind_from_code(s.text(1));
    if (!kind) {
      return Error{"ledger_documents has a row of unknown kind '" + s.text(1) + "' for " +
                   s.text(0) + "; it was written by a newer gatectl, use that one"};
    }
    out.push_back({s.text(0), *kind, s.text(2), s.text(3), s.int64(4), s.int64(5), s.text(6)});
  }
  return out;
}

}  // namespace gate::host
