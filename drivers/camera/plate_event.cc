// Plate event parsing. nlohmann::json throws; every exception is caught here and turned into
// an Error whose message names the field and what was wrong with it.
#include "drivers/camera/plate_event.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <exception>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "drivers/camera/event_checks.h"
#include "drivers/image/picture_decode.h"
#include "rules/image_header.h"
#include "rules/plate_color.h"

namespace gate::drivers {

namespace {

using json = nlohmann::json;

// Thrown inside this file only, caught at the two parse_* entry points.
struct FieldError {
  std::string message;
};

std::string type_name(const json& j) {
  return j.type_name();
}

std::string trim(std::string_view s) {
  return trim_ascii(s);
}

// The parser's message quotes the token it stopped at, which may be megabytes long: enough of
// it to see what went wrong goes to the log and the answer.
constexpr std::size_t kMaxQuotedBytes = 240;

json parse_body(std::string_view body) {
  try {
    return json::parse(body.begin(), body.end());
  } catch (const json::exception& e) {  // parse_error, and out_of_range for a number too large
    std::string message = "body is not JSON: " + printable_utf8(e.what(), kMaxQuotedBytes);
    if (message.find("UTF-8") != std::string::npos) {
      message += " (text must be UTF-8; is the camera set to GBK?)";
    }
    throw FieldError{message};
  }
}

// The member `key` of object `obj` (whose path is `path`), or nullptr when absent or null.
const json* member(const json& obj, const std::string& path, const char* key) {
  if (!obj.is_object()) {
    throw FieldError{(path.empty() ? "body" : path) + " must be a JSON object, got " +
                     type_name(obj)};
  }
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

const json& required(const json& obj, const std::string& path, const char* key) {
  const json* j = member(obj, path, key);
  if (j == nullptr) throw FieldError{(path.empty() ? "" : path + ".") + key + " missing"};
  return *j;
}

std::string join(const std::string& path, const char* key) {
  return path.empty() ? std::string(key) : path + "." + key;
}

std::string as_string(const json& j, const std::string& path) {
  if (!j.is_string()) throw FieldError{path + " must be a string, got " + type_name(j)};
  return j.get<std::string>();
}

template <class T>
T checked(Result<T> r) {
  if (!r.ok()) throw FieldError{r.error()};
  return std::move(r).value();
}

// An id or name: at most kMaxCameraIdBytes bytes, no control character.
std::string checked_id(std::string text, const std::string& path) {
  return checked(checked_camera_id(std::move(text), path));
}

// The plate text as read (trimmed), refused unless it has the shape of a plate read.
std::string plate_text(const json& j, const std::string& path) {
  return checked(checked_plate_text(as_string(j, path), path));
}

double as_number(const json& j, const std::string& path) {
  if (!j.is_number()) throw FieldError{path + " must be a number, got " + type_name(j)};
  return j.get<double>();
}

int64_t as_integer(const json& j, const std::string& path) {
  if (j.is_number_unsigned()) {
    const auto v = j.get<uint64_t>();
    if (v > static_cast<uint64_t>(INT64_MAX)) throw FieldError{path + " is out of range"};
    return static_cast<int64_t>(v);
  }
  if (j.is_number_integer()) return j.get<int64_t>();
  if (j.is_number_float()) {
    const double d = j.get<double>();
    if (std::nearbyint(d) == d && std::fabs(d) < 9e15) return static_cast<int64_t>(d);
    throw FieldError{path + " must be an integer, got " + j.dump()};
  }
  throw FieldError{path + " must be an integer, got " + type_name(j)};
}

std::string format_number(double v) {
  if (std::nearbyint(v) == v && std::fabs(v) < 1e15) {
    return std::to_string(static_cast<int64_t>(v));
  }
  return json(v).dump();
}

// An optional base64 image field, its header checked (rules/image_header.h) but not decoded; empty
// when absent. Base64 may be wrapped in lines: no text check here.
std::string image_field(const json& obj, const std::string& path, const char* key) {
  const json* j = member(obj, path, key);
  const std::string field = join(path, key);
  if (j == nullptr) return {};
  const std::string text = as_string(*j, field);
  if (trim(text).empty()) return {};
  auto bytes = base64_decode(text);
  if (!bytes.ok()) throw FieldError{field + " is " + bytes.error()};
  if (Status st = check_picture_header(bytes.value(), field); !st.ok()) {
    throw FieldError{st.message()};
  }
  return std::move(bytes).value();
}

// -1 for characters outside the RFC 4648 base64 alphabet.
constexpr std::array<int8_t, 256> make_decode_table() {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int8_t>(i);
  }
  return t;
}
constexpr auto kDecode = make_decode_table();

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string char_text(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x21 && u < 0x7f) return std::string("'") + c + "'";
  static const char* kHex = "0123456789abcdef";
  return std::string("byte 0x") + kHex[u >> 4] + kHex[u & 0xf];
}

}  // namespace

