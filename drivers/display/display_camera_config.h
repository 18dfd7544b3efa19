// Defaults and checks of a display's camera block (DisplayCamera in proto/gate/v1/config.proto):
// the LED display behind the RS-485 port of the lane's entrance camera.
#pragma once

#include <string>

#include "gate/v1/config.pb.h"
#include "rules/result.h"

namespace gate::drivers {

// Fills zero fields (hikvision: port 80, serial_port 1, transparent_channel 1, timeout 2000 ms)
// and checks the rest. Errors name the field as "camera.<field>" and say what to write; fields of
// the other vendor must stay empty, so that a mixed-up block is not taken silently.
Status normalise_display_camera(gate::v1::DisplayCamera* camera);

// "hikvision camera 10.0.0.5:80 serial port 1" or "vzenith camera serial channel 0": used in
// every message about the display's camera.
std::string describe_display_camera(const gate::v1::DisplayCamera& camera);

}  // namespace gate::drivers
