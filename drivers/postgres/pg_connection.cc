#include "drivers/postgres/pg_connection.h"

#include <libpq-fe.h>

namespace gate::drivers::pg {
namespace {

// libpq messages end with a newline and may carry DETAIL/HINT lines after the first.
std::string first_line(const char* text) {
  std::string s = text ? text : "";
  if (s.starts_with("ERROR:  ")) s = s.substr(8);
  if (s.starts_with("FATAL:  ")) s = s.substr(8);
  const auto nl = s.find('\n');
  if (nl != std::string::npos) s.resize(nl);
  return s.empty() ? "unknown error (no message from libpq)" : s;
}

Rows read_rows(PGresult* r) {
  Rows out;
  const int ncols = PQnfields(r);
  const int nrows = PQntuples(r);
  for (int c = 0; c < ncols; ++c) out.columns.emplace_back(PQfname(r, c));
  out.rows.reserve(static_cast<std::size_t>(nrows));
  for (int i = 0; i < nrows; ++i) {
    std::vector<Value> row;
    row.reserve(static_cast<std::size_t>(ncols));
    for (int c = 0; c < ncols; ++c) {
      if (PQgetisnull(r, i, c)) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(
            std::string(PQgetvalue(r, i, c), static_cast<std::size_t>(PQgetlength(r, i, c))));
      }
    }
    out.rows.push_back(std::move(row));
  }
  const char* n = PQcmdTuples(r);
  out.affected = (n && *n) ? std::stoll(n) : 0;
  return out;
}

}  // namespace

std::string Rows::text(std::size_t r, std::size_t c) const {
  const Value& v = rows.at(r).at(c);
  return v ? *v : std::string();
}

Result<std::unique_ptr<Connection>> Connection::Connect(const std::string& conninfo,
                                                        const ConnectOptions& options) {
  if (std::string e = conninfo_syntax_error(conninfo); !e.empty()) return Error{e};
  // Later keywords override earlier ones: our defaults first so that the conninfo's own values
  // win, the password from a file last so that it wins over the conninfo's. Keepalives and
  // tcp_user_timeout bound a call on a link that went silent (a cut cable sends no reset), so
  // that a blocked call fails within about 20 s instead of hanging the caller's thread.
  const std::string timeout = std::to_string(options.connect_timeout_s);
  std::vector<const char*> keys = {
      "connect_timeout",     "application_name", "keepalives",       "keepalives_idle",
      "keepalives_interval", "keepalives_count", "tcp_user_timeout", "dbname"};
  std::vector<const char*> values = {
      timeout.c_str(), options.application_name.c_str(), "1", "10", "5", "2", "20000",
      conninfo.c_str()};
  if (options.password) {
    keys.push_back("password");
    values.push_back(options.password->c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* conn = PQconnectdbParams(keys.data(), values.data(), /*expand_dbname=*/1);
  if (conn == nullptr) return Error{"out of memory opening a PostgreSQL connection"};
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string why = first_line(PQerrorMessage(conn));
    PQfinish(conn);
    return Error{why};
  }
  // Notices ("table … does not exist, skipping") would go to stderr unasked: dropped.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  return std::unique_ptr<Connection>(new Connection(conn));
}

Connection::~Connection() {
  PQfinish(conn_);
}

bool Connection::usable() const {
  return PQstatus(conn_) == CONNECTION_OK;
}

Result<Rows> Connection::exec(const std::string& sql, const std::vector<Value>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  PGresult* r = PQexecParams(conn_, sql.c_str(), static_cast<int>(params.size()), nullptr,
                             values.data(), nullptr, nullptr, 0);
  const ExecStatusType st = PQresultStatus(r);
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
    std::string why = first_line(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
    if (why.starts_with("unknown error")) why = first_line(PQerrorMessage(conn_));
    PQclear(r);
    return Error{why};
  }
  Rows rows = read_rows(r);
  PQclear(r);
  return rows;
}

Result<std::string> Connection::command(const std::string& sql) {
  PGresult* r = PQexec(conn_, sql.c_str());
  const ExecStatusType st = PQresultStatus(r);
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
    std::string why = first_line(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
    PQclear(r);
    return Error{why};
  }
  std::string tag = PQcmdStatus(r);
  PQclear(r);
  return tag;
}

Status Connection::exec_script(const std::string& sql) {
  auto r = command(sql);
  if (!r.ok()) return Error{r.error()};
  return Status::Ok();
}

Result<std::unique_ptr<Transaction>> Transaction::Begin(Connection& c) {
  if (Status st = c.exec_script("BEGIN"); !st.ok()) return Error{st.message()};
  return std::unique_ptr<Transaction>(new Transaction(c));
}

Transaction::~Transaction() {
  if (!done_ && c_.usable()) (void)c_.exec_script("ROLLBACK");
}

// A transaction in which a statement failed answers COMMIT with the tag ROLLBACK: that is a
// failure to the caller, not a success.
Status Transaction::commit() {
  done_ = true;
  auto tag = c_.command("COMMIT");
  if (!tag.ok()) return Error{tag.error()};
  if (tag.value() != "COMMIT") return Error{"the transaction was rolled back by the server"};
  return Status::Ok();
}

std::string conninfo_syntax_error(const std::string& conninfo) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err);
  std::string why;
  if (opts == nullptr) why = err ? first_line(err) : "cannot be parsed";
  if (err) PQfreemem(err);
  if (opts) PQconninfoFree(opts);
  return why;
}

}  // namespace gate::drivers::pg
