#include "rules/camera_vendor_codes.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <span>
#include <string>

namespace gate::rules {
namespace {

using gate::v1::PlateColor;

template <class V>
struct Word {
  std::string_view word;  // lower case
  V value;
};

// Hikvision ISAPI (Device Network SDK (Traffic) Developer Guide, XML_EventNotificationAlert_ANPR:
// plateColor "white, yellow, blue, black, green, civilAviationBlack, civilAviationGreen, other,
// unknown"; newer firmware adds the new-energy words).
constexpr std::array<Word<PlateColor>, 9> kHikvisionColors = {{
    {"white", gate::v1::PLATE_COLOR_WHITE},
    {"yellow", gate::v1::PLATE_COLOR_YELLOW},
    {"blue", gate::v1::PLATE_COLOR_BLUE},
    {"black", gate::v1::PLATE_COLOR_BLACK},
    {"green", gate::v1::PLATE_COLOR_GREEN},
    {"newenergygreen", gate::v1::PLATE_COLOR_GREEN},
    {"yellowgreen", gate::v1::PLATE_COLOR_YELLOW_GREEN},
    {"newenergyyellowgreen", gate::v1::PLATE_COLOR_YELLOW_GREEN},
    {"unknown", gate::v1::PLATE_COLOR_UNKNOWN},
}};

// Dahua ITSAPI TollgateInfo Picture.Plate.PlateColor ("Blue", "Yellow", …).
constexpr std::array<Word<PlateColor>, 8> kDahuaColors = {{
    {"white", gate::v1::PLATE_COLOR_WHITE},
    {"yellow", gate::v1::PLATE_COLOR_YELLOW},
    {"blue", gate::v1::PLATE_COLOR_BLUE},
    {"black", gate::v1::PLATE_COLOR_BLACK},
    {"green", gate::v1::PLATE_COLOR_GREEN},
    {"yellowgreen", gate::v1::PLATE_COLOR_YELLOW_GREEN},
    {"yellowbottomgreen", gate::v1::PLATE_COLOR_YELLOW_GREEN},
    {"unknown", gate::v1::PLATE_COLOR_UNKNOWN},
}};

constexpr std::array<Word<VehicleKind>, 16> kHikvisionKinds = {{
    {"truck", VehicleKind::kTruck},
    {"pickuptruck", VehicleKind::kTruck},
    {"heavytruck", VehicleKind::kTruck},
    {"lighttruck", VehicleKind::kTruck},
    {"mediumtruck", VehicleKind::kTruck},
    {"largebus", VehicleKind::kBus},
    {"mediumbus", VehicleKind::kBus},
    {"bus", VehicleKind::kBus},
    {"vehicle", VehicleKind::kCar},
    {"suvmpv", VehicleKind::kCar},
    {"smallcar", VehicleKind::kCar},
    {"minicar", VehicleKind::kCar},
    {"sedan", VehicleKind::kCar},
    {"van", VehicleKind::kVan},
    {"buggy", VehicleKind::kVan},
    {"unknown", VehicleKind::kUnknown},
}};

constexpr std::array<Word<VehicleKind>, 16> kDahuaKinds = {{
    {"truck", VehicleKind::kTruck},
    {"largetruck", VehicleKind::kTruck},
    {"midtruck", VehicleKind::kTruck},
    {"lighttruck", VehicleKind::kTruck},
    {"pickup", VehicleKind::kTruck},
    {"oiltanktruck", VehicleKind::kTruck},
    {"tankcar", VehicleKind::kTruck},
    {"slagcar", VehicleKind::kTruck},
    {"concretemixertruck", VehicleKind::kTruck},
    {"bus", VehicleKind::kBus},
    {"microbus", VehicleKind::kBus},
    {"saloon", VehicleKind::kCar},
    {"suv", VehicleKind::kCar},
    {"mpv", VehicleKind::kCar},
    {"minivan", VehicleKind::kVan},
    {"unknown", VehicleKind::kUnknown},
}};

std::string lower_trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

template <class V>
const Word<V>* find_word(std::span<const Word<V>> table, std::string_view word) {
  const std::string key = lower_trimmed(word);
  const auto it =
      std::find_if(table.begin(), table.end(), [&](const Word<V>& w) { return w.word == key; });
  return it == table.end() ? nullptr : &*it;
}

}  // namespace

PlateColor color_from_camera_word(std::string_view word, CameraWordTable table) {
  const auto* hit = table == CameraWordTable::kHikvisionIsapi
                        ? find_word<PlateColor>(kHikvisionColors, word)
                        : find_word<PlateColor>(kDahuaColors, word);
  return hit == nullptr ? gate::v1::PLATE_COLOR_UNKNOWN : hit->value;
}

VehicleKind vehicle_kind_from_camera_word(std::string_view word, CameraWordTable table) {
  if (lower_trimmed(word).empty()) return VehicleKind::kUnknown;
  const auto* hit = table == CameraWordTable::kHikvisionIsapi
                        ? find_word<VehicleKind>(kHikvisionKinds, word)
                        : find_word<VehicleKind>(kDahuaKinds, word);
  return hit == nullptr ? VehicleKind::kOther : hit->value;
}

std::string_view vehicle_kind_name(VehicleKind kind) {
  switch (kind) {
    case VehicleKind::kTruck:
      return "truck";
    case VehicleKind::kBus:
      return "bus";
    case VehicleKind::kCar:
      return "car";
    case VehicleKind::kVan:
      return "van";
    case VehicleKind::kOther:
      return "other";
    case VehicleKind::kUnknown:
      break;
  }
  return "unknown";
}

}  // namespace gate::rules
