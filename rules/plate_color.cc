#include "rules/plate_color.h"

#include <array>
#include <cctype>
#include <string>

namespace gate::rules {
namespace {

using gate::v1::PlateColor;

// docs/domain.md §3.1. kNone marks a colour the table has no code for.
constexpr int kNone = -1;

struct Row {
  PlateColor color;
  int police;
  int etc;
  int hikvision;
  int vzenith;
};

// Police checkpoint code 4 is the small-NEV green; some police feeds use 4 or 9 for
// yellow-green, which we cannot tell apart from green/unknown, so that table maps it nowhere.
constexpr std::array<Row, 7> kTable = {{
    {gate::v1::PLATE_COLOR_WHITE, 0, 3, 2, 3},
    {gate::v1::PLATE_COLOR_YELLOW, 1, 1, 1, 2},
    {gate::v1::PLATE_COLOR_BLUE, 2, 0, 0, 1},
    {gate::v1::PLATE_COLOR_BLACK, 3, 2, 3, 4},
    {gate::v1::PLATE_COLOR_GREEN, 4, 4, 4, 5},
    {gate::v1::PLATE_COLOR_YELLOW_GREEN, kNone, 5, kNone, 6},
    {gate::v1::PLATE_COLOR_UNKNOWN, 9, 9, 0xff, 0},
}};

int code_in(const Row& r, ColorCodeTable table) {
  switch (table) {
    case ColorCodeTable::kPoliceCheckpoint:
      return r.police;
    case ColorCodeTable::kTrafficEtc:
      return r.etc;
    case ColorCodeTable::kHikvision:
      return r.hikvision;
    case ColorCodeTable::kVzenith:
      return r.vzenith;
  }
  return kNone;
}

std::string lower_ascii_trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

}  // namespace

std::optional<int> color_to_code(PlateColor c, ColorCodeTable table) {
  if (c == gate::v1::PLATE_COLOR_UNSPECIFIED) c = gate::v1::PLATE_COLOR_UNKNOWN;
  for (const Row& r : kTable) {
    if (r.color != c) continue;
    const int code = code_in(r, table);
    if (code == kNone) return std::nullopt;
    return code;
  }
  return std::nullopt;  // not a known enum value
}

PlateColor color_from_code(int code, ColorCodeTable table) {
  if (code < 0) return gate::v1::PLATE_COLOR_UNKNOWN;
  for (const Row& r : kTable) {
    if (code_in(r, table) == code) return r.color;
  }
  return gate::v1::PLATE_COLOR_UNKNOWN;
}

std::string_view color_name(PlateColor c) {
  switch (c) {
    case gate::v1::PLATE_COLOR_BLUE:
      return "blue";
    case gate::v1::PLATE_COLOR_YELLOW:
      return "yellow";
    case gate::v1::PLATE_COLOR_WHITE:
      return "white";
    case gate::v1::PLATE_COLOR_BLACK:
      return "black";
    case gate::v1::PLATE_COLOR_GREEN:
      return "green";
    case gate::v1::PLATE_COLOR_YELLOW_GREEN:
      return "yellow-green";
    default:
      return "unknown";  // UNKNOWN, UNSPECIFIED and out-of-range values
  }
}

std::optional<PlateColor> color_from_name(std::string_view name) {
  std::string n = lower_ascii_trimmed(name);
  // Chinese names may carry 色 ("colour") and, for yellow-green, 双拼 ("split").
  for (std::string_view tail : {std::string_view("色"), std::string_view("双拼")}) {
    if (n.size() > tail.size() && n.ends_with(tail)) n.resize(n.size() - tail.size());
  }
  struct Name {
    std::string_view text;
    PlateColor color;
  };
  static constexpr std::array<Name, 17> kNames = {{
      {"blue", gate::v1::PLATE_COLOR_BLUE},
      {"yellow", gate::v1::PLATE_COLOR_YELLOW},
      {"white", gate::v1::PLATE_COLOR_WHITE},
      {"black", gate::v1::PLATE_COLOR_BLACK},
      {"green", gate::v1::PLATE_COLOR_GREEN},
      {"yellow-green", gate::v1::PLATE_COLOR_YELLOW_GREEN},
      {"yellow_green", gate::v1::PLATE_COLOR_YELLOW_GREEN},
      {"yellow green", gate::v1::PLATE_COLOR_YELLOW_GREEN},
      {"unknown", gate::v1::PLATE_COLOR_UNKNOWN},
      {"蓝", gate::v1::PLATE_COLOR_BLUE},
      {"黄", gate::v1::PLATE_COLOR_YELLOW},
      {"白", gate::v1::PLATE_COLOR_WHITE},
      {"黑", gate::v1::PLATE_COLOR_BLACK},
      {"绿", gate::v1::PLATE_COLOR_GREEN},
      {"渐变绿", gate::v1::PLATE_COLOR_GREEN},
      {"黄绿", gate::v1::PLATE_COLOR_YELLOW_GREEN},
      {"未知", gate::v1::PLATE_COLOR_UNKNOWN},
  }};
  for (const Name& entry : kNames) {
    if (entry.text == n) return entry.color;
  }
  return std::nullopt;
}

}  // namespace gate::rules
