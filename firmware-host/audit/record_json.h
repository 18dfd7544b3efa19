// The JSON form of passages and ledger entries that auditors receive, from `gatectl passages
// list --format json` and from the auditor API: one shape for both, field names stable.
#pragma once

#include <nlohmann/json.hpp>

#include "gate/v1/passage.pb.h"
#include "gate/v1/vehicle.pb.h"

namespace gate::host {

// Times as local "YYYY-MM-DD HH:MM:SS" (utc_offset_minutes east of UTC) and as unix ms.
nlohmann::json passage_json(const gate::v1::Passage& p, int utc_offset_minutes);

nlohmann::json vehicle_json(const gate::v1::Vehicle& v);

// Single-letter codes of the platform tables (docs/domain.md §3.2, §3.3); empty for an unknown
// vehicle.
std::string passage_stage_code(const gate::v1::Passage& p);
std::string passage_fuel_code(const gate::v1::Passage& p);

}  // namespace gate::host
