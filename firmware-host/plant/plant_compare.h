// Checks the plant's copy of one gate's passages against the gate's own SQLite file
// (docs/plant.md §5): every passage the gate holds up to the plant's cursor must be at the
// plant with the same canonical text (store/canonical_record.h, the bytes the gate's audit
// chain hashed). With `gatectl verify` proving the gate's file against its chain, this proves
// the plant's copy against the chain too. Reads only, both sides.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "drivers/postgres/pg_connection.h"
#include "firmware-host/store/gate_store.h"
#include "rules/result.h"

namespace gate::host {

struct PlantComparison {
  int64_t plant_cursor = 0;  // the highest seq the plant holds for the gate; compared up to it
  int64_t compared = 0;      // the gate's passages up to the cursor
  int64_t identical = 0;
  std::vector<int64_t> missing;    // at the gate, not at the plant
  std::vector<int64_t> differing;  // at both, with different canonical text
  // At the plant, not at the gate: removed at the gate since, or another gate's database.
  std::vector<int64_t> not_at_gate;
  bool ok() const { return missing.empty() && differing.empty(); }
};

// Reads both sides in seq order, `batch` passages at a time.
Result<PlantComparison> compare_with_plant(drivers::pg::Connection& plant, GateStore& gate,
                                           const std::string& gate_id, int batch = 1000);

// "3, 5-9, 12": seqs (ascending) as ranges, the first `max_ranges` of them and "… (N more)".
std::string seq_ranges(const std::vector<int64_t>& seqs, std::size_t max_ranges = 20);

}  // namespace gate::host
