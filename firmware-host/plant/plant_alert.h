// The plant's alert level (docs/plant.md §7): one level the environmental manager sets at the
// plant for every gate, e.g. when the city declares a heavy-pollution alert and the platform's
// own message does not reach the gates. One row in the plant database, with who set it, why,
// when, and a revision that grows with every change; each gate takes a change once, as a manual
// level (the dashboard's "set by hand"), within a push round.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "drivers/postgres/pg_connection.h"
#include "gate/v1/codes.pb.h"
#include "rules/result.h"

namespace gate::host {

struct PlantAlert {
  // The level in force; nullopt: none set at the plant (the gates go back to the platform's or
  // their configured level).
  std::optional<gate::v1::AlertLevel> level;
  std::string set_by, reason;
  int64_t set_unix_ms = 0;
  int64_t revision = 0;  // 0: never set
};

Result<PlantAlert> read_plant_alert(drivers::pg::Connection& db);

// Sets (or with nullopt ends) the plant's level; returns the row as written, revision + 1.
Result<PlantAlert> write_plant_alert(drivers::pg::Connection& db,
                                     std::optional<gate::v1::AlertLevel> level,
                                     const std::string& set_by, const std::string& reason,
                                     int64_t now_unix_ms);

}  // namespace gate::host
