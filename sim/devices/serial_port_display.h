// The LED display on a virtual camera's RS-485 port (relay_camera.h): bytes written through the
// camera's transparent channel are decoded as display-protocol frames (display_frame.h), the way
// the simulated LED display decodes its TCP stream, and what they show is kept. Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "sim/devices/led_display.h"

namespace gate::sim {

class SerialPortDisplay {
 public:
  // Bytes as the camera put them on the port; a frame may span writes.
  void receive(const std::string& bytes);
  std::vector<LedDisplay::Shown> shown() const;
  int bad_frames() const;
  // {"shown":[{"time_unix_ms":…,"address":1,"colour":"green","lines":[…]},…],"bad_frames":n}
  // plus the `extra` integer fields given.
  std::string to_json(const std::vector<std::pair<std::string, int>>& extra) const;

 private:
  mutable std::mutex mu_;
  std::string pending_;  // bytes of a frame not complete yet
  std::vector<LedDisplay::Shown> shown_;
  int bad_frames_ = 0;
};

}  // namespace gate::sim
