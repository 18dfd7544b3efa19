// The JSON form of passages, ledger entries and daily counts that auditors receive, from
// `gatectl passages list --format json` and from the auditor and dashboard API: one shape for
// all, field names stable. Codes (stage "4", fuel "B", class "in_plant") stay as they are for
// programs; beside them, for people, their names in both languages as {"zh": …, "en": …}
// from the code tables (rules/display_names.h, rules/codes.h).
#pragma once

#include <nlohmann/json.hpp>

#include "firmware-host/audit/daily_report.h"
#include "gate/v1/passage.pb.h"
#include "gate/v1/vehicle.pb.h"

namespace gate::host {

// Times as local "YYYY-MM-DD HH:MM:SS" (utc_offset_minutes east of UTC) and as unix ms: "time"
// is the gate's, "camera_time" the camera's own stamp (evidence; null when the camera sent none
// or the record predates it).
nlohmann::json passage_json(const gate::v1::Passage& p, int utc_offset_minutes);

nlohmann::json vehicle_json(const gate::v1::Vehicle& v);

// One day's counts (daily_report.h) without its date and alert level, and "names": for each of
// by_class, by_stage and by_fuel, its keys' names ("in_plant" → {"zh": "厂内车辆", "en":
// "in-plant"}; "unknown" and "?", a vehicle not in the ledger → "未登记" / "not in ledger").
nlohmann::json day_counts_json(const DayStats& d);

// {"zh": "国IV", "en": "China IV"}, {"zh": "柴油", "en": "diesel"}, {"zh": "厂内车辆", "en":
// "in-plant"}.
nlohmann::json stage_names_json(gate::v1::EmissionStage s);
nlohmann::json fuel_names_json(gate::v1::FuelType f);
nlohmann::json class_names_json(gate::v1::VehicleClass c);

// Single-letter codes of the platform tables (docs/domain.md §3.2, §3.3); empty for an unknown
// vehicle.
std::string passage_stage_code(const gate::v1::Passage& p);
std::string passage_fuel_code(const gate::v1::Passage& p);

}  // namespace gate::host
