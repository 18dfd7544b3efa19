// The gate's durable state in one SQLite file: vehicle ledger, passages, and the upload outbox.
//
// Contract: commit_passage() writes the passage and its outbox row in one transaction and
// returns only after the commit is durable (WAL, synchronous=FULL); the lane opens the barrier
// only after it returned a sequence number. Nothing here deletes a passage or an outbox row.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "firmware-host/store/sqlite_db.h"
#include "gate/v1/passage.pb.h"
#include "gate/v1/vehicle.pb.h"
#include "rules/result.h"

namespace gate::host {

struct PassageFilter {
  std::optional<int64_t> from_unix_ms;  // inclusive
  std::optional<int64_t> to_unix_ms;    // exclusive
  std::string plate;                    // exact plate as read, empty = any
  std::optional<gate::v1::Verdict> verdict;
  int limit = 0;  // 0 = no limit
};

struct OutboxRow {
  int64_t id = 0;
  int64_t passage_seq = 0;
  std::string kind;  // "decision" (new passage) or "outcome" (barrier result known)
  int64_t created_unix_ms = 0;
  int attempts = 0;
  gate::v1::Passage passage;  // current state of the passage
};

struct OutboxStats {
  int64_t pending = 0;
  int64_t acked = 0;
  int64_t oldest_pending_unix_ms = 0;  // 0 when nothing is pending
};

class GateStore {
 public:
  static Result<std::unique_ptr<GateStore>> Open(const std::string& path, bool read_only = false);

  // Ledger. upsert replaces the entry with the same plate (or registration code when plate is
  // empty). replace_ledger is all-or-nothing.
  Status upsert_vehicle(const gate::v1::Vehicle& v, int64_t now_unix_ms);
  Status replace_ledger(const std::vector<gate::v1::Vehicle>& vehicles, int64_t now_unix_ms);
  Result<std::vector<gate::v1::Vehicle>> load_vehicles();

  // Passages. Sets p.seq on success.
  Result<int64_t> commit_passage(gate::v1::Passage& p, int64_t now_unix_ms);
  Status set_outcome(int64_t seq, gate::v1::PassageOutcome outcome, int64_t now_unix_ms);
  Result<std::vector<gate::v1::Passage>> list_passages(const PassageFilter& f);
  // Passages left PENDING by a previous run (crash or stop between opening and confirmation).
  Result<std::vector<int64_t>> pending_passages();

  // Outbox, oldest first.
  Result<std::vector<OutboxRow>> next_outbox(int limit);
  Status mark_acked(const std::vector<int64_t>& ids, int64_t now_unix_ms);
  Status mark_failed(const std::vector<int64_t>& ids, const std::string& error);
  Result<OutboxStats> outbox_stats();

 private:
  explicit GateStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
  Status migrate();
  Result<gate::v1::Passage> read_passage(int64_t seq);

  std::unique_ptr<SqliteDb> db_;
};

}  // namespace gate::host
