// A connection to a PostgreSQL server through libpq (Debian libpq-dev): connect from a conninfo
// string, run parameterised statements, transactions. Blocking, one thread at a time: the caller
// owns the connection on its own thread (the plant pusher's worker, a test).
//
// Errors are Result/Status values whose message is the server's or libpq's, first line only,
// with no conninfo in it (a conninfo may hold a password).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rules/result.h"

struct pg_conn;  // libpq's PGconn, kept out of the callers' includes

namespace gate::drivers::pg {

// A statement parameter or a column value in text form; nullopt is SQL NULL.
using Value = std::optional<std::string>;

struct Rows {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;
  int64_t affected = 0;  // rows an INSERT/UPDATE/DELETE touched (0 for others)

  // The text of row `r`, column `c`; "" for NULL.
  std::string text(std::size_t r, std::size_t c) const;
};

struct ConnectOptions {
  int connect_timeout_s = 5;  // used unless the conninfo sets connect_timeout itself
  // Added to the conninfo (overriding a password in it) when set: read from a password file.
  std::optional<std::string> password;
  std::string application_name = "gated";
};

class Connection {
 public:
  // Opens the connection. The error is libpq's reason (e.g. "password authentication failed
  // for user \"plant\"", "Connection refused"); callers say which setting to fix.
  static Result<std::unique_ptr<Connection>> Connect(const std::string& conninfo,
                                                     const ConnectOptions& options = {});
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // One statement with $1, $2, … parameters, sent as text (the server converts them).
  Result<Rows> exec(const std::string& sql, const std::vector<Value>& params = {});
  // Several statements without parameters (a migration step), in the caller's transaction.
  Status exec_script(const std::string& sql);
  // One statement without parameters; returns its command tag ("COMMIT", "ROLLBACK", …).
  Result<std::string> command(const std::string& sql);
  // False once the server went away or the socket broke; the caller connects again.
  bool usable() const;

 private:
  explicit Connection(pg_conn* conn) : conn_(conn) {}
  pg_conn* conn_;
};

// BEGIN … COMMIT. Rolled back when it goes out of scope without commit(); on a connection that
// broke meanwhile the rollback is a no-op (the server rolled back when the session ended).
class Transaction {
 public:
  static Result<std::unique_ptr<Transaction>> Begin(Connection& c);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Status commit();

 private:
  explicit Transaction(Connection& c) : c_(c) {}
  Connection& c_;
  bool done_ = false;
};

// The conninfo checked for syntax only (libpq's own parser): "" when it parses, else the reason.
std::string conninfo_syntax_error(const std::string& conninfo);

}  // namespace gate::drivers::pg
