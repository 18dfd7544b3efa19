// An LED display on the RS-485 port of a Vzenith camera. gated makes no call to a Vzenith camera:
// the camera pushes its plates to gated, and the answer to a push may carry bytes for its serial
// ports ("serialData", drivers/camera/vzenith_reply.h). So show() encodes the message as a
// display-protocol frame (display_frame.h) and keeps it until the receiver answers this lane's
// camera next and takes the waiting frames with take_frames().
//
// Same contract as every DisplayOutput: show() only queues; at most queue_limit frames wait, the
// oldest dropped first. gated answers a push once the lane took the read: a lane that was idle
// has decided by then, so the answer to a truck's push carries its own decision; a read queued
// behind a passing truck is decided later and its frame waits for the camera's next push
// (docs/display.md).
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "drivers/display/display_output.h"

namespace gate::drivers {

class VzenithSerialDisplay : public DisplayOutput {
 public:
  VzenithSerialDisplay(uint8_t address, int serial_channel, std::size_t queue_limit);

  void show(DisplayMessage message) override;
  void stop() override;

  // The waiting frames, oldest first, and none after the call. Any thread.
  std::vector<std::string> take_frames();
  int serial_channel() const { return serial_channel_; }
  uint64_t dropped() const;

 private:
  const uint8_t address_;
  const int serial_channel_;
  const std::size_t queue_limit_;
  mutable std::mutex mu_;
  std::deque<std::string> frames_;
  uint64_t dropped_ = 0;
  bool stopped_ = false;
};

}  // namespace gate::drivers
