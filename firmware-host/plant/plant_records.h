// The plant's passages read back as the gate's own records (docs/plant.md §5), for the audit
// commands at plant level: each row's `canonical` text (the bytes the gate's audit chain hashed,
// store/canonical_record.h) parsed into a gate::v1::Passage, with the settled outcome from its
// column. A text that does not write back to the very same bytes is refused, so what the audit
// code counts is exactly what the gate chained. Reads only; parameterised SQL only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "drivers/postgres/pg_connection.h"
#include "gate/v1/passage.pb.h"
#include "rules/result.h"

namespace gate::host {

// The passage that canonical_passage() wrote `canonical` from (every field it carries; the
// outcome is not in it). An unknown or malformed line, or a text that canonical_passage() of
// the result does not reproduce byte for byte, is an error saying which.
Result<gate::v1::Passage> passage_from_canonical(const std::string& canonical);

struct PlantRecordFilter {
  std::string gate_id;                  // "" for every gate
  std::optional<int64_t> from_unix_ms;  // time_unix_ms >= from
  std::optional<int64_t> to_unix_ms;    // time_unix_ms < to
};

// The matching passages as records (gate_id, seq, outcome set), ordered by gate_id then seq: a
// stable order, so that a seeded sample draws the same passages again. An empty database (no
// plant schema yet) reads as none.
Result<std::vector<gate::v1::Passage>> plant_passage_records(drivers::pg::Connection& db,
                                                             const PlantRecordFilter& f);

}  // namespace gate::host
