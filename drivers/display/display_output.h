// What the lane holds for its LED display, whatever carries the frames (TCP, a camera's serial
// pass-through, a Vzenith push reply). Contract of every implementation: show() only queues and
// returns at once, so that a slow, absent or broken display or camera never blocks the lane; the
// queue is bounded and keeps the latest messages (a display shows the latest decision, it does
// not catch up on old ones).
#pragma once

#include "drivers/display/display_message.h"

namespace gate::drivers {

class DisplayOutput {
 public:
  virtual ~DisplayOutput() = default;
  virtual void show(DisplayMessage message) = 0;
  // Stops sending; messages still queued are discarded. show() after stop() does nothing.
  virtual void stop() = 0;
};

}  // namespace gate::drivers
