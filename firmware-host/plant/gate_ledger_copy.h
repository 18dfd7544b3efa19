// The gate's side of ledger replication (docs/plant.md §4), on the replicator's own connection
// to the gate's SQLite file (WAL: the lanes keep reading and writing).
//
// - Outbound, the gate's vehicle_history is the outbox: every write through
//   GateStore::upsert_vehicle (dashboard, gatectl, import) has a row there with its id, time,
//   actor and snapshot, so an edit made while the plant is cut off is not lost and no table of
//   its own is needed. Rows written by replication itself carry replicated_actor() and are not
//   sent back.
// - Inbound, master entries are written through GateStore::upsert_vehicle (history complete,
//   a re-applied entry is a no-op write with no history row) and the plant revision reached is
//   kept in platform_sync under kLedgerCursorKey, in the same transaction. An entry whose key
//   has a local edit the plant has not taken yet is left alone: that edit goes to the plant,
//   which either takes it (a new revision comes back) or answers with its master entry.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "firmware-host/plant/plant_ledger.h"
#include "firmware-host/store/gate_store.h"
#include "rules/result.h"

namespace gate::host {

inline constexpr const char* kLedgerCursorKey = "plant.ledger_revision";

// "plant r<revision> (<edited_by> at <origin>)": the history actor of a replicated write.
std::string replicated_actor(const PlantLedgerRevision& r);
bool is_replicated_actor(const std::string& actor);

// The gate's edits after a history id.
struct LedgerHistoryScan {
  std::vector<LedgerEdit> edits;  // the rows not written by replication, ascending id
  int64_t scanned_to = 0;         // the highest history id read (edits or replicated rows)
  bool full = false;              // `limit` rows were read: there may be more
};

// What applying master entries did.
struct LedgerApplyResult {
  int64_t changed = 0;  // entries whose content changed (each with a history row)
  int64_t skipped = 0;  // entries left alone for a local edit not yet at the plant
};

class GateLedgerCopy {
 public:
  static Result<std::unique_ptr<GateLedgerCopy>> Open(const std::string& database_path);

  // Up to `limit` history rows with id > `after`; edits carry `origin` = `gate_id`.
  Result<LedgerHistoryScan> edits_after(int64_t after, int limit, const std::string& gate_id);

  // Writes `entries` (ascending revision) in one transaction at the gate's time `now`, except
  // those whose key has a local edit with history id > `pushed_through`; stores `cursor` with
  // them when given.
  Result<LedgerApplyResult> apply(const std::vector<PlantLedgerRevision>& entries,
                                  int64_t pushed_through, std::optional<int64_t> cursor,
                                  int64_t now_unix_ms);

  // The plant revision this gate has applied up to; 0 when none.
  Result<int64_t> pull_cursor();

 private:
  explicit GateLedgerCopy(std::unique_ptr<GateStore> store) : store_(std::move(store)) {}
  Result<bool> has_unpushed_edit(const std::string& key, int64_t pushed_through);
  Result<int64_t> last_history_id();
  Status set_cursor(int64_t revision);

  std::unique_ptr<GateStore> store_;
};

}  // namespace gate::host
