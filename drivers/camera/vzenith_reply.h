// The body gated answers a Vzenith camera's plate push with. "info":"no" always: "ok" would tell
// the camera to open the barrier itself, and only the lane decides that. Bytes for the camera's
// serial ports (an LED display on its RS-485 port, drivers/display/vzenith_serial_display.h) go
// in "serialData", one entry per frame:
//   {"Response_AlarmInfoPlate":{"info":"no","content":"received",
//     "serialData":[{"serialChannel":0,"data":"<base64 of the bytes>","dataLen":<bytes>}]}}
// Sources and what is unverified on a real camera: docs/display.md.
#pragma once

#include <string>
#include <vector>

namespace gate::drivers {

struct VzenithSerialData {
  int serial_channel = 0;  // 0: RS-485-1, 1: RS-485-2
  std::string bytes;
};

// The JSON body; without frames exactly the plain acknowledgement (no "serialData" key).
std::string vzenith_push_reply(const std::vector<VzenithSerialData>& frames);

}  // namespace gate::drivers
