// gatectl's plant-level view (docs/plant.md): what the plant database holds across gates, read
// with the configuration's plant { conninfo password_file }. Reads only.
#pragma once

#include <functional>
#include <ostream>
#include <string>

#include "drivers/postgres/pg_connection.h"
#include "firmware-host/gatectl/commands.h"
#include "gate/v1/config.pb.h"

namespace gate::ctl {

// What every plant command reads before it connects.
struct PlantSetup {
  std::string format;  // table, json (or csv)
  int utc_offset = 480;
  gate::v1::GateConfig cfg;  // the --config file
};

using PlantWork = std::function<int(drivers::pg::Connection&, const PlantSetup&)>;

// Loads --config, checks its plant block and --format (table, json, and csv when `csv`),
// connects (a plant that cannot be reached names plant.conninfo and plant.password_file), and
// returns what `work` returns: 2 for a wrong command line, 1 when the configuration or the
// plant fails.
int with_plant(const Args& a, std::ostream& err, bool csv, const PlantWork& work);

// plant gates --config CFG [--format table|json] [--utc-offset MIN]: every gate the plant
// knows, its link (up/down since), last contact (local time), the highest seq and the passages
// the plant holds, and the lag the gate reported (its own seq, passages behind, oldest's age).
int plant_gates_command(const Args& a, std::ostream& out, std::ostream& err);
// plant passages --config CFG [--gate G] [--from T] [--to T] [--plate P] [--decision D]
// [--limit N] [--format table|csv|json] [--utc-offset MIN]: the plant's passages, newest first;
// JSON gives the stored records with gate_id and seq, CSV the columns of passages list.
int plant_passages_command(const Args& a, std::ostream& out, std::ostream& err);
// plant compare --config CFG [--gate G] [--db FILE] [--format table|json]: the plant's canonical
// copies of the gate's passages against its SQLite file (the configuration's gate_id and
// database_path unless given), up to the plant's cursor; exit 1 when one is missing or differs.
int plant_compare_command(const Args& a, std::ostream& out, std::ostream& err);

}  // namespace gate::ctl
