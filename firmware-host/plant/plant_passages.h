// The plant database's side of passages (docs/plant.md): the plant's cursor for a gate and one
// batch of passages written exactly once.
//
// Exactly once by construction: a passage's key is (gate_id, seq), the gate's own sequence; a
// batch is inserted in one transaction with ON CONFLICT (gate_id, seq) DO NOTHING, together
// with the gate's row (last_contact, last_seq). A batch that fails leaves nothing; one that
// committed but whose answer was lost is sent again and adds nothing. The next push starts
// after the highest seq the plant holds, so the plant's passages table is the gate's outbox
// for the plant and no acknowledgement is kept at the gate.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "drivers/postgres/pg_connection.h"
#include "gate/v1/passage.pb.h"
#include "rules/result.h"

namespace gate::host {

// The highest seq of `gate_id` the plant holds; 0 when none.
Result<int64_t> plant_cursor(drivers::pg::Connection& db, const std::string& gate_id);

// Runs in the push's transaction after the inserts, with the seqs that were new to the plant;
// an error rolls the push back.
using BeforeCommit = std::function<Status(const std::vector<int64_t>& added)>;

// Writes `passages` (ascending seq) in one transaction and records the contact; returns how
// many were new to the plant. `utc_offset_minutes` sets the local times in the JSON record.
// With `before_commit` the transaction runs even for no passages (a contact that settles the
// share). `commit_unknown`, when given, is set when the COMMIT itself failed: the push may or
// may not have happened; any other failure certainly left nothing.
Result<int64_t> push_passages(drivers::pg::Connection& db, const std::string& gate_id,
                              const std::vector<gate::v1::Passage>& passages,
                              int utc_offset_minutes, const BeforeCommit& before_commit = {},
                              bool* commit_unknown = nullptr);

// The gate was heard from (nothing new to send): its last_contact is now.
Status record_contact(drivers::pg::Connection& db, const std::string& gate_id);

// "<gate>-<seq>": the passage's key, as in the uplink's record keys without the kind.
std::string plant_passage_key(const std::string& gate_id, int64_t seq);

}  // namespace gate::host
