// Defaults and checks of a barrier's camera_relay block (proto/gate/v1/config.proto).
#pragma once

#include <string>

#include "gate/v1/config.pb.h"
#include "rules/result.h"

namespace gate::drivers {

// Fills zero fields (port 80, channel 1, timeout 2000 ms, probe every 5000 ms) and checks the
// rest; errors name the field as "camera_relay.<field>" and say what to write.
Status normalise_camera_relay(gate::v1::CameraRelay* relay);

// The camera account's password: the first line of `path`, trailing blanks and CR removed.
// Errors name the file and say what to fix (missing, unreadable, empty).
Result<std::string> read_relay_password(const std::string& path);

}  // namespace gate::drivers
