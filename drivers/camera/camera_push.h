// What one vendor push holds once parsed: a plate event for a lane, or a sign of life (heartbeat,
// keepalive, or an alarm that carries no plate) that only says the camera is there.
#pragma once

#include <string>

#include "drivers/camera/plate_event.h"

namespace gate::drivers {

struct CameraPush {
  enum class Kind { kPlate, kHeartbeat };
  Kind kind = Kind::kPlate;
  PlateEvent event;       // kPlate only
  std::string camera_id;  // who sent it (MAC, serial, device id); may be empty
  std::string what;       // heartbeat: the event type as sent, for the log ("heartBeat", …)
};

}  // namespace gate::drivers
