// The append-only audit chain kept beside the passages (docs/audit.md). Every passage as
// decided, and every outcome event of a passage, gets one chain entry whose hash covers the
// previous entry's hash and the record's canonical bytes (firmware-host/audit/
// canonical_record.h). Entries are appended inside the caller's transaction; the cached head
// moves only after that transaction committed.
#pragma once

#include <cstdint>
#include <string>

#include "firmware-host/store/canonical_record.h"
#include "firmware-host/store/sqlite_db.h"
#include "rules/result.h"

namespace gate::host {

struct ChainHead {
  int64_t id = 0;
  std::string hash = kGenesisHash;
};

class AuditChain {
 public:
  // Tables: chain(id, kind, ref, time_unix_ms, prev_hash, hash), passage_outcomes(id,
  // passage_seq, outcome, time_unix_ms), seals(date, …). Idempotent.
  static Status create_tables(SqliteDb& db);

  Status load_head(SqliteDb& db);
  const ChainHead& head() const { return head_; }

  // Appends an entry after the chain's last entry, read from `db` inside the caller's write
  // transaction (other connections append too); returns the new head for set_head() after
  // commit.
  Result<ChainHead> append(SqliteDb& db, const std::string& kind, int64_t ref, int64_t time_unix_ms,
                           const std::string& canonical);
  void set_head(ChainHead h) { head_ = std::move(h); }

 private:
  ChainHead head_;
};

// Inserts an outcome event row; returns its id (the chain entry's ref).
Result<int64_t> insert_outcome_event(SqliteDb& db, int64_t passage_seq,
                                     gate::v1::PassageOutcome outcome, int64_t time_unix_ms,
                                     gate::v1::PassageConfirmation confirmation);

}  // namespace gate::host
