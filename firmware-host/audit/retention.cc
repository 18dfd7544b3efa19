#include "firmware-host/audit/retention.h"

#include <cstdio>
#include <filesystem>
#include <set>
#include <vector>

#include "firmware-host/audit/daily_seal.h"
#include "firmware-host/store/photo_store.h"
#include "rules/civil_date.h"
#include "rules/local_time.h"

namespace gate::host {
namespace {

// The ids (refs) of the chain entries of `kind` in [first, last].
Result<std::vector<int64_t>> refs_in(SqliteDb& db, const char* kind, int64_t first, int64_t last) {
  auto q = db.prepare("SELECT ref FROM chain WHERE kind=? AND id BETWEEN ? AND ?");
  if (!q.ok()) return Error{q.error()};
  q.value().bind(1, std::string(kind)).bind(2, first).bind(3, last);
  return q.value().int64_rows();
}

// Runs `sql` with one integer parameter for each id.
Status for_each_id(SqliteDb& db, const char* sql, const std::vector<int64_t>& ids) {
  auto q = db.prepare(sql);
  if (!q.ok()) return Error{q.error()};
  for (int64_t id : ids) {
    auto r = q.value().reset().bind(1, id).step();
    if (!r.ok()) return Error{r.error()};
  }
  return Status::Ok();
}

}  // namespace

Status create_retention_tables(SqliteDb& db) {
  return db.exec(R"sql(
CREATE TABLE IF NOT EXISTS retention_horizon (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  first_chain_id INTEGER NOT NULL,
  prev_hash TEXT NOT NULL,
  pruned_through_date TEXT NOT NULL,
  pruned_unix_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS retention_log (
  date TEXT PRIMARY KEY,
  passages INTEGER NOT NULL,
  chain_entries INTEGER NOT NULL,
  photos_deleted INTEGER NOT NULL,
  pruned_unix_ms INTEGER NOT NULL);
)sql");
}

Result<std::optional<RetentionHorizon>> load_retention_horizon(SqliteDb& db) {
  auto exists =
      db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='retention_horizon'");
  if (!exists.ok()) return Error{exists.error()};
  auto e = exists.value().step();
  if (!e.ok()) return Error{e.error()};
  if (!e.value()) return std::optional<RetentionHorizon>();
  auto q = db.prepare(
      "SELECT first_chain_id, prev_hash, pruned_through_date, pruned_unix_ms FROM "
      "retention_horizon WHERE id=1");
  if (!q.ok()) return Error{q.error()};
  auto r = q.value().step();
  if (!r.ok()) return Error{r.error()};
  if (!r.value()) return std::optional<RetentionHorizon>();
  RetentionHorizon h;
  h.first_chain_id = q.value().int64(0);
  h.prev_hash = q.value().text(1);
  h.pruned_through_date = q.value().text(2);
  h.pruned_unix_ms = q.value().int64(3);
  return std::optional<RetentionHorizon>(std::move(h));
}

std::string retention_first_kept_date(int64_t now, int offset, int months) {
  const std::string today = rules::local_date(now, offset);
  int y = 0, m = 0, d = 0;
  std::sscanf(today.c_str(), "%d-%d-%d", &y, &m, &d);
  int total = y * 12 + (m - 1) - months;
  y = total / 12;
  m = total % 12 + 1;
  const int last = static_cast<int>(rules::days_in_month(y, static_cast<unsigned>(m)));
  if (d > last) d = last;
  auto two = [](int v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  return std::to_string(y) + "-" + two(m) + "-" + two(d);
}

Result<PruneOutcome> prune_oldest_expired_day(GateStore& store, const std::string& photo_dir,
                                              const std::string& first_kept_date, int64_t now) {
  SqliteDb& db = store.db();
  if (Status st = create_retention_tables(db); !st.ok()) return Error{st.message()};
  auto horizon = load_retention_horizon(db);
  if (!horizon.ok()) return Error{horizon.error()};
  const int64_t first_remaining = horizon.value() ? horizon.value()->first_chain_id : 1;
  auto seals = load_seals(db);
  if (!seals.ok()) return Error{seals.error()};
  const Seal* day = nullptr;
  for (const auto& s : seals.value()) {
    if (s.last_chain_id >= first_remaining) {
      day = &s;
      break;
    }
  }
  PruneOutcome out;
  if (day == nullptr || day->date >= first_kept_date) return out;  // nothing expired
  out.date = day->date;
  if (day->first_chain_id != first_remaining) {
    out.kept_because =
        "the chain does not start where the seal of " + day->date + " starts; run gatectl verify";
    return out;
  }
  auto passages = refs_in(db, "passage", day->first_chain_id, day->last_chain_id);
  auto outcomes = refs_in(db, "outcome", day->first_chain_id, day->last_chain_id);
  if (!passages.ok()) return Error{passages.error()};
  if (!outcomes.ok()) return Error{outcomes.error()};
  auto cargo = refs_in(db, "cargo", day->first_chain_id, day->last_chain_id);
  if (!cargo.ok()) return Error{cargo.error()};

  // Every outbox row of the day's passages (outcomes of a late truck may be queued the next
  // day) must have been acknowledged.
  int64_t unacked = 0;
  {
    auto q =
        db.prepare("SELECT COUNT(*) FROM outbox WHERE passage_seq=? AND acked_unix_ms IS NULL");
    if (!q.ok()) return Error{q.error()};
    for (int64_t seq : passages.value()) {
      auto r = q.value().reset().bind(1, seq).step();
      if (!r.ok()) return Error{r.error()};
      unacked += q.value().int64(0);
    }
  }
  if (unacked > 0) {
    out.kept_because = std::to_string(unacked) + " record(s) of " + day->date +
                       " not acknowledged by the platform (pending or parked)";
    return out;
  }
  std::set<std::string> photos;
  {
    // The main photo and the plate close-up go by the same rule.
    auto q = db.prepare("SELECT image_sha256, closeup_sha256 FROM passages WHERE seq=?");
    if (!q.ok()) return Error{q.error()};
    for (int64_t seq : passages.value()) {
      auto r = q.value().reset().bind(1, seq).step();
      if (!r.ok()) return Error{r.error()};
      if (!r.value()) continue;
      for (int col : {0, 1}) {
        if (!q.value().text(col).empty()) photos.insert(q.value().text(col));
      }
    }
  }

  // An outcome event or cargo entry of this day's last trucks may be chained on the next day: it
  // stays, so the passage it names is deleted without the foreign-key check (turned back on below).
  if (Status st = db.exec("PRAGMA foreign_keys=OFF"); !st.ok()) return Error{st.message()};
  Status done = [&]() -> Status {
    Transaction tx(db);
    if (!tx.began()) return Error{"cannot start a transaction (is the database locked?)"};
    for (auto [sql, ids] : {std::pair{"DELETE FROM outbox WHERE passage_seq=?", &passages.value()},
                            std::pair{"DELETE FROM passages WHERE seq=?", &passages.value()},
                            std::pair{"DELETE FROM passage_outcomes WHERE id=?", &outcomes.value()},
                            std::pair{"DELETE FROM passage_cargo WHERE id=?", &cargo.value()}}) {
      if (Status st = for_each_id(db, sql, *ids); !st.ok()) return st;
    }
    if (Status st = db.run("DELETE FROM chain WHERE id BETWEEN ? AND ?",
                           {day->first_chain_id, day->last_chain_id});
        !st.ok()) {
      return st;
    }
    if (Status st = db.run(
            "INSERT INTO retention_horizon(id, first_chain_id, prev_hash, pruned_through_date, "
            "pruned_unix_ms) VALUES(1,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
            "first_chain_id=excluded.first_chain_id, prev_hash=excluded.prev_hash, "
            "pruned_through_date=excluded.pruned_through_date, "
            "pruned_unix_ms=excluded.pruned_unix_ms",
            {day->last_chain_id + 1, day->last_hash, day->date, now});
        !st.ok()) {
      return st;
    }
    if (Status st = db.run(
            "INSERT OR REPLACE INTO retention_log(date, passages, chain_entries, photos_deleted, "
            "pruned_unix_ms) VALUES(?,?,?,0,?)",
            {day->date, static_cast<int64_t>(passages.value().size()),
             day->last_chain_id - day->first_chain_id + 1, now});
        !st.ok()) {
      return st;
    }
    return tx.commit();
  }();
  (void)db.exec("PRAGMA foreign_keys=ON");
  if (!done.ok()) return Error{"cannot remove " + day->date + ": " + done.message()};
  out.pruned = true;
  out.passages = static_cast<int64_t>(passages.value().size());
  out.chain_entries = day->last_chain_id - day->first_chain_id + 1;

  // Photos after the commit: a crash in between leaves unreferenced files, never a record
  // without its photo.
  if (!photo_dir.empty()) {
    PhotoStore store_dir(photo_dir);
    // A file still named by a kept passage, as its photo or as its close-up, stays.
    auto q =
        db.prepare("SELECT 1 FROM passages WHERE image_sha256=?1 OR closeup_sha256=?1 LIMIT 1");
    if (!q.ok()) return Error{q.error()};
    for (const auto& sha : photos) {
      auto r = q.value().reset().bind(1, sha).step();
      if (!r.ok()) return Error{r.error()};
      if (r.value()) continue;  // the same image is still referenced
      std::error_code ec;
      if (std::filesystem::remove(store_dir.path_of(sha), ec)) ++out.photos_deleted;
    }
    (void)db.run("UPDATE retention_log SET photos_deleted=? WHERE date=?",
                 {out.photos_deleted, day->date});
  }
  return out;
}

}  // namespace gate::host
