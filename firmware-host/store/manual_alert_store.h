// The alert level a user set by hand on the dashboard, kept in the table manual_alert of the
// gate database (created by schema migration 2, gate_store.cc) so that it survives a restart of
// gated: a manual level is set when the platform cannot deliver its own, and a restart must
// not silently drop the gate back to the configured level. One row at most; who set it, why
// and when travel with it, so the dashboard can still show it as manual and by whom.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "firmware-host/store/sqlite_db.h"
#include "gate/v1/codes.pb.h"
#include "rules/result.h"

namespace gate::host {

struct ManualAlert {
  gate::v1::AlertLevel level = gate::v1::ALERT_LEVEL_UNSPECIFIED;
  std::string set_by, reason;
  int64_t set_unix_ms = 0;
};

Status save_manual_alert(SqliteDb& db, const ManualAlert& a);  // replaces the one kept
Status clear_manual_alert(SqliteDb& db);                       // back to platform/configuration
Result<std::optional<ManualAlert>> load_manual_alert(SqliteDb& db);

}  // namespace gate::host
