// Daily seals: after a local day ends, the gate signs that day's last chain hash and its
// counts with its Ed25519 key. Canonical seal text (version 1):
//   gate-seal/1\n gate=…\n date=YYYY-MM-DD\n first_chain_id=…\n last_chain_id=…\n
//   last_hash=…\n passages=…\n outcomes=…\n
// Seals cover consecutive, non-overlapping ranges of chain entries.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "firmware-host/audit/signing_key.h"
#include "firmware-host/store/seal_record.h"
#include "firmware-host/store/sqlite_db.h"
#include "rules/result.h"

namespace gate::host {

std::string canonical_seal(const Seal& s);

// Seals every local day before `today` (YYYY-MM-DD) that has unsealed chain entries. Returns
// how many seals were written.
Result<int> seal_closed_days(SqliteDb& db, const SigningKey& key, const std::string& gate_id,
                             const std::string& today, int utc_offset_minutes, int64_t now);

Result<std::vector<Seal>> load_seals(SqliteDb& db);

}  // namespace gate::host
