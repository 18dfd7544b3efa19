#include "sim/devices/hikvision_push.h"

#include <cstdio>
#include <ctime>

namespace gate::sim {
namespace {

// Plates hold Chinese characters, digits and letters only; escaping keeps the XML well formed
// whatever a scenario's plate is.
std::string xml_escaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string part(const std::string& boundary, const std::string& name,
                 const std::string& content_type, const std::string& bytes) {
  return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name +
         "\"; filename=\"" + name + "\"\r\nContent-Type: " + content_type + "\r\n\r\n" + bytes +
         "\r\n";
}

}  // namespace

std::string hikvision_color_word(gate::v1::PlateColor color) {
  switch (color) {
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
      return "yellowGreen";
    default:
      return "unknown";
  }
}

std::string hikvision_date_time(int64_t unix_ms, int utc_offset_minutes) {
  const int64_t local_ms = unix_ms + int64_t{utc_offset_minutes} * 60000;
  const std::time_t secs = static_cast<std::time_t>(local_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  const int offset = utc_offset_minutes < 0 ? -utc_offset_minutes : utc_offset_minutes;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%c%02d:%02d", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(local_ms % 1000), utc_offset_minutes < 0 ? '-' : '+', offset / 60,
                offset % 60);
  return buf;
}

std::string hikvision_anpr_xml(const TruckArrival& truck, const HikvisionIdentity& camera,
                               int64_t now_unix_ms, int utc_offset_minutes) {
  const std::string plate = xml_escaped(truck.plate);
  const int confidence = static_cast<int>(truck.confidence * 100 + 0.5);
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<EventNotificationAlert version=\"2.0\" "
         "xmlns=\"http://www.isapi.org/ver20/XMLSchema\">\n"
         "<ipAddress>" +
         xml_escaped(camera.ip_address) + "</ipAddress>\n<portNo>80</portNo>\n" +
         "<protocol>HTTP</protocol>\n<macAddress>" + xml_escaped(camera.mac_address) +
         "</macAddress>\n<channelID>" + std::to_string(camera.channel) + "</channelID>\n" +
         "<dateTime>" + hikvision_date_time(now_unix_ms, utc_offset_minutes) + "</dateTime>\n" +
         "<activePostCount>1</activePostCount>\n<eventType>ANPR</eventType>\n" +
         "<eventState>active</eventState>\n<eventDescription>ANPR</eventDescription>\n" +
         "<ANPR>\n<country>CN</country>\n<licensePlate>" + plate + "</licensePlate>\n" +
         "<line>1</line>\n<direction>forward</direction>\n<confidenceLevel>" +
         std::to_string(confidence) + "</confidenceLevel>\n<plateType>unknown</plateType>\n" +
         "<plateColor>" + hikvision_color_word(truck.color) + "</plateColor>\n" +
         "<vehicleType>truck</vehicleType>\n<pictureInfoList>\n" +
         "<pictureInfo><fileName>licensePlatePicture.jpg</fileName>"
         "<type>licensePlatePicture</type><dataType>0</dataType></pictureInfo>\n"
         "<pictureInfo><fileName>detectionPicture.jpg</fileName>"
         "<type>detectionPicture</type><dataType>0</dataType></pictureInfo>\n"
         "</pictureInfoList>\n<originalLicensePlate>" +
         plate + "</originalLicensePlate>\n</ANPR>\n</EventNotificationAlert>\n";
}

PushBody hikvision_anpr_push(const TruckArrival& truck, const HikvisionIdentity& camera,
                             int64_t now_unix_ms, int utc_offset_minutes,
                             const std::string& plate_jpeg, const std::string& scene_jpeg) {
  // The boundary real cameras use is the word "boundary"; one that cannot occur in the parts
  // keeps the body well formed whatever the pictures hold.
  const std::string boundary = "MIME_boundary_gate_sim_" + std::to_string(now_unix_ms);
  PushBody push;
  push.content_type = "multipart/form-data; boundary=" + boundary;
  push.body = part(boundary, "anpr.xml", "text/xml",
                   hikvision_anpr_xml(truck, camera, now_unix_ms, utc_offset_minutes)) +
              part(boundary, "licensePlatePicture.jpg", "image/jpeg", plate_jpeg) +
              part(boundary, "detectionPicture.jpg", "image/jpeg", scene_jpeg) + "--" + boundary +
              "--\r\n";
  return push;
}

}  // namespace gate::sim
