// The anchors a heartbeat carries (docs/uplink.md §6.2a) and the platform's receipts for them.
// Every heartbeat carries the chain head; seals are sent until the platform acknowledges them,
// oldest first and at most kMaxSealsPerHeartbeat at a time, so a long outage catches up over a
// few heartbeats without making one heartbeat large.
//
// A receipt counts only when it names a seal this heartbeat carried (date and last chain id);
// anything else in a reply is ignored with a log line and marks nothing, so a broken or hostile
// platform can at worst leave seals unacknowledged (they are then sent again).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "firmware-host/store/sqlite_db.h"
#include "gate/v1/uplink.pb.h"
#include "rules/result.h"

namespace gate::host {

inline constexpr int kMaxSealsPerHeartbeat = 31;
// Longest receipt kept; a longer one is ignored as not the platform's reference.
inline constexpr std::size_t kMaxReceiptBytes = 128;

// Sets hb.chain_head and hb.seals from the gate database. On error `hb` is left without anchors.
Status add_anchors(SqliteDb& db, gate::v1::Heartbeat& hb);

struct ReceiptsTaken {
  int recorded = 0;                  // seals that got their receipt now
  std::vector<std::string> ignored;  // one log line per receipt that was not taken, and why
};

// Records the receipts of `reply` that acknowledge a seal of `sent`.
ReceiptsTaken take_seal_receipts(SqliteDb& db, const gate::v1::Heartbeat& sent,
                                 const gate::v1::HeartbeatReply& reply, int64_t now_unix_ms);

}  // namespace gate::host
