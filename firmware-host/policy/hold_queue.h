// The hold queue of the share rules (docs/domain.md §4.5): trucks held because the day's share
// would drop below target wait here in arrival order and are called, one at a time, when the
// share budget frees up. A called truck holds a reserved turn until it comes back to the gate
// (and is released) or its call times out.
//
// Durable: the queue lives in its own table `hold_queue` of the gate's SQLite file, written
// through its own connection (same thread as the lanes), so it survives a restart with its
// order. Closed entries stay in the table with how they ended, as evidence: admitted, or dropped
// with the reason (refused, not come within the call timeout, waited too long, gone from the
// ledger). Nothing here decides: PolicyRuntime says whom to call.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "firmware-host/store/sqlite_db.h"
#include "rules/result.h"

namespace gate::host {

struct HoldEntry {
  enum class State { kWaiting, kCalled };
  int64_t id = 0;  // queue order
  std::string plate;
  std::string lane_id;
  int64_t passage_seq = 0;  // the latest HOLD passage of this truck
  std::string rule_id;      // the share rule that held it, e.g. share.green
  int64_t held_unix_ms = 0;
  State state = State::kWaiting;
  int64_t called_unix_ms = 0;
};

class HoldQueue {
 public:
  static Result<std::unique_ptr<HoldQueue>> Open(const std::string& db_path);

  // Puts a held truck at the back. A plate already in the queue keeps its place (its latest
  // passage is noted; a called truck held again goes back to waiting).
  Result<HoldEntry> hold(const std::string& plate, const std::string& lane_id, int64_t seq,
                         const std::string& rule_id, int64_t now);
  Status call(int64_t id, int64_t now);
  // The truck was released (passage `seq`): it leaves the queue as admitted. No-op when the
  // plate is not queued.
  Status admitted(const std::string& plate, int64_t seq, int64_t now);
  // Leaves the queue without entering, with the reason ("call timed out", "waited too long").
  Status drop(int64_t id, const std::string& reason, int64_t now);

  // Open entries in queue order.
  const std::vector<HoldEntry>& entries() const { return entries_; }
  const HoldEntry* find(const std::string& plate) const;
  int64_t called_count() const;

 private:
  explicit HoldQueue(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
  Status load();
  Status close(int64_t id, const char* state, const std::string& reason, int64_t seq, int64_t now);

  std::unique_ptr<SqliteDb> db_;
  std::vector<HoldEntry> entries_;
};

}  // namespace gate::host
