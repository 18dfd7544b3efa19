// gatectl's plant-level view (docs/plant.md): what the plant database holds across gates, read
// with the configuration's plant { conninfo password_file }. Reads only.
#pragma once

#include <ostream>

#include "firmware-host/gatectl/commands.h"

namespace gate::ctl {

// plant gates --config CFG [--format table|json] [--utc-offset MIN]: every gate the plant
// knows, its last contact (local time), the highest seq and the passages the plant holds.
int plant_gates_command(const Args& a, std::ostream& out, std::ostream& err);
// plant passages --config CFG [--gate G] [--from T] [--to T] [--limit N] [--format table|json]
// [--utc-offset MIN]: the plant's passages, newest first; JSON gives the stored records with
// gate_id and seq.
int plant_passages_command(const Args& a, std::ostream& out, std::ostream& err);

}  // namespace gate::ctl
