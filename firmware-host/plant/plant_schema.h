// The plant database's schema (PostgreSQL, docs/plant.md), versioned like the gate's SQLite
// schema (store/schema_migrations.h): table schema_version holds the version the database is at;
// the steps are an ordered list (version N brings N-1 to N), each run in one transaction with
// the version bump, so the database is always at exactly one version. The steps take the
// version row's lock first, so several gates starting at once migrate it once, one after the
// other. A database newer than this binary is refused: it was migrated by a newer release.
#pragma once

#include <string>
#include <vector>

#include "drivers/postgres/pg_connection.h"
#include "rules/result.h"

namespace gate::host {

struct PlantMigration {
  int version = 0;          // 1, 2, 3, … without gaps
  std::string description;  // for the log and for error messages
  std::string sql;          // the step's statements, run in its transaction
};

// This release's steps, in order.
const std::vector<PlantMigration>& plant_migrations();
int latest_plant_schema_version();

// The version the plant database is at (0: never migrated, schema_version absent).
Result<int> plant_schema_version(drivers::pg::Connection& db);

// Brings the database to the last step's version; returns the version it found. Errors name
// the versions and what to do.
Result<int> apply_plant_migrations(drivers::pg::Connection& db,
                                   const std::vector<PlantMigration>& steps = plant_migrations());

}  // namespace gate::host
