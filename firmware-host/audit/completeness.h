// Completeness checks an inspector makes on sampled records (DOMAIN.md §2, §3.4-3.5): which
// required fields or images are missing. Pure.
#pragma once

#include <string>
#include <vector>

#include "gate/v1/passage.pb.h"
#include "gate/v1/vehicle.pb.h"

namespace gate::host {

// Names of the missing required fields of a passage record ("photo", "camera", …); the
// matched ledger entry's VIN, engine number, stage, fuel, registration date and fleet count
// for known vehicles. `photo_present` says whether the referenced photo file exists.
std::vector<std::string> missing_passage_fields(const gate::v1::Passage& p, bool photo_present);

// Missing fields of a ledger entry, by its ledger (transport / in-plant / machinery).
std::vector<std::string> missing_ledger_fields(const gate::v1::Vehicle& v);

}  // namespace gate::host
