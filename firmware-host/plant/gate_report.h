// What a gate tells the plant about its own side of the link (docs/plant.md §5): its latest seq
// and the decision time of its oldest passage not yet at the plant, so that the plant-level view
// shows each gate's lag without reaching the gate. Written by the pusher after each round, on
// its own connection; best effort: a failed report is left for the next round, whose push
// raises the ALARM if the plant is gone.
#pragma once

#include <cstdint>
#include <string>

#include "drivers/postgres/pg_connection.h"
#include "firmware-host/plant/passage_backlog.h"
#include "rules/result.h"

namespace gate::host {

// `lag` counts the gate's passages after `plant_seq` (PassageBacklog::lag_after). The gate's
// latest seq is plant_seq + lag.passages: seq only grows (AUTOINCREMENT) and nothing above the
// plant's cursor is removed at the gate (retention keeps what the plant lacks).
Status report_gate_lag(drivers::pg::Connection& db, const std::string& gate_id, int64_t plant_seq,
                       const PlantLag& lag);

// The pusher's call after refresh_lag: reports when `db` is connected, else does nothing.
void report_gate_lag_if_connected(drivers::pg::Connection* db, const std::string& gate_id,
                                  int64_t plant_seq, const PlantLag& lag);

}  // namespace gate::host
