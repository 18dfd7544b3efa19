// The plant database's side of the plant-wide share (docs/plant.md §3, rules/plant_share.h): one
// settlement of a gate's lease, run inside the transaction that pushes the gate's passages.
//
// A settlement adds the gate's releases new to the plant (those of the batch whose rows were
// inserted: exactly once, with the passages) to the tally of their share window, and grants the
// gate a fresh allowance for the gate's current window (rules::settled_allowance). It locks the
// tally rows in (day, counter) order, so gates settling at once queue on the row and never
// deadlock: row locks (SELECT … FOR UPDATE) rather than SERIALIZABLE, because every settlement
// of a day writes the same row and would fail serialization and be retried in a loop.
//
// The tally row keeps the rule's terms (target, mode, opening allowance) the first gate brought;
// a gate whose rule differs is not settled for that counter (a warning says so) and keeps the
// share on its own releases, which is safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "drivers/postgres/pg_connection.h"
#include "rules/policy_engine.h"
#include "rules/result.h"
#include "rules/share.h"

namespace gate::host {

using PlantLeases = std::map<std::string, rules::PlantLease, std::less<>>;

// What a round settles, built by the gate from its batch and policy.
struct PlantShareRound {
  std::string today;  // the gate's current share window (YYYY-MM-DD)
  // By share window: the share rules that hold trucks (strict or budget, target above 0).
  std::map<std::string, std::vector<rules::CompiledShareRule>> rules;
  // By seq, for the batch's passages that released a counted truck: their window and counts.
  std::map<int64_t, std::pair<std::string, rules::ShareCounts>> releases;
  int64_t requested_trucks = 0;  // the allowance the gate asks to hold for today
};

struct PlantShareSettlement {
  std::string day;     // = round.today
  PlantLeases leases;  // today's, by counter: what the plant holds for this gate now
  std::vector<std::string> warnings;
};

// Runs in the caller's transaction; `added` are the seqs the plant did not hold before.
Result<PlantShareSettlement> settle_plant_share(drivers::pg::Connection& db,
                                                const std::string& gate_id,
                                                const PlantShareRound& round,
                                                const std::vector<int64_t>& added);

// The plant's tally of one counter for one window, and every gate's lease (for views and tests).
struct PlantShareDay {
  rules::ShareCount tally;
  int64_t granted_bp = 0;
  std::map<std::string, rules::PlantLease> leases;  // by gate_id
};
Result<PlantShareDay> read_plant_share(drivers::pg::Connection& db, const std::string& day,
                                       const std::string& counter);

}  // namespace gate::host
