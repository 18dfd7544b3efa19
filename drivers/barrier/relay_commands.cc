// Vendor wire formats of the camera relay: see relay_commands.h.
#include "drivers/barrier/relay_commands.h"

namespace gate::drivers {

namespace {

using gate::v1::CameraRelay;

// The text of the first <tag>…</tag> into *text; false when there is none. The replies are
// flat and small, so a search stands in for an XML parser.
bool xml_element(const std::string& body, const std::string& tag, std::string* text) {
  const std::string open = "<" + tag + ">";
  const std::size_t at = body.find(open);
  if (at == std::string::npos) return false;
  const std::size_t from = at + open.size();
  const std::size_t to = body.find("</" + tag + ">", from);
  if (to == std::string::npos) return false;
  *text = body.substr(from, to - from);
  return true;
}

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

Status judge_isapi_status(int http_status, const std::string& body) {
  std::string code;
  std::string text;
  if (!xml_element(body, "statusCode", &code)) {
    return Error{"HTTP " + std::to_string(http_status) + " without an ISAPI ResponseStatus: \"" +
                 printable_excerpt(body) + "\""};
  }
  xml_element(body, "statusString", &text);
  std::string sub;
  xml_element(body, "subStatusCode", &sub);
  if (http_status == 200 && trimmed(code) == "1") return Status::Ok();
  return Error{"camera answered HTTP " + std::to_string(http_status) + " statusCode " +
               printable_excerpt(trimmed(code), 16) + " \"" + printable_excerpt(trimmed(text)) +
               "\"" + (sub.empty() ? "" : " (" + printable_excerpt(trimmed(sub)) + ")")};
}

Status judge_cgi_ok(int http_status, const std::string& body) {
  if (http_status == 200 && trimmed(body) == "OK") return Status::Ok();
  return Error{"camera answered HTTP " + std::to_string(http_status) + " \"" +
               printable_excerpt(trimmed(body)) + "\" instead of \"OK\""};
}

}  // namespace

RelayRequest relay_open_request(const CameraRelay& relay) {
  const std::string ch = std::to_string(relay.channel());
  if (relay.vendor() == CameraRelay::VENDOR_DAHUA) {
    return {"GET",
            "/cgi-bin/trafficSnap.cgi?action=openStrobe&channel=" + ch + "&info.openType=Normal",
            "", ""};
  }
  return {"PUT", "/ISAPI/Parking/channels/" + ch + "/barrierGate",
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
          "<BarrierGate><ctrlMode>open</ctrlMode></BarrierGate>",
          "application/xml"};
}

RelayRequest relay_probe_request(const CameraRelay& relay) {
  if (relay.vendor() == CameraRelay::VENDOR_DAHUA) {
    return {"GET", "/cgi-bin/magicBox.cgi?action=getDeviceType", "", ""};
  }
  return {"GET",
          "/ISAPI/Parking/channels/" + std::to_string(relay.channel()) +
              "/barrierGate/barrierGateStatus",
          "", ""};
}

Status judge_open_reply(const CameraRelay& relay, int http_status, const std::string& body) {
  if (relay.vendor() == CameraRelay::VENDOR_DAHUA) return judge_cgi_ok(http_status, body);
  return judge_isapi_status(http_status, body);
}

std::string describe_relay(const CameraRelay& relay) {
  const char* vendor = relay.vendor() == CameraRelay::VENDOR_DAHUA ? "dahua" : "hikvision";
  return std::string(vendor) + " camera relay " + relay.host() + ":" +
         std::to_string(relay.port()) + " channel " + std::to_string(relay.channel());
}

std::string printable_excerpt(const std::string& text, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < text.size() && out.size() < limit; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    out += (c < 0x20 || c == 0x7F || c >= 0x80) ? '?' : static_cast<char>(c);
  }
  if (text.size() > limit) out += "…";
  return out;
}

}  // namespace gate::drivers
