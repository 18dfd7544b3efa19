// The plant-level view for gatectl (docs/plant.md): every gate the plant database knows, and
// the passages it holds across gates. Reads only; parameterised SQL only. A database without
// the plant schema yet (no gate has connected) reads as empty.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "drivers/postgres/pg_connection.h"
#include "gate/v1/config.pb.h"
#include "rules/result.h"

namespace gate::host {

// Connects with the configuration's plant { conninfo password_file } (password from the file's
// first line), `connect_timeout_s` unless the conninfo sets one. The error names the setting
// to fix when plant.password_file cannot be read; otherwise it is libpq's reason (no conninfo in
// it), for the caller to pair with the advice that suits it (describe_plant_failure for gated).
Result<std::unique_ptr<drivers::pg::Connection>> connect_to_plant(const gate::v1::PlantConfig& cfg,
                                                                  int connect_timeout_s = 3);

struct PlantGateRow {
  std::string gate_id;
  int64_t last_contact_unix_ms = 0;
  int64_t plant_seq = 0;  // the highest seq the plant holds for the gate; 0 when none
  int64_t passages = 0;   // passages the plant holds for the gate
};

// Every gate in `gates`, ordered by gate_id.
Result<std::vector<PlantGateRow>> plant_gates(drivers::pg::Connection& db);

struct PlantPassageFilter {
  std::string gate_id;                  // "" for every gate
  std::optional<int64_t> from_unix_ms;  // time_unix_ms >= from
  std::optional<int64_t> to_unix_ms;    // time_unix_ms < to
  int limit = 0;                        // at most this many; 0 for all
};

struct PlantPassageRow {
  std::string gate_id;
  int64_t seq = 0;
  int64_t time_unix_ms = 0;
  std::string lane_id, direction, plate, verdict, rule_id, outcome;
  std::string record;  // the stored record (JSON text, audit/record_json.h)
};

// The passages that match, newest first (time, then gate_id and seq descending).
Result<std::vector<PlantPassageRow>> plant_passages_view(drivers::pg::Connection& db,
                                                         const PlantPassageFilter& f);

}  // namespace gate::host