Result<std::string> base64_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3);
  uint32_t acc = 0;
  int n = 0;        // sextets in the current quantum
  int padding = 0;  // '=' seen
  std::size_t last_data = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (is_space(c)) continue;
    if (c == '=') {
      // Padding only completes a quantum of 2 or 3 sextets, with at most 4 - n characters.
      if (n < 2 || n + padding >= 4) {
        return Error{"not valid base64 at offset " + std::to_string(i) + ": unexpected '='"};
      }
      ++padding;
      continue;
    }
    const int v = kDecode[static_cast<unsigned char>(c)];
    if (v < 0) {
      return Error{"not valid base64 at offset " + std::to_string(i) + ": unexpected " +
                   char_text(c)};
    }
    if (padding > 0) {
      return Error{"not valid base64 at offset " + std::to_string(i) + ": data after padding"};
    }
    acc = (acc << 6) | static_cast<uint32_t>(v);
    last_data = i;
    if (++n == 4) {
      out += static_cast<char>((acc >> 16) & 0xff);
      out += static_cast<char>((acc >> 8) & 0xff);
      out += static_cast<char>(acc & 0xff);
      acc = 0;
      n = 0;
    }
  }
  if (n == 1) {
    return Error{"not valid base64 at offset " + std::to_string(last_data) +
                 ": a lone final character carries no whole byte"};
  }
  if (n == 2) {
    out += static_cast<char>((acc >> 4) & 0xff);
  } else if (n == 3) {
    out += static_cast<char>((acc >> 10) & 0xff);
    out += static_cast<char>((acc >> 2) & 0xff);
  }
  return out;
}

std::string base64_encode(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t v = static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16 |
                       static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8 |
                       static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 2]));
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t v = static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) v |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

Result<std::string> check_image(const std::string& bytes) {
  if (bytes.empty()) return Error{"the image is empty"};
  auto header = rules::read_image_header(bytes);
  if (!header.ok()) return Error{header.error()};
  if (Status size = rules::check_image_size(header.value()); !size.ok())
    return Error{size.message()};
  // Whether the picture decodes whole is the question, not its pixels: a JPEG decodes at 1/8
  // scale in grey, a PNG a row at a time.
  if (Status decoded = image::check_picture_decodes(bytes); !decoded.ok()) {
    return Error{"could not decode " + std::to_string(bytes.size()) + " bytes as " +
                 header.value().format + ": " + decoded.message()};
  }
  return std::to_string(header.value().width) + "x" + std::to_string(header.value().height);
}

namespace {

// Vzenith's timeStamp.Timeval {sec, usec} in unix ms.
int64_t vzenith_time(const json& ts, const std::string& ts_path) {
  const json& tv = required(ts, ts_path, "Timeval");
  const std::string tv_path = join(ts_path, "Timeval");
  const int64_t sec = as_integer(required(tv, tv_path, "sec"), join(tv_path, "sec"));
  int64_t usec = 0;
  if (const json* u = member(tv, tv_path, "usec")) usec = as_integer(*u, join(tv_path, "usec"));
  if (sec < 0 || sec > INT64_MAX / 1000 - 1) {
    throw FieldError{join(tv_path, "sec") + " out of range: " + std::to_string(sec)};
  }
  if (usec < 0 || usec > 999999) {
    throw FieldError{join(tv_path, "usec") + " must be 0..999999, got " + std::to_string(usec)};
  }
  return sec * 1000 + usec / 1000;
}

// PlateResult's colorType (Vzenith table) and confidence (0..100).
void vzenith_colour_and_confidence(const json& plate, const std::string& path,
                                   gate::v1::PlateRead& read) {
  read.set_color(gate::v1::PLATE_COLOR_UNKNOWN);
  if (const json* ct = member(plate, path, "colorType")) {
    const int64_t code = as_integer(*ct, join(path, "colorType"));
    if (code >= INT32_MIN && code <= INT32_MAX) {
      read.set_color(
          rules::color_from_code(static_cast<int>(code), rules::ColorCodeTable::kVzenith));
    }
  }
  const double confidence =
      as_number(required(plate, path, "confidence"), join(path, "confidence"));
  if (!(confidence >= 0 && confidence <= 100)) {
    throw FieldError{join(path, "confidence") + " must be 0..100, got " +
                     format_number(confidence)};
  }
  read.set_confidence(confidence / 100.0);
}

// AlarmInfoPlate's serialno, else deviceName.
std::string vzenith_camera_id(const json& alarm, const std::string& alarm_path) {
  if (const json* sn = member(alarm, alarm_path, "serialno")) {
    const std::string field = join(alarm_path, "serialno");
    std::string id = checked_id(as_string(*sn, field), field);
    if (!id.empty()) return id;
  }
  if (const json* dn = member(alarm, alarm_path, "deviceName")) {
    const std::string field = join(alarm_path, "deviceName");
    return checked_id(as_string(*dn, field), field);
  }
  return {};
}

// imageFile is the main picture, imageFragmentFile the close-up (the main one when it is alone).
void vzenith_pictures(const json& plate, const std::string& path, PlateEvent& ev) {
  ev.image_jpeg = image_field(plate, path, "imageFile");
  ev.image_field = join(path, "imageFile");
  std::string fragment = image_field(plate, path, "imageFragmentFile");
  if (fragment.empty()) return;
  if (ev.image_jpeg.empty()) {
    ev.image_jpeg = std::move(fragment);
    ev.image_field = join(path, "imageFragmentFile");
    return;
  }
  ev.closeup_jpeg = std::move(fragment);
  ev.closeup_field = join(path, "imageFragmentFile");
}

// The lane from the push URL: an id like any other.
void check_url_lane(const std::string& lane_id) {
  if (lane_id.empty()) throw FieldError{"lane id is empty (it comes from the push URL)"};
  (void)checked_id(lane_id, "lane id in the push URL");
}

}  // namespace

