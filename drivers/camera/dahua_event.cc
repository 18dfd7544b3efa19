#include "drivers/camera/dahua_event.h"

#include <array>

#include "drivers/camera/camera_time.h"
#include "drivers/camera/event_checks.h"
#include "drivers/camera/json_fields.h"
#include "drivers/camera/push_parts.h"
#include "rules/camera_vendor_codes.h"

namespace gate::drivers {

namespace {

namespace jf = json_fields;
using jf::json;
using jf::JsonFieldError;

// A TollgateInfo without pictures is a few KB; with base64 pictures it is as large as they are,
// which the HTTP server's body limit bounds.
constexpr std::string_view kPlatePath = "Picture.Plate";
constexpr std::string_view kSnapPath = "Picture.SnapInfo";

template <class T>
T value_or_throw(Result<T> r) {
  if (!r.ok()) throw JsonFieldError{r.error()};
  return std::move(r).value();
}

std::string optional_text(const json& obj, const std::string& path, const char* key) {
  const json* j = jf::member(obj, path, key);
  return j == nullptr ? std::string() : trim_ascii(jf::as_text(*j, jf::join(path, key)));
}

void read_plate(const json& picture, gate::v1::PlateRead& read) {
  const std::string path(kPlatePath);
  const json& plate = jf::required(picture, "Picture", "Plate");
  const std::string number_path = jf::join(path, "PlateNumber");
  read.set_plate_text(value_or_throw(checked_plate_text(
      jf::as_string(jf::required(plate, path, "PlateNumber"), number_path), number_path)));
  read.set_color(rules::color_from_camera_word(optional_text(plate, path, "PlateColor"),
                                               rules::CameraWordTable::kDahuaItsapi));
  read.set_confidence(1.0);
  if (const json* c = jf::member(plate, path, "Confidence")) {
    const double v = jf::as_number(*c, jf::join(path, "Confidence"));
    if (!(v >= 0 && v <= 100)) {
      throw JsonFieldError{jf::join(path, "Confidence") + " must be 0..100, got " +
                           printable_utf8(c->dump(), 40)};
    }
    read.set_confidence(v / 100.0);
  }
}

void read_snap_info(const json& picture, int utc_offset_minutes, CameraPush& push) {
  const std::string path(kSnapPath);
  const json& snap = jf::required(picture, "Picture", "SnapInfo");
  std::string when = optional_text(snap, path, "AccurateTime");
  if (when.empty()) when = optional_text(snap, path, "SnapTime");
  if (when.empty()) {
    throw JsonFieldError{path + ".AccurateTime missing (the camera's stamp is required)"};
  }
  auto ms = parse_camera_datetime(when, utc_offset_minutes);
  if (!ms.ok()) throw JsonFieldError{path + ".AccurateTime: " + ms.error()};
  push.event.read.set_camera_time_unix_ms(ms.value());
  const std::string device_path = jf::join(path, "DeviceID");
  push.camera_id =
      value_or_throw(checked_camera_id(optional_text(snap, path, "DeviceID"), device_path));
  push.event.read.set_camera_id(push.camera_id);
}

// Base64 pictures in the JSON: every one present is checked; the scene is kept, and the
// cutout (the plate close-up) besides it when it is not the main picture.
void read_json_pictures(const json& picture, PlateEvent& ev) {
  static constexpr std::string_view kCutout = "CutoutPic";
  static constexpr std::array<const char*, 3> kOrder = {"NormalPic", "VehiclePic", "CutoutPic"};
  for (const char* key : kOrder) {
    const json* pic = jf::member(picture, "Picture", key);
    if (pic == nullptr) continue;
    const std::string path = jf::join(jf::join("Picture", key), "Content");
    const json* content = jf::member(*pic, jf::join("Picture", key), "Content");
    if (content == nullptr) continue;
    const std::string text = jf::as_string(*content, path);
    if (trim_ascii(text).empty()) continue;
    auto bytes = base64_decode(text);
    if (!bytes.ok()) throw JsonFieldError{path + " is " + bytes.error()};
    if (Status st = check_picture_header(bytes.value(), path); !st.ok()) {
      throw JsonFieldError{st.message()};
    }
    if (ev.image_jpeg.empty()) {
      ev.image_jpeg = std::move(bytes).value();
      ev.image_field = path;
    } else if (std::string_view(key) == kCutout) {
      ev.closeup_jpeg = std::move(bytes).value();
      ev.closeup_field = path;
    }
  }
}

// Multipart pictures: every one checked; the scene when the JSON had none, and the cutout part
// as the close-up when the JSON had none and it is not the main picture.
void read_part_pictures(const PushParts& parts, PlateEvent& ev) {
  for (const auto& p : parts.pictures) {
    if (Status st = check_picture_header(p.body, picture_label(p)); !st.ok()) {
      throw JsonFieldError{st.message()};
    }
  }
  const MultipartPart* pick = nullptr;
  if (ev.image_jpeg.empty()) {
    pick = pick_picture(parts.pictures, {"normal", "vehicle", "cutout"});
    if (pick == nullptr) return;
    ev.image_jpeg = std::string(pick->body);
    ev.image_field = picture_label(*pick);
  }
  if (!ev.closeup_jpeg.empty()) return;
  if (const MultipartPart* cutout = closeup_picture(parts.pictures, pick, "cutout")) {
    ev.closeup_jpeg = std::string(cutout->body);
    ev.closeup_field = picture_label(*cutout);
  }
}

CameraPush plate_push(const PushParts& parts, const std::string& lane_id, int utc_offset_minutes) {
  const json root = jf::parse_body(parts.document);
  const json& picture = jf::required(root, "", "Picture");
  CameraPush push;
  auto& read = push.event.read;
  read.set_source("dahua");
  read.set_lane_id(lane_id);
  read_plate(picture, read);
  read_snap_info(picture, utc_offset_minutes, push);
  if (const json* vehicle = jf::member(picture, "Picture", "Vehicle")) {
    push.event.vehicle_kind =
        std::string(rules::vehicle_kind_name(rules::vehicle_kind_from_camera_word(
            optional_text(*vehicle, "Picture.Vehicle", "VehicleType"),
            rules::CameraWordTable::kDahuaItsapi)));
  }
  read_json_pictures(picture, push.event);
  read_part_pictures(parts, push.event);
  return push;
}

CameraPush keepalive_push(std::string_view body) {
  CameraPush alive;
  alive.kind = CameraPush::Kind::kHeartbeat;
  alive.what = "KeepAlive";
  if (trim_ascii(body.substr(0, 64)).empty()) return alive;
  const json root = jf::parse_body(body);
  if (!root.is_object()) throw JsonFieldError{"a KeepAlive body must be a JSON object"};
  alive.camera_id =
      value_or_throw(checked_camera_id(optional_text(root, "", "DeviceID"), "DeviceID"));
  return alive;
}

}  // namespace

Result<CameraPush> parse_dahua_push(std::string_view content_type, std::string_view body,
                                    const std::string& lane_id, bool keepalive,
                                    int utc_offset_minutes) {
  if (auto lane = checked_camera_id(lane_id, "lane id in the push URL"); !lane.ok()) {
    return Error{lane.error()};
  }
  try {
    if (keepalive) return keepalive_push(body);
    auto parts = split_push_body(content_type, body);
    if (!parts.ok()) return Error{parts.error()};
    return plate_push(parts.value(), lane_id, utc_offset_minutes);
  } catch (const JsonFieldError& e) {
    return Error{e.message};
  } catch (const std::exception& e) {  // not expected: every access above is checked
    return Error{std::string("cannot read Dahua event: ") + e.what()};
  }
}

}  // namespace gate::drivers
