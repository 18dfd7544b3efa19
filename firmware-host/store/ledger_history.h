// Change history of the vehicle ledgers: who changed which entry, when, and what changed
// (field: old → new). Every write through GateStore::upsert_vehicle lands here in the same
// transaction, with a snapshot of the entry as written, so the history is complete and the
// previous state of an entry is always known.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "firmware-host/store/sqlite_db.h"
#include "gate/v1/vehicle.pb.h"
#include "rules/result.h"

namespace gate::host {

struct LedgerChange {
  int64_t id = 0;
  std::string ledger_key;
  int64_t time_unix_ms = 0;
  std::string actor;
  std::string action;   // "create" or "update"
  std::string changes;  // "field: old → new; …" (every field for "create")
};

Status create_ledger_history_table(SqliteDb& db);

// "field: old → new; …" over every field of the Vehicle message (by reflection, so new
// fields are covered without touching this); "" when nothing changed. `before` may be null.
std::string describe_vehicle_changes(const gate::v1::Vehicle* before,
                                     const gate::v1::Vehicle& after);

// Records the write of `v` under `key` if it changes anything; a no-op write leaves no entry.
Status record_vehicle_write(SqliteDb& db, const std::string& key, const gate::v1::Vehicle& v,
                            const std::string& actor, int64_t now);

Result<std::vector<LedgerChange>> ledger_history(SqliteDb& db, const std::string& key);

}  // namespace gate::host
