// Frames waiting for the Vzenith camera's next reply: see vzenith_serial_display.h.
#include "drivers/display/vzenith_serial_display.h"

#include <iterator>

#include "drivers/display/display_frame.h"

namespace gate::drivers {

VzenithSerialDisplay::VzenithSerialDisplay(uint8_t address, int serial_channel,
                                           std::size_t queue_limit)
    : address_(address),
      serial_channel_(serial_channel),
      queue_limit_(queue_limit == 0 ? 1 : queue_limit) {}

void VzenithSerialDisplay::show(DisplayMessage message) {
  std::string frame = encode_display_frame(address_, message);
  std::lock_guard lock(mu_);
  if (stopped_) return;
  while (frames_.size() >= queue_limit_) {
    frames_.pop_front();
    ++dropped_;
  }
  frames_.push_back(std::move(frame));
}

void VzenithSerialDisplay::stop() {
  std::lock_guard lock(mu_);
  stopped_ = true;
  frames_.clear();
}

std::vector<std::string> VzenithSerialDisplay::take_frames() {
  std::lock_guard lock(mu_);
  std::vector<std::string> out(std::make_move_iterator(frames_.begin()),
                               std::make_move_iterator(frames_.end()));
  frames_.clear();
  return out;
}

uint64_t VzenithSerialDisplay::dropped() const {
  std::lock_guard lock(mu_);
  return dropped_;
}

}  // namespace gate::drivers
