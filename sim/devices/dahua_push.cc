#include "sim/devices/dahua_push.h"

#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

#include "drivers/camera/plate_event.h"

namespace gate::sim {

std::string dahua_color_word(gate::v1::PlateColor color) {
  switch (color) {
    case gate::v1::PLATE_COLOR_BLUE:
      return "Blue";
    case gate::v1::PLATE_COLOR_YELLOW:
      return "Yellow";
    case gate::v1::PLATE_COLOR_WHITE:
      return "White";
    case gate::v1::PLATE_COLOR_BLACK:
      return "Black";
    case gate::v1::PLATE_COLOR_GREEN:
      return "Green";
    case gate::v1::PLATE_COLOR_YELLOW_GREEN:
      return "YellowGreen";
    default:
      return "Unknown";
  }
}

std::string dahua_accurate_time(int64_t unix_ms, int utc_offset_minutes) {
  const int64_t local_ms = unix_ms + int64_t{utc_offset_minutes} * 60000;
  const std::time_t secs = static_cast<std::time_t>(local_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%03d", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(local_ms % 1000));
  return buf;
}

std::string dahua_tollgate_json(const TruckArrival& truck, const std::string& device_id,
                                int64_t now_unix_ms, int utc_offset_minutes,
                                const std::string& scene_jpeg, const std::string& plate_jpeg) {
  const std::string when = dahua_accurate_time(now_unix_ms, utc_offset_minutes);
  nlohmann::json picture = {
      {"Plate",
       {{"Channel", 0},
        {"Confidence", static_cast<int>(truck.confidence * 100 + 0.5)},
        {"IsExist", true},
        {"PlateColor", dahua_color_word(truck.color)},
        {"PlateNumber", truck.plate},
        {"PlateType", "Normal"},
        {"Region", "CHN"}}},
      {"SnapInfo",
       {{"AccurateTime", when},
        {"DefenceCode", "01"},
        {"DeviceID", device_id},
        {"Direction", "Approach"},
        {"LanNo", 1},
        {"OpenStrobe", false}}},
      {"Vehicle", {{"VehicleColor", "White"}, {"VehicleType", "LargeTruck"}}},
      {"NormalPic", {{"Content", drivers::base64_encode(scene_jpeg)}, {"PicName", "normal.jpg"}}},
      {"CutoutPic", {{"Content", drivers::base64_encode(plate_jpeg)}, {"PicName", "cutout.jpg"}}}};
  return nlohmann::json{{"Picture", picture}}.dump();
}

}  // namespace gate::sim
