// Versioned schema migrations for an SQLite file: PRAGMA user_version holds the version the
// file is at; migrations are an ordered list of steps (version N brings N-1 to N), each run in
// its own transaction together with the user_version bump, so a file is always at exactly one
// version and a failed step leaves it at the previous one. A file whose version is newer than
// the newest step is refused: it was written by a newer release, and this binary would
// misread or damage it. See deploy/README.md (upgrades) for the operator's side.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "firmware-host/store/sqlite_db.h"
#include "rules/result.h"

namespace gate::host {

struct SchemaMigration {
  int version = 0;          // the version this step produces: 1, 2, 3, … without gaps
  std::string description;  // for the log and for error messages
  std::function<Status(SqliteDb&)> apply;  // runs inside the step's transaction
};

// PRAGMA user_version of the open file (0 for a new or never-versioned file).
Result<int> schema_version(SqliteDb& db);

// Brings the file to the last step's version. Returns the version it found. Errors name the
// file, the versions and what to do. `what` names the schema in messages ("gate database").
Result<int> apply_migrations(SqliteDb& db, const std::vector<SchemaMigration>& steps,
                             const std::string& what);

// For read-only openers: fails, as apply_migrations would, when the file is newer than `latest`.
Status check_not_newer(SqliteDb& db, int latest, const std::string& what);

// For read-only openers, which cannot bring a file up to date: fails when the file is older than
// `latest`, saying how to read it (a copy opened read-write is brought up to date).
Status check_not_older(SqliteDb& db, int latest, const std::string& what);

}  // namespace gate::host
