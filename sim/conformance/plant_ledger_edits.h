// The scenario's ledger edits (PlantSetup.ledger_edits) made through the real interfaces, and
// what the plant_ledger check reads back at the end of the run: each gate's vehicle_history
// and entry from its SQLite file, the plant's master entry from its database.
//
// Every edited plate is a vehicle outside the fleet that gate-sim adds to every gate's ledger
// at the start ("parked": it never drives up), so an edit changes no truck's decision. An edit
// at the plant is `gatectl plant ledger import` of a one-row ledger (the parked vehicle with
// the edit's suspended flag); at a gate, `gatectl ledger suspend|reinstate` on its database
// while gated runs (gated's replicator takes it at its next round).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gate/v1/scenario.pb.h"
#include "gate/v1/vehicle.pb.h"
#include "rules/result.h"
#include "sim/conformance/scenario_runner.h"

namespace gate::sim {

// One parked vehicle per distinct plate of the edits, made like a fleet vehicle with a plate of
// the same length (its colour fits the plate), with its own VIN and engine number; an error naming
// the edit whose plate is one of the fleet's.
Result<std::vector<gate::v1::Vehicle>> parked_vehicles(const gate::v1::Scenario& scenario,
                                                       const std::vector<gate::v1::Vehicle>& fleet);

struct LedgerEditTools {
  std::string gatectl;       // absolute path
  std::string plant_config;  // a gated configuration with the plant block (plant edits)
  std::string work_dir;      // where the one-row ledger files are written
};

// Makes edit number `n` on `vehicle` (the parked entry): at the plant, or at the gate whose
// SQLite file is `gate_db`. "" when made, else what gatectl said.
std::string make_ledger_edit(const gate::v1::PlantLedgerEdit& edit, int n,
                             gate::v1::Vehicle vehicle, const std::string& gate_db,
                             const LedgerEditTools& tools);

// A gate's vehicle_history rows of `plate` in id order (read-only, while or after gated runs).
Result<std::vector<GateLedgerRow>> gate_ledger_rows(const std::string& db_path,
                                                    const std::string& plate);
// Whether the gate's entry of `plate` is suspended; nullopt when it has none.
Result<std::optional<bool>> gate_entry_suspended(const std::string& db_path,
                                                 const std::string& plate);
// Whether the plant's master entry of `plate` is suspended; nullopt when it has none.
Result<std::optional<bool>> master_entry_suspended(const std::string& conninfo,
                                                   const std::string& plate);

}  // namespace gate::sim
