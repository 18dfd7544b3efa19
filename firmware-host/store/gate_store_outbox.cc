// GateStore: the upload outbox (one row per record to send, acked, failed or parked).
#include "firmware-host/store/gate_store.h"

namespace gate::host {

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
    if (const int revision = cargo_revision_of_kind(row.kind); revision > 0) {
      auto c = read_cargo(row.passage_seq, revision);
      if (!c.ok()) return Error{c.error()};
      row.cargo = std::move(c).value();
    }
  }
  return rows;
}

Status GateStore::mark_acked(const std::vector<int64_t>& ids, int64_t now, int64_t photo_bytes) {
  Transaction tx(*db_);
  if (!tx.began()) return Error{"cannot start a transaction (is the database locked?)"};
  if (photo_bytes > 0) {
    Status st = db_->run(
        "INSERT INTO meta(key, value) VALUES('photo_bytes_sent', ?) ON CONFLICT(key) DO UPDATE "
        "SET value = CAST(value AS INTEGER) + CAST(excluded.value AS INTEGER)",
        {std::to_string(photo_bytes)});
    if (!st.ok()) return st;
  }
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
  s.photos_pending = backlog.value().is_null(3) ? 0 : backlog.value().int64(3);
  auto bytes = db_->prepare("SELECT CAST(value AS INTEGER) FROM meta WHERE key='photo_bytes_sent'");
  if (!bytes.ok()) return Error{bytes.error()};
  r = bytes.value().step();
  if (!r.ok()) return Error{r.error()};
  if (r.value()) s.photo_bytes_sent = bytes.value().int64(0);
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
