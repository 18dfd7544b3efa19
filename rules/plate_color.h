// Plate colours: one internal enum (gate.v1.PlateColor), mapped at each edge to the external
// code tables of docs/domain.md §3.1, which are incompatible with each other.
#pragma once

#include <optional>
#include <string_view>

#include "gate/v1/codes.pb.h"

namespace gate::rules {

enum class ColorCodeTable { kPoliceCheckpoint, kTrafficEtc, kHikvision, kVzenith };

// The table's code for `c`, or nullopt where the table defines none (e.g. yellow-green in
// the police table). UNSPECIFIED maps like UNKNOWN.
std::optional<int> color_to_code(gate::v1::PlateColor c, ColorCodeTable table);

// The colour a table's code means; codes the table does not define give PLATE_COLOR_UNKNOWN.
gate::v1::PlateColor color_from_code(int code, ColorCodeTable table);

// "blue", "yellow", "white", "black", "green", "yellow-green", "unknown".
std::string_view color_name(gate::v1::PlateColor c);

// Accepts the English names above (case-insensitive) and the Chinese 蓝/黄/白/黑/绿/黄绿.
std::optional<gate::v1::PlateColor> color_from_name(std::string_view name);

}  // namespace gate::rules
