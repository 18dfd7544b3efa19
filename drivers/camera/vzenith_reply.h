// The body gated answers a Vzenith camera's plate push with. "info":"no" unless the lane has just
// decided to open a barrier wired to this camera's relay (drivers/barrier/vzenith_reply_relay.h):
// "ok" tells the camera to pulse its relay, so only the lane's open request puts it there. Bytes
// for the camera's
// serial ports (an LED display on its RS-485 port, drivers/display/vzenith_serial_display.h) go
// in "serialData", one entry per frame:
//   {"Response_AlarmInfoPlate":{"info":"no","content":"received",
//     "serialData":[{"serialChannel":0,"data":"<base64 of the bytes>","dataLen":<bytes>}]}}
// Sources and what is unverified on a real camera: docs/display.md.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace gate::drivers {

struct VzenithSerialData {
  int serial_channel = 0;  // 0: RS-485-1, 1: RS-485-2
  std::string bytes;
};

// What gated's answer to a lane's Vzenith camera carries besides the acknowledgement.
struct VzenithReplyExtras {
  std::vector<VzenithSerialData> serial;
  // Set when the answer tells the camera to pulse its relay ("info":"ok"); told whether the
  // answer was written to the camera's connection. Unset: "info":"no".
  std::function<void(bool written)> open_relay;
};

// The JSON body; without frames and without `open_relay` exactly the plain acknowledgement
// ("info":"no", no "serialData" key).
std::string vzenith_push_reply(const std::vector<VzenithSerialData>& frames,
                               bool open_relay = false);

}  // namespace gate::drivers
