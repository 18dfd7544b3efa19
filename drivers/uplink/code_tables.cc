#include "drivers/uplink/code_tables.h"

#include <array>
#include <utility>

#include "rules/codes.h"
#include "rules/display_names.h"

namespace gate::drivers::uplink {
namespace {

constexpr std::array<std::pair<rules::ColorCodeTable, const char*>, 4> kTables = {{
    {rules::ColorCodeTable::kPoliceCheckpoint, "police"},
    {rules::ColorCodeTable::kTrafficEtc, "etc"},
    {rules::ColorCodeTable::kHikvision, "hikvision"},
    {rules::ColorCodeTable::kVzenith, "vzenith"},
}};

}  // namespace

int direction_code(gate::v1::Direction d) {
  switch (d) {
    case gate::v1::DIRECTION_IN:
      return 1;
    case gate::v1::DIRECTION_OUT:
      return 2;
    default:
      return 0;
  }
}

std::optional<gate::v1::Direction> direction_from_code(int code) {
  if (code == 1) return gate::v1::DIRECTION_IN;
  if (code == 2) return gate::v1::DIRECTION_OUT;
  return std::nullopt;
}

int alert_code(gate::v1::AlertLevel a) {
  switch (a) {
    case gate::v1::ALERT_LEVEL_YELLOW:
      return 1;
    case gate::v1::ALERT_LEVEL_ORANGE:
      return 2;
    case gate::v1::ALERT_LEVEL_RED:
      return 3;
    default:
      return 0;
  }
}

std::optional<gate::v1::AlertLevel> alert_from_code(int code) {
  switch (code) {
    case 0:
      return gate::v1::ALERT_LEVEL_NONE;
    case 1:
      return gate::v1::ALERT_LEVEL_YELLOW;
    case 2:
      return gate::v1::ALERT_LEVEL_ORANGE;
    case 3:
      return gate::v1::ALERT_LEVEL_RED;
    default:
      return std::nullopt;
  }
}

int response_level_code(gate::v1::AlertLevel a) {
  switch (a) {
    case gate::v1::ALERT_LEVEL_YELLOW:
      return 3;
    case gate::v1::ALERT_LEVEL_ORANGE:
      return 2;
    case gate::v1::ALERT_LEVEL_RED:
      return 1;
    default:
      return 0;
  }
}

int vehicle_class_code(gate::v1::VehicleClass c) {
  switch (c) {
    case gate::v1::VEHICLE_CLASS_TRANSPORT:
      return 1;
    case gate::v1::VEHICLE_CLASS_IN_PLANT:
      return 2;
    case gate::v1::VEHICLE_CLASS_NON_ROAD_MACHINERY:
      return 3;
    default:
      return 0;
  }
}

std::string verdict_code(gate::v1::Verdict v) {
  return std::string(rules::verdict_key(v));
}

std::optional<gate::v1::Verdict> verdict_from_code(std::string_view code) {
  return rules::verdict_from_key(code);
}

std::string outcome_code(gate::v1::PassageOutcome o) {
  return std::string(rules::outcome_key(o));
}

std::optional<gate::v1::PassageOutcome> outcome_from_code(std::string_view code) {
  return rules::outcome_from_key(code);
}

rules::ColorCodeTable color_table(gate::v1::PlateColorTable t) {
  switch (t) {
    case gate::v1::PLATE_COLOR_TABLE_POLICE_CHECKPOINT:
      return rules::ColorCodeTable::kPoliceCheckpoint;
    case gate::v1::PLATE_COLOR_TABLE_HIKVISION:
      return rules::ColorCodeTable::kHikvision;
    case gate::v1::PLATE_COLOR_TABLE_VZENITH:
      return rules::ColorCodeTable::kVzenith;
    default:
      return rules::ColorCodeTable::kTrafficEtc;
  }
}

int plate_color_code(gate::v1::PlateColor c, rules::ColorCodeTable table) {
  if (auto code = rules::color_to_code(c, table)) return *code;
  return rules::color_to_code(gate::v1::PLATE_COLOR_UNKNOWN, table).value_or(9);
}

bool plate_color_code_defined(int code, rules::ColorCodeTable table) {
  return rules::color_to_code(rules::color_from_code(code, table), table) == code;
}

std::string_view color_table_name(rules::ColorCodeTable t) {
  for (const auto& [table, name] : kTables) {
    if (table == t) return name;
  }
  return "etc";
}

std::optional<rules::ColorCodeTable> color_table_from_name(std::string_view name) {
  for (const auto& [table, n] : kTables) {
    if (name == n) return table;
  }
  return std::nullopt;
}

// Exactly the table's spelling: one character, upper case, nothing around it.
bool stage_code_valid(std::string_view code) {
  if (code.size() != 1) return false;
  auto stage = rules::stage_from_code(code);
  return stage && rules::stage_to_code(*stage) == code[0];
}

bool fuel_code_valid(std::string_view code) {
  if (code.size() != 1) return false;
  auto fuel = rules::fuel_from_code(code);
  return fuel && rules::fuel_to_code(*fuel) == code[0];
}

}  // namespace gate::drivers::uplink
