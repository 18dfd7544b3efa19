// The Vzenith push reply: see vzenith_reply.h.
#include "drivers/camera/vzenith_reply.h"

#include <nlohmann/json.hpp>

#include "drivers/camera/plate_event.h"

namespace gate::drivers {

std::string vzenith_push_reply(const std::vector<VzenithSerialData>& frames, bool open_relay) {
  using json = nlohmann::json;
  json body{{"info", open_relay ? "ok" : "no"}, {"content", "received"}};
  if (!frames.empty()) {
    json serial = json::array();
    for (const auto& f : frames) {
      serial.push_back(json{{"serialChannel", f.serial_channel},
                            {"data", base64_encode(f.bytes)},
                            {"dataLen", f.bytes.size()}});
    }
    body["serialData"] = std::move(serial);
  }
  return json{{"Response_AlarmInfoPlate", std::move(body)}}.dump();
}

}  // namespace gate::drivers
