#include "firmware-host/store/seal_anchors.h"

namespace gate::host {

Status create_seal_anchor_table(SqliteDb& db) {
  return db.exec(R"sql(
CREATE TABLE IF NOT EXISTS seal_anchors (
  date TEXT PRIMARY KEY REFERENCES seals(date),
  last_chain_id INTEGER NOT NULL,
  receipt TEXT NOT NULL,
  acked_unix_ms INTEGER NOT NULL);
)sql");
}

Result<std::vector<Seal>> unanchored_seals(SqliteDb& db, int limit) {
  auto q = db.prepare(
      "SELECT s.date, s.gate_id, s.first_chain_id, s.last_chain_id, s.last_hash, s.passages, "
      "s.outcomes, s.key_id, s.signature FROM seals s LEFT JOIN seal_anchors a ON a.date = s.date "
      "WHERE a.date IS NULL ORDER BY s.first_chain_id LIMIT ?");
  if (!q.ok()) return Error{"cannot read the seals to anchor: " + q.error()};
  q.value().bind(1, int64_t{limit});
  std::vector<Seal> out;
  for (;;) {
    auto r = q.value().step();
    if (!r.ok()) return Error{"cannot read the seals to anchor: " + r.error()};
    if (!r.value()) break;
    auto& s = q.value();
    out.push_back({s.text(0), s.text(1), s.int64(2), s.int64(3), s.text(4), s.int64(5), s.int64(6),
                   s.text(7), s.text(8)});
  }
  return out;
}

Result<bool> record_seal_receipt(SqliteDb& db, const std::string& date, int64_t last_chain_id,
                                 const std::string& receipt, int64_t now_unix_ms) {
  Status st = db.run(
      "INSERT OR IGNORE INTO seal_anchors(date, last_chain_id, receipt, acked_unix_ms) "
      "SELECT date, last_chain_id, ?3, ?4 FROM seals WHERE date = ?1 AND last_chain_id = ?2",
      {date, last_chain_id, receipt, now_unix_ms});
  if (!st.ok())
    return Error{"cannot record the platform's receipt for " + date + ": " + st.message()};
  return db.changes() > 0;
}

Result<SealAnchorCounts> seal_anchor_counts(SqliteDb& db) {
  auto q = db.prepare("SELECT (SELECT COUNT(*) FROM seals), (SELECT COUNT(*) FROM seal_anchors)");
  if (!q.ok()) return Error{q.error()};
  auto r = q.value().step();
  if (!r.ok()) return Error{r.error()};
  return SealAnchorCounts{q.value().int64(0), q.value().int64(1)};
}

}  // namespace gate::host
