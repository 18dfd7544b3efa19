// The plant database's side of ledger replication (docs/plant.md §4): the master ledger
// (ledger_entries) and every edit it received (ledger_revisions).
//
// Contracts:
// - An edit replaces the master entry only when it is later by its editor's clock
//   (edited_at_unix_ms); on a tie the larger origin (byte order) wins, so every plant decides
//   the same. A losing edit is kept with applied = false: the history holds both.
// - A gate's edits are keyed by (origin, origin_id), the gate's vehicle_history id, and written
//   with ON CONFLICT DO NOTHING in one transaction per batch: exactly once, and the gate's cursor
//   is the highest origin_id the plant holds for it (nothing is marked at the gate).
// - Every applied edit gives the entry a new plant-wide revision; gates pull the entries whose
//   revision is after their cursor, in revision order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "drivers/postgres/pg_connection.h"
#include "gate/v1/vehicle.pb.h"
#include "rules/result.h"

namespace gate::host {

// The origin of edits made at the plant itself (gatectl plant ledger import).
inline constexpr const char* kPlantOrigin = "plant";

// One edit on its way to the plant.
struct LedgerEdit {
  std::string ledger_key;  // ledger_key_of(vehicle)
  gate::v1::Vehicle vehicle;
  int64_t edited_at_unix_ms = 0;
  std::string edited_by;
  std::string origin;     // the gate id, or kPlantOrigin
  int64_t origin_id = 0;  // the gate's vehicle_history id; 0 for plant edits (stored as NULL)
};

// A master entry as it stands, or a revision in the history.
struct PlantLedgerRevision {
  int64_t revision = 0;
  std::string ledger_key;
  gate::v1::Vehicle vehicle;
  int64_t edited_at_unix_ms = 0;
  std::string edited_by;
  std::string origin;
  bool applied = true;           // history only: false when a later edit had already won
  int64_t received_unix_ms = 0;  // history only
};

// What a batch of edits did at the plant.
struct LedgerPushResult {
  int64_t added = 0;  // edits new to the plant
  int64_t won = 0;    // of those, edits that became the master entry
  // The master entry of every edit of the batch that lost (also one taken by an earlier try):
  // the origin gate holds the losing version and must take the master's back.
  std::vector<PlantLedgerRevision> lost_to;
};

// The highest origin_id the plant holds for `origin`; 0 when none.
Result<int64_t> ledger_push_cursor(drivers::pg::Connection& db, const std::string& origin);

// Writes `edits` (one origin, ascending origin_id; or plant edits) in one transaction.
Result<LedgerPushResult> push_ledger_edits(drivers::pg::Connection& db,
                                           const std::vector<LedgerEdit>& edits);

// Up to `limit` master entries with revision > `after`, ascending.
Result<std::vector<PlantLedgerRevision>> ledger_entries_after(drivers::pg::Connection& db,
                                                              int64_t after, int limit);

// The highest revision of any master entry; 0 when none.
Result<int64_t> latest_ledger_revision(drivers::pg::Connection& db);

// Every revision the plant received for `ledger_key`, oldest first (applied or lost).
Result<std::vector<PlantLedgerRevision>> plant_ledger_history(drivers::pg::Connection& db,
                                                              const std::string& ledger_key);

}  // namespace gate::host
