#include "firmware-host/store/schema_migrations.h"

namespace gate::host {

Result<int> schema_version(SqliteDb& db) {
  auto q = db.prepare("PRAGMA user_version");
  if (!q.ok()) return Error{q.error()};
  auto row = q.value().step();
  if (!row.ok()) return Error{row.error()};
  return row.value() ? static_cast<int>(q.value().int64(0)) : 0;
}

Status check_not_newer(SqliteDb& db, int latest, const std::string& what) {
  auto v = schema_version(db);
  if (!v.ok()) return Error{"cannot read the schema version of " + db.path() + ": " + v.error()};
  if (v.value() > latest) {
    return Error{what + " " + db.path() + " is at schema version " + std::to_string(v.value()) +
                 ", but this release knows versions up to " + std::to_string(latest) +
                 ": it was written by a newer release. Install that release (or newer) again; "
                 "downgrading the database is not supported (restore a backup taken before the "
                 "upgrade if you must go back)"};
  }
  return Status::Ok();
}

Status check_not_older(SqliteDb& db, int latest, const std::string& what) {
  auto v = schema_version(db);
  if (!v.ok()) return Error{"cannot read the schema version of " + db.path() + ": " + v.error()};
  if (v.value() < latest) {
    return Error{what + " " + db.path() + " is at schema version " + std::to_string(v.value()) +
                 ", older than this release's " + std::to_string(latest) +
                 ", and is opened read-only, so it cannot be brought up to date: start this "
                 "release's gated on it once, or read a copy (`gatectl passages list --db COPY "
                 "--limit 1` brings the copy up to date; the audit chain stays verifiable)"};
  }
  return Status::Ok();
}

Result<int> apply_migrations(SqliteDb& db, const std::vector<SchemaMigration>& steps,
                             const std::string& what) {
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].version != static_cast<int>(i) + 1) {
      return Error{"programming error: " + what + " migration steps must be numbered 1, 2, 3…"};
    }
  }
  const int latest = static_cast<int>(steps.size());
  if (Status st = check_not_newer(db, latest, what); !st.ok()) return Error{st.message()};
  const int found = schema_version(db).value();
  for (int v = found + 1; v <= latest; ++v) {
    const auto& step = steps[static_cast<std::size_t>(v) - 1];
    Transaction tx(db);
    if (!tx.began()) {
      return Error{"cannot start migrating " + what + " " + db.path() + " to version " +
                   std::to_string(v) + " (is another process writing it? stop it and retry)"};
    }
    Status st = step.apply(db);
    if (st.ok()) st = db.exec("PRAGMA user_version = " + std::to_string(v));
    if (st.ok()) st = tx.commit();
    if (!st.ok()) {
      return Error{"migrating " + what + " " + db.path() + " from version " +
                   std::to_string(v - 1) + " to " + std::to_string(v) + " (" + step.description +
                   ") failed, the file is left at version " + std::to_string(v - 1) + ": " +
                   st.message()};
    }
  }
  return found;
}

}  // namespace gate::host
