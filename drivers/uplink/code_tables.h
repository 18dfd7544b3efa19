// Code tables of the reference uplink profile (docs/uplink.md §4): how gate.v1 values are
// written on the wire to the platform, and read back by the platform side (sim's mock). Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gate/v1/codes.pb.h"
#include "gate/v1/config.pb.h"
#include "gate/v1/decision.pb.h"
#include "gate/v1/passage.pb.h"
#include "rules/plate_color.h"

namespace gate::drivers::uplink {

inline constexpr const char* kProfileVersion = "gate-uplink/1";

// Direction: 1 in, 2 out; 0 when unspecified.
int direction_code(gate::v1::Direction d);
std::optional<gate::v1::Direction> direction_from_code(int code);

// Alert level: 0 none, 1 yellow, 2 orange, 3 red. Response level: 0, 3 (III), 2 (II), 1 (I).
int alert_code(gate::v1::AlertLevel a);
std::optional<gate::v1::AlertLevel> alert_from_code(int code);
int response_level_code(gate::v1::AlertLevel a);

// Vehicle class: 1 transport, 2 in-plant, 3 non-road machinery.
int vehicle_class_code(gate::v1::VehicleClass c);

// "pass", "refuse", "hold", "manual_pass"; "" for unspecified.
std::string verdict_code(gate::v1::Verdict v);
std::optional<gate::v1::Verdict> verdict_from_code(std::string_view code);

// "passed", "turned_away", "not_passed", "barrier_fault", "unconfirmed", "pending".
std::string outcome_code(gate::v1::PassageOutcome o);
std::optional<gate::v1::PassageOutcome> outcome_from_code(std::string_view code);

// The configured plate-colour table; UNSPECIFIED is the traffic/ETC table (it codes every colour,
// yellow-green included).
rules::ColorCodeTable color_table(gate::v1::PlateColorTable t);
// Platform code of a plate colour. A colour the table has no code for is sent as the table's
// "unknown" code (the colour's name travels in plate_color_name).
int plate_color_code(gate::v1::PlateColor c, rules::ColorCodeTable table);
// True when `code` is one the table defines.
bool plate_color_code_defined(int code, rules::ColorCodeTable table);

// "police", "etc", "hikvision", "vzenith" and back (gate-sim options, docs).
std::string_view color_table_name(rules::ColorCodeTable t);
std::optional<rules::ColorCodeTable> color_table_from_name(std::string_view name);

// Emission stage "0".."6", "D", "X" is rules::stage_to_code; fuel is rules::fuel_to_code.
bool stage_code_valid(std::string_view code);
bool fuel_code_valid(std::string_view code);

}  // namespace gate::drivers::uplink
