// Hikvision ISAPI alarm parsing. The XML is read with Boost.PropertyTree's XML parser (no DTDs,
// no entity expansion beyond the five predefined ones) after a bound on size and nesting, which
// keeps its recursive parser's stack use small whatever a camera sends.
#include "drivers/camera/hikvision_event.h"

#include <cctype>
#include <optional>
#include <sstream>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>

#include "drivers/camera/camera_time.h"
#include "drivers/camera/event_checks.h"
#include "drivers/camera/json_fields.h"
#include "drivers/camera/push_parts.h"
#include "rules/camera_vendor_codes.h"

namespace gate::drivers {

namespace {

namespace pt = boost::property_tree;
namespace jf = json_fields;

// An ANPR alert is about 2-3 KB; anything far beyond is no alert.
constexpr std::size_t kMaxDocumentBytes = 64 * 1024;
constexpr int kMaxXmlDepth = 16;

// The fields of an EventNotificationAlert the gate uses, from XML or JSON alike.
struct Alert {
  std::string event_type;
  std::string event_state;
  std::string date_time;
  std::string ip_address;
  std::string mac_address;
  std::string channel_id;
  bool has_anpr = false;
  std::optional<std::string> plate;
  std::optional<std::string> confidence;
  std::string plate_color;
  std::string vehicle_type;
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Nesting depth of the elements, counted without parsing: enough to refuse a body built to
// exhaust a recursive parser. Comments, declarations and end tags do not count.
int xml_depth(std::string_view xml) {
  int depth = 0;
  int deepest = 0;
  for (std::size_t i = 0; i + 1 < xml.size(); ++i) {
    if (xml[i] != '<') continue;
    const char next = xml[i + 1];
    if (next == '/') {
      --depth;
    } else if (next != '?' && next != '!') {
      const std::size_t close = xml.find('>', i);
      if (close == std::string_view::npos) break;
      if (xml[close - 1] != '/') deepest = std::max(deepest, ++depth);
      i = close;
    }
  }
  return deepest;
}

std::string text_of(const pt::ptree& node, const char* path) {
  return trim_ascii(node.get<std::string>(path, ""));
}

std::optional<std::string> optional_text(const pt::ptree& node, const char* path) {
  auto v = node.get_optional<std::string>(path);
  if (!v) return std::nullopt;
  return trim_ascii(*v);
}

Result<Alert> alert_from_xml(std::string_view xml) {
  if (xml_depth(xml) > kMaxXmlDepth) {
    return Error{"the XML nests deeper than " + std::to_string(kMaxXmlDepth) +
                 " elements; an EventNotificationAlert is flat"};
  }
  pt::ptree tree;
  try {
    std::istringstream in{std::string(xml)};
    pt::read_xml(in, tree, pt::xml_parser::no_comments);
  } catch (const pt::xml_parser_error& e) {
    return Error{"body is not XML: " + printable_utf8(e.message()) + " at line " +
                 std::to_string(e.line())};
  }
  const auto root = tree.get_child_optional("EventNotificationAlert");
  if (!root) return Error{"the XML is no EventNotificationAlert (its root element is another)"};
  Alert a;
  a.event_type = text_of(*root, "eventType");
  a.event_state = text_of(*root, "eventState");
  a.date_time = text_of(*root, "dateTime");
  a.ip_address = text_of(*root, "ipAddress");
  a.mac_address = text_of(*root, "macAddress");
  a.channel_id = text_of(*root, "channelID");
  if (const auto anpr = root->get_child_optional("ANPR")) {
    a.has_anpr = true;
    a.plate = optional_text(*anpr, "licensePlate");
    a.confidence = optional_text(*anpr, "confidenceLevel");
    a.plate_color = text_of(*anpr, "plateColor");
    a.vehicle_type = text_of(*anpr, "vehicleType");
  }
  return a;
}

std::string json_text(const jf::json& obj, const std::string& path, const char* key) {
  const jf::json* j = jf::member(obj, path, key);
  return j == nullptr ? std::string() : trim_ascii(jf::as_text(*j, jf::join(path, key)));
}

Result<Alert> alert_from_json(std::string_view text) {
  try {
    const jf::json root = jf::parse_body(text);
    Alert a;
    a.event_type = json_text(root, "", "eventType");
    a.event_state = json_text(root, "", "eventState");
    a.date_time = json_text(root, "", "dateTime");
    a.ip_address = json_text(root, "", "ipAddress");
    a.mac_address = json_text(root, "", "macAddress");
    a.channel_id = json_text(root, "", "channelID");
    if (const jf::json* anpr = jf::member(root, "", "ANPR")) {
      a.has_anpr = true;
      if (const jf::json* p = jf::member(*anpr, "ANPR", "licensePlate")) {
        a.plate = jf::as_string(*p, "ANPR.licensePlate");
      }
      if (const jf::json* c = jf::member(*anpr, "ANPR", "confidenceLevel")) {
        a.confidence = std::to_string(jf::as_number(*c, "ANPR.confidenceLevel"));
      }
      a.plate_color = json_text(*anpr, "ANPR", "plateColor");
      a.vehicle_type = json_text(*anpr, "ANPR", "vehicleType");
    }
    return a;
  } catch (const jf::JsonFieldError& e) {
    return Error{e.message};
  }
}

Result<Alert> read_alert(const PushParts& parts) {
  if (parts.document.size() > kMaxDocumentBytes) {
    return Error{"the event document is " + std::to_string(parts.document.size()) +
                 " bytes; an EventNotificationAlert is at most " +
                 std::to_string(kMaxDocumentBytes)};
  }
  const std::string first = trim_ascii(parts.document.substr(0, 16));
  const bool json =
      parts.document_type.find("json") != std::string::npos ||
      (parts.document_type.find("xml") == std::string::npos && first.starts_with("{"));
  return json ? alert_from_json(parts.document) : alert_from_xml(parts.document);
}

// macAddress, else ipAddress; "/ch<channelID>" when a channel is given.
Result<std::string> camera_id_of(const Alert& a) {
  std::string id = !a.mac_address.empty() ? a.mac_address : a.ip_address;
  if (!id.empty() && !a.channel_id.empty()) id += "/ch" + a.channel_id;
  return checked_camera_id(std::move(id), "macAddress/ipAddress/channelID");
}

Result<double> confidence_of(const Alert& a) {
  if (!a.confidence) return Error{"ANPR.confidenceLevel missing"};
  std::size_t used = 0;
  double v = -1;
  try {
    v = std::stod(*a.confidence, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != a.confidence->size() || !(v >= 0 && v <= 100)) {
    return Error{"ANPR.confidenceLevel must be a number 0..100, got \"" +
                 printable_utf8(*a.confidence, 40) + "\""};
  }
  return v / 100.0;
}

// The scene picture if there is one, and the plate picture as the close-up when it is not the
// main one; every picture's header checked.
Status attach_picture(const PushParts& parts, PlateEvent& ev) {
  for (const auto& p : parts.pictures) {
    if (Status st = check_picture_header(p.body, picture_label(p)); !st.ok()) return st;
  }
  const MultipartPart* pick =
      pick_picture(parts.pictures, {"detectionPicture", "vehiclePicture", "licensePlatePicture"});
  if (pick == nullptr) return Status::Ok();
  ev.image_jpeg = std::string(pick->body);
  ev.image_field = picture_label(*pick);
  if (const MultipartPart* plate = closeup_picture(parts.pictures, pick, "licensePlatePicture")) {
    ev.closeup_jpeg = std::string(plate->body);
    ev.closeup_field = picture_label(*plate);
  }
  return Status::Ok();
}

Result<CameraPush> plate_push(const Alert& a, const PushParts& parts, const std::string& lane_id,
                              int utc_offset_minutes) {
  if (!a.has_anpr) return Error{"eventType ANPR without an ANPR element"};
  if (!a.plate) return Error{"ANPR.licensePlate missing"};
  auto plate = checked_plate_text(*a.plate, "ANPR.licensePlate");
  if (!plate.ok()) return Error{plate.error()};
  auto confidence = confidence_of(a);
  if (!confidence.ok()) return Error{confidence.error()};
  if (a.date_time.empty()) return Error{"dateTime missing (the camera's stamp is required)"};
  auto when = parse_camera_datetime(a.date_time, utc_offset_minutes);
  if (!when.ok()) return Error{"dateTime: " + when.error()};
  auto camera = camera_id_of(a);
  if (!camera.ok()) return Error{camera.error()};
  CameraPush push;
  auto& read = push.event.read;
  read.set_source("hikvision");
  read.set_lane_id(lane_id);
  read.set_plate_text(plate.value());
  read.set_confidence(confidence.value());
  read.set_color(
      rules::color_from_camera_word(a.plate_color, rules::CameraWordTable::kHikvisionIsapi));
  read.set_camera_time_unix_ms(when.value());
  read.set_camera_id(camera.value());
  push.camera_id = camera.value();
  push.event.vehicle_kind =
      std::string(rules::vehicle_kind_name(rules::vehicle_kind_from_camera_word(
          a.vehicle_type, rules::CameraWordTable::kHikvisionIsapi)));
  if (Status st = attach_picture(parts, push.event); !st.ok()) return Error{st.message()};
  return push;
}

}  // namespace

Result<CameraPush> parse_hikvision_push(std::string_view content_type, std::string_view body,
                                        const std::string& lane_id, int utc_offset_minutes) {
  if (auto lane = checked_camera_id(lane_id, "lane id in the push URL"); !lane.ok()) {
    return Error{lane.error()};
  }
  auto parts = split_push_body(content_type, body);
  if (!parts.ok()) return Error{parts.error()};
  auto alert = read_alert(parts.value());
  if (!alert.ok()) return Error{alert.error()};
  const Alert& a = alert.value();
  if (a.event_type.empty())
    return Error{"eventType missing; is this an ISAPI EventNotificationAlert?"};
  if (auto type = checked_camera_id(a.event_type, "eventType"); !type.ok()) {
    return Error{type.error()};
  }
  if (lower(a.event_type) != "anpr") {
    CameraPush alive;
    alive.kind = CameraPush::Kind::kHeartbeat;
    alive.what = a.event_type;
    auto camera = camera_id_of(a);
    if (!camera.ok()) return Error{camera.error()};
    alive.camera_id = camera.value();
    return alive;
  }
  return plate_push(a, parts.value(), lane_id, utc_offset_minutes);
}

}  // namespace gate::drivers
