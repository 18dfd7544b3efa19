// Thin RAII wrapper over the SQLite C API: one connection, prepared statements bound by
// position. Errors come back as Status/Result carrying sqlite's message and the SQL's intent.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "rules/result.h"

namespace gate::host {

using SqlValue = std::variant<std::nullptr_t, int64_t, double, std::string>;

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
  Statement(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  Statement& bind(int index, const SqlValue& v);  // 1-based
  // Makes the statement ready to run again with new bindings.
  Statement& reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    return *this;
  }
  // Steps once: true when a row is available, false when done; errors as Status.
  Result<bool> step();
  int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const { return sqlite3_column_double(stmt_, col); }
  std::string text(int col) const;
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  // Steps to the end, collecting the first column of every row.
  Result<std::vector<int64_t>> int64_rows();
  Result<std::vector<std::string>> text_rows();

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class SqliteDb {
 public:
  // Opens (creating if needed) with WAL and synchronous=FULL: a committed passage survives a
  // power cut. busy_timeout lets a second process (gatectl) read while gated writes.
  static Result<std::unique_ptr<SqliteDb>> Open(const std::string& path, bool read_only = false);
  ~SqliteDb();

  Status exec(const std::string& sql);
  Result<Statement> prepare(const std::string& sql);
  // Runs `sql` with `args`, stepping to completion.
  Status run(const std::string& sql, const std::vector<SqlValue>& args);
  int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
  int changes() const { return sqlite3_changes(db_); }
  const std::string& path() const { return path_; }

 private:
  SqliteDb(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
};

// Commits on commit(), rolls back in the destructor otherwise.
class Transaction {
 public:
  explicit Transaction(SqliteDb& db) : db_(db) { began_ = db_.exec("BEGIN IMMEDIATE").ok(); }
  ~Transaction() {
    if (began_ && !done_) (void)db_.exec("ROLLBACK");
  }
  bool began() const { return began_; }
  Status commit() {
    done_ = true;
    return db_.exec("COMMIT");
  }

 private:
  SqliteDb& db_;
  bool began_ = false;
  bool done_ = false;
};

}  // namespace gate::host
