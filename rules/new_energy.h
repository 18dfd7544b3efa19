// What "new-energy" means for a vehicle under a policy set (docs/domain.md §3.3): decided from the
// ledger's fuel first (electric, fuel cell), the electric stage code D, and — only when the
// policy says so — plug-in hybrids. Pure.
#pragma once

#include "gate/v1/codes.pb.h"
#include "gate/v1/policy.pb.h"
#include "gate/v1/vehicle.pb.h"

namespace gate::rules {

// Hybrid fuel on a new-energy plate (ledger colour green or yellow-green, or an 8-character
// plate): the plate authority only issues those to plug-in hybrids.
bool is_plug_in_hybrid(const gate::v1::Vehicle& v);

bool is_new_energy(const gate::v1::Vehicle& v, const gate::v1::NewEnergyDefinition& def);

// A vehicle meets `min` when it is new-energy or its stage ranks at or above `min`
// (min = ELECTRIC therefore means new-energy only).
bool meets_stage(const gate::v1::Vehicle& v, gate::v1::EmissionStage min,
                 const gate::v1::NewEnergyDefinition& def);

}  // namespace gate::rules
