// Read-back requests, answers and the match rule: see event_readback.h.
#include "drivers/camera/event_readback.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <sstream>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>

#include "drivers/camera/camera_time.h"
#include "rules/control_characters.h"
#include "rules/local_time.h"
#include "rules/plate.h"

namespace gate::drivers {

namespace {

namespace pt = boost::property_tree;

// Answers larger than this are no camera's plate list; deeper XML is no Plates document.
constexpr std::size_t kMaxReplyBytes = 1 << 20;
constexpr int kMaxXmlDepth = 16;
// Records asked of a Dahua camera; a gate lane sees far fewer in two minutes.
constexpr int kDahuaRecordCount = 100;

// Camera text for a log line, an ALARM or an answer: at most 64 bytes (cut at a character
// boundary), and none at all when it holds a control or bidi character (it would forge a log
// line or reorder a record on screen).
std::string camera_text(std::string_view s) {
  if (auto bad = rules::find_control_character(s)) return "<text with " + *bad + ">";
  if (s.size() <= 64) return std::string(s);
  std::size_t end = 64;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return std::string(s.substr(0, end)) + "…";
}

// "YYYYMMDDTHHMMSS" of `unix_ms` at utc_offset_minutes.
std::string compact_local_time(int64_t unix_ms, int utc_offset_minutes) {
  std::string text = rules::local_time(unix_ms, utc_offset_minutes);  // YYYY-MM-DD HH:MM:SS
  std::string out;
  for (char c : text) {
    if (c == ' ') {
      out += 'T';
    } else if (c != '-' && c != ':') {
      out += c;
    }
  }
  return out;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The nesting depth of the elements of `xml`, counted from start tags that are not self-closing.
int xml_depth(std::string_view xml) {
  int depth = 0;
  int deepest = 0;
  for (std::size_t i = 0; i + 1 < xml.size(); ++i) {
    if (xml[i] != '<') continue;
    const char next = xml[i + 1];
    if (next == '/') {
      depth = std::max(0, depth - 1);
    } else if (next != '?' && next != '!') {
      const std::size_t close = xml.find('>', i);
      if (close == std::string_view::npos) break;
      if (xml[close - 1] != '/') deepest = std::max(deepest, ++depth);
    }
  }
  return deepest;
}

Result<pt::ptree> read_xml_tree(std::string_view xml) {
  if (xml.size() > kMaxReplyBytes)
    return Error{"answer of " + std::to_string(xml.size()) + " bytes"};
  if (xml_depth(xml) > kMaxXmlDepth) return Error{"XML nested deeper than any Plates answer"};
  pt::ptree tree;
  try {
    std::istringstream in{std::string(xml)};
    pt::read_xml(in, tree, pt::xml_parser::no_comments);
  } catch (const pt::xml_parser_error& e) {
    return Error{std::string("not XML: ") + e.message()};
  }
  return tree;
}

// Hikvision's error document, e.g. notSupport on a camera without the ANPR store.
std::string response_status_text(const pt::ptree& status) {
  return "camera answered ResponseStatus " +
         camera_text(status.get<std::string>("statusCode", "?") + " " +
                     status.get<std::string>("statusString", "") + " (" +
                     status.get<std::string>("subStatusCode", "") + ")");
}

// "records[12].PlateNumber" into 12 and "PlateNumber"; false for other keys.
bool record_key(std::string_view key, std::size_t& index, std::string& field) {
  if (!key.starts_with("records[")) return false;
  const std::size_t close = key.find("].");
  if (close == std::string_view::npos) return false;
  const std::string_view number = key.substr(8, close - 8);
  if (!all_digits(number) || number.size() > 6) return false;
  index = static_cast<std::size_t>(std::strtoul(std::string(number).c_str(), nullptr, 10));
  field = std::string(key.substr(close + 2));
  return true;
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ')) s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return std::string(s);
}

// Dahua record times: unix seconds, or "YYYY-MM-DD HH:MM:SS" camera local time.
Result<int64_t> dahua_record_time(const std::string& text, int utc_offset_minutes) {
  if (all_digits(text) && text.size() <= 11) return std::stoll(text) * 1000;
  return parse_camera_datetime(text, utc_offset_minutes);
}

}  // namespace

Result<ReadbackRequest> build_readback_request(CameraVendor vendor, int64_t event_unix_ms,
                                               int utc_offset_minutes) {
  ReadbackRequest r;
  switch (vendor) {
    case CameraVendor::kHikvision:
      r.method = "POST";
      r.target = "/ISAPI/Traffic/channels/1/vehicleDetect/plates";
      r.content_type = "application/xml";
      r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<AfterTime><picTime>" +
               compact_local_time(event_unix_ms - kReadbackSearchMs, utc_offset_minutes) +
               "</picTime></AfterTime>\n";
      return r;
    case CameraVendor::kDahua: {
      const int64_t from_s = (event_unix_ms - kReadbackSearchMs) / 1000;
      const int64_t to_s = (event_unix_ms + kReadbackSearchMs) / 1000;
      r.method = "GET";
      r.target = "/cgi-bin/recordFinder.cgi?action=find&name=TrafficSnapEventInfo&StartTime=" +
                 std::to_string(from_s) + "&EndTime=" + std::to_string(to_s) +
                 "&count=" + std::to_string(kDahuaRecordCount);
      return r;
    }
    case CameraVendor::kVzenith:
    case CameraVendor::kGeneric:
      break;
  }
  return Error{std::string(vendor_name(vendor)) +
               " cameras have no read-back API here; only Hikvision and Dahua"};
}

Result<int64_t> parse_hikvision_capture_time(std::string_view text, int utc_offset_minutes) {
  if (text.size() > 10 && text[4] == '-') return parse_camera_datetime(text, utc_offset_minutes);
  // Compact: YYYYMMDD, optional T, HHMMSS, optional fraction digits, optional zone.
  const bool has_t = text.size() > 8 && text[8] == 'T';
  const std::size_t clock_at = has_t ? 9 : 8;
  if (text.size() < clock_at + 6 || !all_digits(text.substr(0, 8)) ||
      !all_digits(text.substr(clock_at, 6))) {
    return Error{"captureTime \"" + camera_text(text.substr(0, 40)) +
                 "\" is neither YYYYMMDDTHHMMSS… nor ISO 8601"};
  }
  std::size_t end = clock_at + 6;
  while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
  std::string iso = std::string(text.substr(0, 4)) + "-" + std::string(text.substr(4, 2)) + "-" +
                    std::string(text.substr(6, 2)) + "T" + std::string(text.substr(clock_at, 2)) +
                    ":" + std::string(text.substr(clock_at + 2, 2)) + ":" +
                    std::string(text.substr(clock_at + 4, 2));
  if (end > clock_at + 6) iso += "." + std::string(text.substr(clock_at + 6, end - clock_at - 6));
  iso += std::string(text.substr(end));
  return parse_camera_datetime(iso, utc_offset_minutes);
}

Result<std::vector<CameraCapture>> parse_hikvision_plates(std::string_view xml,
                                                          int utc_offset_minutes) {
  auto tree = read_xml_tree(xml);
  if (!tree.ok()) return Error{"Hikvision plates answer: " + tree.error()};
  if (auto status = tree.value().get_child_optional("ResponseStatus")) {
    return Error{"Hikvision plates answer: " + response_status_text(*status)};
  }
  const auto plates = tree.value().get_child_optional("Plates");
  if (!plates) return Error{"Hikvision plates answer: no <Plates> root element"};
  std::vector<CameraCapture> out;
  for (const auto& [name, plate] : *plates) {
    if (name != "Plate") continue;
    CameraCapture c;
    c.plate = plate.get<std::string>("plateNumber", "");
    auto when =
        parse_hikvision_capture_time(plate.get<std::string>("captureTime", ""), utc_offset_minutes);
    if (c.plate.empty() || !when.ok()) continue;
    c.unix_ms = when.value();
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<CameraCapture>> parse_dahua_records(std::string_view text,
                                                       int utc_offset_minutes) {
  if (text.size() > kMaxReplyBytes) return Error{"Dahua records answer too large"};
  bool found_line = false;
  std::map<std::size_t, std::map<std::string, std::string>> records;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    const std::size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = trimmed(std::string_view(line).substr(0, eq));
    const std::string value = trimmed(std::string_view(line).substr(eq + 1));
    std::size_t index = 0;
    std::string field;
    if (key == "found") {
      found_line = all_digits(value);
    } else if (record_key(key, index, field)) {
      records[index][field] = value;
    }
  }
  if (!found_line) {
    return Error{"Dahua records answer has no \"found=N\" line (starts \"" +
                 camera_text(trimmed(text.substr(0, std::min<std::size_t>(text.size(), 40)))) +
                 "\")"};
  }
  std::vector<CameraCapture> out;
  for (auto& [index, fields] : records) {
    auto when = dahua_record_time(fields["Time"], utc_offset_minutes);
    if (fields["PlateNumber"].empty() || !when.ok()) continue;
    out.push_back(CameraCapture{fields["PlateNumber"], when.value()});
  }
  return out;
}

Result<std::vector<CameraCapture>> parse_readback_reply(CameraVendor vendor, std::string_view body,
                                                        int utc_offset_minutes) {
  if (vendor == CameraVendor::kHikvision) return parse_hikvision_plates(body, utc_offset_minutes);
  if (vendor == CameraVendor::kDahua) return parse_dahua_records(body, utc_offset_minutes);
  return Error{std::string(vendor_name(vendor)) + " cameras have no read-back API here"};
}

bool capture_matches(const CameraCapture& capture, std::string_view plate, int64_t event_unix_ms) {
  return std::llabs(capture.unix_ms - event_unix_ms) <= kReadbackToleranceMs &&
         rules::normalise_plate(capture.plate) == rules::normalise_plate(plate);
}

ReadbackOutcome judge_captures(const std::vector<CameraCapture>& captures, std::string_view plate,
                               int64_t event_unix_ms) {
  for (const auto& c : captures) {
    if (capture_matches(c, plate, event_unix_ms)) {
      return {ReadbackVerdict::kConfirmed, "the camera captured " + camera_text(c.plate) + " at " +
                                               rules::local_time(c.unix_ms, 0) + " UTC"};
    }
  }
  return {ReadbackVerdict::kNotCaptured,
          "the camera holds no capture of " + std::string(plate) + " within " +
              std::to_string(kReadbackToleranceMs / 1000) + " s of " +
              rules::local_time(event_unix_ms, 0) + " UTC (" + std::to_string(captures.size()) +
              " capture(s) around it)"};
}

}  // namespace gate::drivers
