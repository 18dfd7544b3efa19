// Emission stage and fuel type code tables (docs/domain.md §3.2, §3.3). Pure.
#pragma once

#include <optional>
#include <string_view>

#include "gate/v1/codes.pb.h"
#include "gate/v1/vehicle.pb.h"

namespace gate::rules {

// '0'..'6', 'D' (electric), 'X' (no stage); '?' for UNSPECIFIED.
char stage_to_code(gate::v1::EmissionStage s);
std::optional<gate::v1::EmissionStage> stage_from_code(std::string_view code);

// Parses the stage printed on certificates, e.g. "GB17691-2005国V", "国六", "China VI", "国Ⅳ".
std::optional<gate::v1::EmissionStage> stage_from_certificate(std::string_view text);

// Ordering for minimum-stage rules: NONE (X) < CHINA_0 < … < CHINA_VI < ELECTRIC.
// UNSPECIFIED ranks below everything.
int stage_rank(gate::v1::EmissionStage s);

// "China VI", "electric", "no stage (X)", …
std::string_view stage_name(gate::v1::EmissionStage s);

// GA 24.9 letters A B C D E F L M N O Y Z, plus H for hydrogen fuel cell; '?' for UNSPECIFIED.
char fuel_to_code(gate::v1::FuelType f);
std::optional<gate::v1::FuelType> fuel_from_code(std::string_view code);
std::string_view fuel_name(gate::v1::FuelType f);

// New-energy by the ledger: electric or fuel-cell fuel, or electric stage. Whether plug-in
// hybrids count is policy (rules/new_energy.h), not decided here.
bool is_new_energy(const gate::v1::Vehicle& v);

}  // namespace gate::rules
