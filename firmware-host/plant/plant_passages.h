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
#include <string>
#include <vector>

#include "drivers/postgres/pg_connection.h"
#include "gate/v1/passage.pb.h"
#include "rules/result.h"

namespace gate::host {

// The highest seq of `gate_id` the plant holds; 0 when none.
Result<int64_t> plant_cursor(drivers::pg::Connection& db, const std::string& gate_id);

// Writes `passages` (ascending seq) in one transaction and records the contact; returns how
// many were new to the plant. `utc_offset_minutes` sets the local times in the JSON record.
Result<int64_t> push_passages(drivers::pg::Connection& db, const std::string& gate_id,
                              const std::vector<gate::v1::Passage>& passages,
                              int utc_offset_minutes);

// The gate was heard from (nothing new to send): its last_contact is now.
Status record_contact(drivers::pg::Connection& db, const std::string& gate_id);

// "<gate>-<seq>": the passage's key, as in the uplink's record keys without the kind.
std::string plant_passage_key(const std::string& gate_id, int64_t seq);

}  // namespace gate::host
