#include "firmware-host/audit/daily_seal.h"

#include <algorithm>

namespace gate::host {

std::string canonical_seal(const Seal& s) {
  return "gate-seal/1\ngate=" + s.gate_id + "\ndate=" + s.date +
         "\nfirst_chain_id=" + std::to_string(s.first_chain_id) +
         "\nlast_chain_id=" + std::to_string(s.last_chain_id) + "\nlast_hash=" + s.last_hash +
         "\npassages=" + std::to_string(s.passages) + "\noutcomes=" + std::to_string(s.outcomes) +
         "\n";
}

namespace {

// Signs and stores the seal of one day's chain range [first_id, last_id].
Status write_seal(SqliteDb& db, const SigningKey& key, Seal& s, int64_t now) {
  auto q = db.prepare(
      "SELECT SUM(kind = 'passage'), SUM(kind = 'outcome'), "
      "(SELECT hash FROM chain WHERE id = ?3) FROM chain WHERE id BETWEEN ?1 AND ?3");
  if (!q.ok()) return Error{q.error()};
  q.value().bind(1, s.first_chain_id).bind(3, s.last_chain_id);
  auto r = q.value().step();
  if (!r.ok()) return Error{r.error()};
  s.passages = q.value().int64(0);
  s.outcomes = q.value().int64(1);
  s.last_hash = q.value().text(2);
  s.key_id = key.key_id();
  s.signature = key.sign_hex(canonical_seal(s));
  Status st = db.run(
      "INSERT INTO seals(date, gate_id, first_chain_id, last_chain_id, last_hash, passages, "
      "outcomes, key_id, signature, sealed_unix_ms) VALUES(?,?,?,?,?,?,?,?,?,?)",
      {s.date, s.gate_id, s.first_chain_id, s.last_chain_id, s.last_hash, s.passages, s.outcomes,
       s.key_id, s.signature, now});
  if (!st.ok()) return Error{"cannot write the seal of " + s.date + ": " + st.message()};
  return Status::Ok();
}

struct DayRange {
  std::string date;
  int64_t last_id;
};

// The local days with chain entries after `sealed_up_to`, in chain order.
Result<std::vector<DayRange>> days_after(SqliteDb& db, int64_t sealed_up_to,
                                         int utc_offset_minutes) {
  auto q = db.prepare(
      "SELECT strftime('%Y-%m-%d', time_unix_ms / 1000 + ?, 'unixepoch') AS d, MAX(id) "
      "FROM chain WHERE id > ? GROUP BY d ORDER BY MIN(id)");
  if (!q.ok()) return Error{q.error()};
  q.value().bind(1, int64_t{utc_offset_minutes} * 60).bind(2, sealed_up_to);
  std::vector<DayRange> days;
  for (;;) {
    auto r = q.value().step();
    if (!r.ok()) return Error{r.error()};
    if (!r.value()) break;
    days.push_back({q.value().text(0), q.value().int64(1)});
  }
  return days;
}

}  // namespace

// One write transaction taken up front (BEGIN IMMEDIATE, waiting out other writers such as the
// retention worker or the uploader): a read that later turned into a write could fail at once
// with "database is locked" when another connection wrote in between.
Result<int> seal_closed_days(SqliteDb& db, const SigningKey& key, const std::string& gate_id,
                             const std::string& today, int utc_offset_minutes, int64_t now) {
  Transaction tx(db);
  if (!tx.began()) return Error{"cannot start writing the seals (the database is busy)"};
  int64_t sealed_up_to = 0;
  {
    auto q = db.prepare("SELECT COALESCE(MAX(last_chain_id), 0) FROM seals");
    if (!q.ok()) return Error{q.error()};
    auto r = q.value().step();
    if (!r.ok()) return Error{r.error()};
    sealed_up_to = q.value().int64(0);
  }
  auto days = days_after(db, sealed_up_to, utc_offset_minutes);
  if (!days.ok()) return Error{days.error()};
  int written = 0;
  for (const auto& day : days.value()) {
    if (day.date >= today) break;  // the current day is sealed after it ends
    Seal s;
    s.date = day.date;
    s.gate_id = gate_id;
    s.first_chain_id = sealed_up_to + 1;
    s.last_chain_id = std::max(day.last_id, sealed_up_to + 1);
    if (Status st = write_seal(db, key, s, now); !st.ok()) return Error{st.message()};
    sealed_up_to = s.last_chain_id;
    ++written;
  }
  if (Status st = tx.commit(); !st.ok()) return Error{"cannot commit the seals: " + st.message()};
  return written;
}

Result<std::vector<Seal>> load_seals(SqliteDb& db) {
  auto q = db.prepare(
      "SELECT date, gate_id, first_chain_id, last_chain_id, last_hash, passages, outcomes, "
      "key_id, signature FROM seals ORDER BY first_chain_id");
  if (!q.ok()) return Error{q.error()};
  std::vector<Seal> out;
  for (;;) {
    auto r = q.value().step();
    if (!r.ok()) return Error{r.error()};
    if (!r.value()) break;
    auto& s = q.value();
    out.push_back({s.text(0), s.text(1), s.int64(2), s.int64(3), s.text(4), s.int64(5), s.int64(6),
                   s.text(7), s.text(8)});
  }
  return out;
}

}  // namespace gate::host
