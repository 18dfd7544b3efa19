// A one-time look at the link to the plant database, for `gatectl sync status` (gated itself
// keeps the state in its PlantPusher): connect, read the plant's cursor for the gate, count the
// passages after it in the gate's SQLite file. Creates and migrates nothing.
#pragma once

#include <cstdint>
#include <string>

#include "firmware-host/plant/plant_link.h"
#include "gate/v1/config.pb.h"

namespace gate::host {

// `cfg.conninfo` empty: a state with configured = false. A failure is in last_error (with
// describe_plant_failure's advice) and the lag is counted from seq 0.
PlantLinkState probe_plant_link(const gate::v1::PlantConfig& cfg, const std::string& gate_id,
                                const std::string& database_path, int64_t now_unix_ms);

}  // namespace gate::host
