#include "sim/platform/platform_record_db.h"

namespace gate::sim {
namespace {

constexpr const char* kSchema = R"sql(
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
CREATE TABLE IF NOT EXISTS records (
  key TEXT PRIMARY KEY, kind TEXT NOT NULL, gate_id TEXT NOT NULL, seq INTEGER NOT NULL,
  plate TEXT NOT NULL, verdict TEXT NOT NULL, rule TEXT NOT NULL, reason TEXT NOT NULL,
  outcome INTEGER NOT NULL, backfill INTEGER NOT NULL, time_unix_ms INTEGER NOT NULL,
  received_unix_ms INTEGER NOT NULL, profile TEXT NOT NULL, content_sha256 TEXT NOT NULL,
  json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS repeats (
  key TEXT NOT NULL, received_unix_ms INTEGER NOT NULL, same_content INTEGER NOT NULL,
  backfill INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS rejections (
  key TEXT NOT NULL, code TEXT NOT NULL, reason TEXT NOT NULL, received_unix_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS refusals (
  what TEXT NOT NULL, reason TEXT NOT NULL, received_unix_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS heartbeats (
  gate_id TEXT NOT NULL, json TEXT NOT NULL, received_unix_ms INTEGER NOT NULL);
)sql";

}  // namespace

Result<std::unique_ptr<PlatformRecordDb>> PlatformRecordDb::Open(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    std::string e = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Error{"mock platform database " + path + ": " + e};
  }
  sqlite3_busy_timeout(db, 5000);
  std::unique_ptr<PlatformRecordDb> out(new PlatformRecordDb(db));
  if (Status st = out->exec(kSchema); !st.ok()) {
    return Error{"mock platform database " + path + ": " + st.message()};
  }
  return out;
}

PlatformRecordDb::~PlatformRecordDb() {
  sqlite3_close(db_);
}

Status PlatformRecordDb::exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string e = err ? err : "unknown error";
    sqlite3_free(err);
    return Error{e};
  }
  return Status::Ok();
}

// Binds the text arguments first, then the integers, in placeholder order.
Status PlatformRecordDb::run(const char* sql, const std::vector<std::string>& text_args,
                             const std::vector<int64_t>& int_args) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) != SQLITE_OK) {
    return Error{sqlite3_errmsg(db_)};
  }
  int i = 1;
  for (const auto& t : text_args) {
    sqlite3_bind_text(st, i++, t.data(), static_cast<int>(t.size()), SQLITE_TRANSIENT);
  }
  for (int64_t v : int_args) sqlite3_bind_int64(st, i++, v);
  const int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return Error{sqlite3_errmsg(db_)};
  return Status::Ok();
}

Result<std::vector<ReceivedRecord>> PlatformRecordDb::load_records() {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_,
                         "SELECT key, kind, gate_id, seq, plate, verdict, rule, reason, outcome, "
                         "backfill, time_unix_ms, received_unix_ms, profile, content_sha256 "
                         "FROM records ORDER BY rowid",
                         -1, &st, nullptr) != SQLITE_OK) {
    return Error{sqlite3_errmsg(db_)};
  }
  auto text = [&](int c) {
    const auto* p = sqlite3_column_text(st, c);
    return p ? std::string(reinterpret_cast<const char*>(p)) : std::string();
  };
  std::vector<ReceivedRecord> out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    ReceivedRecord r;
    r.key = text(0);
    r.kind = text(1);
    r.gate_id = text(2);
    r.seq = sqlite3_column_int64(st, 3);
    r.plate = text(4);
    r.verdict = text(5);
    r.rule = text(6);
    r.reason = text(7);
    r.outcome = sqlite3_column_int(st, 8);
    r.backfill = sqlite3_column_int(st, 9) != 0;
    r.time_unix_ms = sqlite3_column_int64(st, 10);
    r.received_unix_ms = sqlite3_column_int64(st, 11);
    r.profile = text(12);
    r.content_sha256 = text(13);
    out.push_back(std::move(r));
  }
  sqlite3_finalize(st);
  return out;
}

Status PlatformRecordDb::begin() {
  return exec("BEGIN");
}

Status PlatformRecordDb::commit() {
  return exec("COMMIT");
}

Status PlatformRecordDb::insert_record(const ReceivedRecord& r, const std::string& json) {
  return run(
      "INSERT OR IGNORE INTO records(key, kind, gate_id, plate, verdict, rule, reason, profile, "
      "content_sha256, json, seq, outcome, backfill, time_unix_ms, received_unix_ms) "
      "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
      {r.key, r.kind, r.gate_id, r.plate, r.verdict, r.rule, r.reason, r.profile, r.content_sha256,
       json},
      {r.seq, r.outcome, r.backfill ? 1 : 0, r.time_unix_ms, r.received_unix_ms});
}

Status PlatformRecordDb::insert_repeat(const std::string& key, int64_t now, bool same,
                                       bool backfill) {
  return run("INSERT INTO repeats(key, received_unix_ms, same_content, backfill) VALUES(?,?,?,?)",
             {key}, {now, same ? 1 : 0, backfill ? 1 : 0});
}

Status PlatformRecordDb::insert_rejection(const std::string& key, const std::string& code,
                                          const std::string& reason, int64_t now) {
  return run("INSERT INTO rejections(key, code, reason, received_unix_ms) VALUES(?,?,?,?)",
             {key, code, reason}, {now});
}

Status PlatformRecordDb::insert_refusal(const std::string& what, const std::string& reason,
                                        int64_t now) {
  return run("INSERT INTO refusals(what, reason, received_unix_ms) VALUES(?,?,?)", {what, reason},
             {now});
}

Status PlatformRecordDb::insert_heartbeat(const std::string& gate_id, const std::string& json,
                                          int64_t now) {
  return run("INSERT INTO heartbeats(gate_id, json, received_unix_ms) VALUES(?,?,?)",
             {gate_id, json}, {now});
}

}  // namespace gate::sim
