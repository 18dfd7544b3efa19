// How the mock platform answers a vehicle check (KIND_VEHICLE_CHECK, docs/platform-profiles.md):
// from its own vehicle table, which may disagree with the plant's ledger on purpose, written in
// the profile's answer shape (each reading's field, coded with its table). Pure.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gate/v1/platform_profile.pb.h"
#include "gate/v1/vehicle.pb.h"
#include "rules/result.h"

namespace gate::sim {

// One vehicle in the platform's own records; codes are ours (stage 0..6 D X, GA fuel letters).
struct PlatformVehicle {
  bool may_pass = true;
  std::string reason;             // the control reason, given with a refusal
  std::string emission_stage;     // "" not on record
  std::string fuel_type;          // "" not on record
  std::string vin;                // "" not on record
  std::string registration_date;  // YYYY-MM-DD, "" not on record
};

// plate → the platform's record of it.
using PlatformVehicleTable = std::map<std::string, PlatformVehicle>;

// Reads {"豫H12345": {"may_pass": false, "reason": "…", "stage": "4", "fuel": "B", "vin": "…",
// "registration_date": "2019-05-12"}, …}; an error names the plate and field that is wrong.
Result<PlatformVehicleTable> vehicle_table_from_json(const nlohmann::json& in);

// The platform's records of a plant's `ledger`, as a city platform holds them: every vehicle may
// pass, with the ledger's stage, fuel and VIN, except that every `disagree_every`-th vehicle (the
// 1st, then the (1+n)th, …; 0: none) is on record one stage lower, a deliberate disagreement the
// gate must report as a ledger mismatch.
PlatformVehicleTable platform_records_of(const std::vector<gate::v1::Vehicle>& ledger,
                                         int disagree_every);

// The check answer's fields for `plate` put into `answer` at each reading's name: a plate the
// table lacks may pass and has nothing on record; `serial` goes to a reading of "serial".
void put_check_answer(const gate::v1::PlatformProfile& profile,
                      const gate::v1::PlatformMessage& check, const PlatformVehicleTable& table,
                      const std::string& plate, const std::string& serial, nlohmann::json& answer);

// The plate a check `record` (the body's fields object) asks about: its field from "plate".
std::string checked_plate(const gate::v1::PlatformMessage& check, const nlohmann::json& record);

}  // namespace gate::sim
