// Hikvision serial transparent transmission: see serial_passthrough.h.
#include "drivers/display/serial_passthrough.h"

#include "drivers/barrier/relay_commands.h"

namespace gate::drivers {

namespace {

// The trimmed text of the first <tag>…</tag>, or "" when there is none. ISAPI status replies
// are flat and small: a search stands in for an XML parser.
std::string xml_text(const std::string& body, const std::string& tag) {
  const std::string open = "<" + tag + ">";
  const std::size_t at = body.find(open);
  if (at == std::string::npos) return "";
  const std::size_t from = at + open.size();
  const std::size_t to = body.find("</" + tag + ">", from);
  if (to == std::string::npos) return "";
  std::string text = body.substr(from, to - from);
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

std::string hikvision_transparent_channel_path(int serial_port, int channel) {
  return "/ISAPI/System/Serial/ports/" + std::to_string(serial_port) + "/Transparent/channels/" +
         std::to_string(channel);
}

SerialPassthroughRequest hikvision_open_channel_request(const gate::v1::DisplayCamera& camera) {
  return {"PUT",
          hikvision_transparent_channel_path(camera.serial_port(), camera.transparent_channel()) +
              "/open",
          "", ""};
}

SerialPassthroughRequest hikvision_frame_request(const gate::v1::DisplayCamera& camera,
                                                 const std::string& frame) {
  return {"PUT",
          hikvision_transparent_channel_path(camera.serial_port(), camera.transparent_channel()) +
              "/transData",
          frame, "application/octet-stream"};
}

Status judge_hikvision_serial_reply(int http_status, const std::string& body) {
  const std::string code = xml_text(body, "statusCode");
  if (code.empty()) {
    return Error{"HTTP " + std::to_string(http_status) + " without an ISAPI ResponseStatus: \"" +
                 printable_excerpt(body) + "\""};
  }
  if (http_status == 200 && code == "1") return Status::Ok();
  const std::string sub = xml_text(body, "subStatusCode");
  return Error{"camera answered HTTP " + std::to_string(http_status) + " statusCode " +
               printable_excerpt(code, 16) + " \"" +
               printable_excerpt(xml_text(body, "statusString")) + "\"" +
               (sub.empty() ? "" : " (" + printable_excerpt(sub) + ")")};
}

}  // namespace gate::drivers
