#include "firmware-host/store/sqlite_db.h"

namespace gate::host {

Statement& Statement::bind(int index, const SqlValue& v) {
  if (std::holds_alternative<std::nullptr_t>(v)) {
    sqlite3_bind_null(stmt_, index);
  } else if (const auto* i = std::get_if<int64_t>(&v)) {
    sqlite3_bind_int64(stmt_, index, *i);
  } else if (const auto* d = std::get_if<double>(&v)) {
    sqlite3_bind_double(stmt_, index, *d);
  } else {
    const auto& s = std::get<std::string>(v);
    sqlite3_bind_text(stmt_, index, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
  }
  return *this;
}

Result<bool> Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Error{std::string("database error: ") + sqlite3_errmsg(db_)};
}

Result<std::vector<int64_t>> Statement::int64_rows() {
  std::vector<int64_t> out;
  for (;;) {
    auto r = step();
    if (!r.ok()) return Error{r.error()};
    if (!r.value()) return out;
    out.push_back(int64(0));
  }
}

Result<std::vector<std::string>> Statement::text_rows() {
  std::vector<std::string> out;
  for (;;) {
    auto r = step();
    if (!r.ok()) return Error{r.error()};
    if (!r.value()) return out;
    out.push_back(text(0));
  }
}

std::string Statement::text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  if (p == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

Result<std::unique_ptr<SqliteDb>> SqliteDb::Open(const std::string& path, bool read_only) {
  sqlite3* db = nullptr;
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Error{"cannot open database " + path + ": " + msg +
                 (read_only ? " (does the file exist? gated creates it on first start)"
                            : " (check that the directory exists and is writable)")};
  }
  std::unique_ptr<SqliteDb> out(new SqliteDb(db, path));
  sqlite3_busy_timeout(db, 5000);
  if (!read_only) {
    for (const char* pragma :
         {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
      if (Status st = out->exec(pragma); !st.ok()) {
        return Error{"cannot configure database " + path + ": " + st.message()};
      }
    }
  }
  return out;
}

SqliteDb::~SqliteDb() {
  sqlite3_close(db_);
}

Status SqliteDb::exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return Error{"database error: " + msg};
  }
  return Status::Ok();
}

Result<Statement> SqliteDb::prepare(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    return Error{std::string("database error: ") + sqlite3_errmsg(db_) + " in: " + sql};
  }
  return Statement(db_, stmt);
}

Status SqliteDb::run(const std::string& sql, const std::vector<SqlValue>& args) {
  auto st = prepare(sql);
  if (!st.ok()) return Error{st.error()};
  for (std::size_t i = 0; i < args.size(); ++i) st.value().bind(static_cast<int>(i + 1), args[i]);
  for (;;) {
    auto r = st.value().step();
    if (!r.ok()) return Error{r.error()};
    if (!r.value()) return Status::Ok();
  }
}

}  // namespace gate::host
