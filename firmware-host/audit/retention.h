// Retention (docs/domain.md §2.8: records and photos kept ≥ 24 months on site). Whole sealed
// days older than the retention period are removed, oldest first, and only when every record of
// the day was acknowledged by the platform; a day that is not sealed or still has an
// unacknowledged (or parked) record stops the pruning there, so nothing younger than the period
// and nothing the platform has not taken is ever deleted.
//
// The audit chain stays verifiable: the seals of removed days are kept (a few hundred bytes a
// day), and a horizon row records where the remaining chain starts and the hash it links to,
// which must equal the last hash of the seal of the last removed day (chain_verifier checks it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "firmware-host/store/gate_store.h"
#include "rules/result.h"

namespace gate::host {

// Where the chain starts after pruning: entry `first_chain_id` links to `prev_hash`.
struct RetentionHorizon {
  int64_t first_chain_id = 1;
  std::string prev_hash;
  std::string pruned_through_date;  // the last local day removed
  int64_t pruned_unix_ms = 0;
};

Status create_retention_tables(SqliteDb& db);

// nullopt when nothing was ever pruned.
Result<std::optional<RetentionHorizon>> load_retention_horizon(SqliteDb& db);

struct PruneOutcome {
  bool pruned = false;  // a day was removed
  std::string date;     // the day removed, or the day that stopped the pruning
  int64_t passages = 0;
  int64_t chain_entries = 0;
  int64_t photos_deleted = 0;
  std::string kept_because;  // why pruning stopped (empty when there was nothing to do)
};

// The first local day (YYYY-MM-DD) that must be kept at `now`: the same day of the month
// `months` months earlier (clamped to the month's last day).
std::string retention_first_kept_date(int64_t now_unix_ms, int utc_offset_minutes, int months);

// Removes the oldest sealed day before `first_kept_date` if every one of its records was
// acknowledged upstream: passages, outcome events, outbox rows and chain entries in one
// transaction, then the photos no remaining passage refers to. Call repeatedly until
// `pruned` is false.
Result<PruneOutcome> prune_oldest_expired_day(GateStore& store, const std::string& photo_dir,
                                              const std::string& first_kept_date,
                                              int64_t now_unix_ms);

}  // namespace gate::host
