// gatectl's edits of the plant's master ledger (docs/plant.md §4), with the configuration's
// plant { conninfo password_file }: an import made at the plant, which every gate takes within
// its ledger_interval_ms, and the plant's history of one entry.
#pragma once

#include <functional>
#include <ostream>

#include "drivers/postgres/pg_connection.h"
#include "firmware-host/gatectl/commands.h"

namespace gate::ctl {

using PlantEditWork = std::function<int(drivers::pg::Connection&, int utc_offset)>;

// Loads --config, connects to its plant and brings the plant schema up to date (as gated does:
// the commands that write need the newest tables; with_plant in plant_commands.h only reads),
// then runs `work`: 2 for a wrong command line, 1 when the configuration or the plant fails.
int with_plant_database(const Args& a, std::ostream& err, const PlantEditWork& work);

// plant ledger import --config CFG LEDGER [--skip-invalid] [--operator NAME]: the file's
// entries as plant edits (origin "plant", edited now), all in one transaction; the ledger file
// is read as `gatectl ledger import` reads it. Document images are not sent to the plant.
int plant_ledger_import(const Args& a, std::ostream& out, std::ostream& err);
// plant ledger history PLATE --config CFG [--utc-offset MIN]: every revision the plant received
// for the plate, oldest first: applied or lost to a later edit, origin, who, when, what changed.
int plant_ledger_history(const Args& a, std::ostream& out, std::ostream& err);

}  // namespace gate::ctl
