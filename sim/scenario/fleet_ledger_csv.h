// The vehicle ledger a plant would hold for a simulated fleet, as the CSV text that
// `gatectl ledger import` reads (README.md "Ledger CSV"), and the bureau's excess-emission
// list for it. Pure and deterministic from the scenario's seed.
#pragma once

#include <string>
#include <vector>

#include "gate/v1/scenario.pb.h"
#include "gate/v1/vehicle.pb.h"
#include "sim/scenario/sim_random.h"
#include "sim/scenario/traffic_generator.h"

namespace gate::sim {

// A VIN (GB 16735 / ISO 3779) with a correct check digit in position 9.
std::string make_vin(SimRandom& rng);

// Header plus one row per vehicle with on_ledger set, in fleet order: valid plate and colour,
// class, VIN, engine number, registration date, stage and fuel codes, valid from a year before
// the scenario starts until a year after it ends, not suspended.
// The ledger entries themselves (what the import of fleet_ledger_csv stores), so that the
// simulator judges each truck by the same entry the gate holds.
std::vector<gate::v1::Vehicle> fleet_ledger(const gate::v1::Scenario& scenario,
                                            const std::vector<SimVehicle>& fleet);

std::string fleet_ledger_csv(const gate::v1::Scenario& scenario,
                             const std::vector<SimVehicle>& fleet);

// The ledger CSV's header line and one vehicle's row (its suspended flag as 1 or 0), as
// fleet_ledger_csv writes them.
std::string ledger_csv_header();
std::string ledger_csv_row(const gate::v1::Vehicle& v);

// Plates of the vehicles with excess_emission_listed set, in fleet order.
std::vector<std::string> excess_emission_list(const std::vector<SimVehicle>& fleet);

}  // namespace gate::sim
