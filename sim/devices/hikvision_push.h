// What a Hikvision ANPR camera sends to its "HTTP listening" alarm host: an ISAPI
// EventNotificationAlert (eventType ANPR) as the anpr.xml part of a multipart/form-data body,
// followed by the plate and scene pictures. Field names, part names and framing follow the
// samples gated is tested with (tests/drivers/camera/data/README.md gives their sources). Pure.
#pragma once

#include <cstdint>
#include <string>

#include "sim/devices/truck_arrivals.h"

namespace gate::sim {

// One HTTP body with its Content-Type.
struct PushBody {
  std::string content_type;
  std::string body;
};

struct HikvisionIdentity {
  std::string ip_address = "127.0.0.1";
  std::string mac_address;  // "bc:5e:33:00:00:01"; gated's camera id is "<mac>/ch<channel>"
  int channel = 1;
};

// The plate's ISAPI colour word ("yellow", "blue", "yellowGreen", …).
std::string hikvision_color_word(gate::v1::PlateColor color);

// dateTime as the camera writes it: local time with its zone, milliseconds kept
// ("2026-11-27T06:00:01.250+08:00").
std::string hikvision_date_time(int64_t unix_ms, int utc_offset_minutes);

// The alert for `truck` read at `now_unix_ms`; confidence is written in whole percent.
std::string hikvision_anpr_xml(const TruckArrival& truck, const HikvisionIdentity& camera,
                               int64_t now_unix_ms, int utc_offset_minutes);

// multipart/form-data: anpr.xml (text/xml), licensePlatePicture.jpg and detectionPicture.jpg
// (image/jpeg).
PushBody hikvision_anpr_push(const TruckArrival& truck, const HikvisionIdentity& camera,
                             int64_t now_unix_ms, int utc_offset_minutes,
                             const std::string& plate_jpeg, const std::string& scene_jpeg);

}  // namespace gate::sim
