// Anchoring the daily seals outside the plant (docs/security.md): the uplink sends every seal
// the platform has not acknowledged with each heartbeat, and records the platform's receipt
// here. A seal with a receipt is not sent again. The `seal_anchors` table only grows: a receipt
// is evidence that the platform held that seal, and is never changed once written.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "firmware-host/store/seal_record.h"
#include "firmware-host/store/sqlite_db.h"
#include "rules/result.h"

namespace gate::host {

// seal_anchors(date PRIMARY KEY, last_chain_id, receipt, acked_unix_ms). Idempotent.
Status create_seal_anchor_table(SqliteDb& db);

// Seals without a receipt, oldest first, at most `limit`.
Result<std::vector<Seal>> unanchored_seals(SqliteDb& db, int limit);

// Records the platform's receipt for the seal of `date` ending at `last_chain_id`. Returns false
// (and writes nothing) when no such seal exists or it already has a receipt.
Result<bool> record_seal_receipt(SqliteDb& db, const std::string& date, int64_t last_chain_id,
                                 const std::string& receipt, int64_t now_unix_ms);

struct SealAnchorCounts {
  int64_t seals = 0;
  int64_t anchored = 0;  // with the platform's receipt
};
Result<SealAnchorCounts> seal_anchor_counts(SqliteDb& db);

}  // namespace gate::host