Result<PlateEvent> parse_vzenith_event(std::string_view body, const std::string& lane_id) {
  try {
    check_url_lane(lane_id);
    const json root = parse_body(body);
    const std::string alarm_path = "AlarmInfoPlate";
    const json& alarm = required(root, "", "AlarmInfoPlate");
    const std::string result_path = alarm_path + ".result";
    const json& result = required(alarm, alarm_path, "result");
    const std::string path = result_path + ".PlateResult";
    const json& plate = required(result, result_path, "PlateResult");

    PlateEvent ev;
    auto& read = ev.read;
    read.set_source("vzenith");
    read.set_lane_id(lane_id);
    read.set_plate_text(plate_text(required(plate, path, "license"), join(path, "license")));
    vzenith_colour_and_confidence(plate, path, read);
    if (const json* ts = member(plate, path, "timeStamp")) {
      read.set_camera_time_unix_ms(vzenith_time(*ts, join(path, "timeStamp")));
    }
    read.set_camera_id(vzenith_camera_id(alarm, alarm_path));
    vzenith_pictures(plate, path, ev);
    return ev;
  } catch (const FieldError& e) {
    return Error{e.message};
  } catch (const std::exception& e) {  // not expected: every access above is checked
    return Error{std::string("cannot read Vzenith event: ") + e.what()};
  }
}

namespace {

// The generic event's optional fields: colour, confidence, camera time, camera, direction.
void generic_optional_fields(const json& root, gate::v1::PlateRead& read) {
  const std::string path;
  read.set_color(gate::v1::PLATE_COLOR_UNKNOWN);
  if (const json* c = member(root, path, "color")) {
    const std::string name = checked_id(as_string(*c, "color"), "color");
    const auto color = rules::color_from_name(trim(name));
    if (!color) {
      throw FieldError{"color \"" + name +
                       "\" is not a known colour; accepted: blue, yellow, white, black, "
                       "green, yellow-green, unknown (or 蓝, 黄, 白, 黑, 绿, 黄绿)"};
    }
    read.set_color(*color);
  }
  read.set_confidence(1.0);
  if (const json* c = member(root, path, "confidence")) {
    const double confidence = as_number(*c, "confidence");
    if (!(confidence >= 0 && confidence <= 1)) {
      throw FieldError{"confidence must be 0..1, got " + format_number(confidence)};
    }
    read.set_confidence(confidence);
  }
  if (const json* t = member(root, path, "time_unix_ms")) {
    const int64_t ms = as_integer(*t, "time_unix_ms");
    if (ms <= 0) throw FieldError{"time_unix_ms must be positive, got " + std::to_string(ms)};
    read.set_camera_time_unix_ms(ms);
  }
  if (const json* cam = member(root, path, "camera")) {
    read.set_camera_id(checked_id(as_string(*cam, "camera"), "camera"));
  }
  if (const json* d = member(root, path, "direction")) {
    const std::string dir = checked_id(as_string(*d, "direction"), "direction");
    if (dir != "in" && dir != "out") {
      throw FieldError{"direction must be \"in\" or \"out\", got \"" + dir + "\""};
    }
    read.set_direction(dir == "in" ? gate::v1::DIRECTION_IN : gate::v1::DIRECTION_OUT);
  }
}

}  // namespace

Result<PlateEvent> parse_generic_event(std::string_view body) {
  try {
    const json root = parse_body(body);
    if (!root.is_object()) throw FieldError{"body must be a JSON object, got " + type_name(root)};
    PlateEvent ev;
    auto& read = ev.read;
    read.set_source("generic");
    read.set_plate_text(plate_text(required(root, "", "plate"), "plate"));
    const std::string lane =
        checked_id(trim(as_string(required(root, "", "lane"), "lane")), "lane");
    if (lane.empty()) throw FieldError{"lane is empty"};
    read.set_lane_id(lane);
    generic_optional_fields(root, read);
    ev.image_jpeg = image_field(root, "", "image_jpeg_base64");
    ev.image_field = "image_jpeg_base64";
    return ev;
  } catch (const FieldError& e) {
    return Error{e.message};
  } catch (const std::exception& e) {  // not expected: every access above is checked
    return Error{std::string("cannot read generic event: ") + e.what()};
  }
}

}  // namespace gate::drivers
