// What an LED display at the lane shows for one decision: a few lines of text in one colour
// (green: may enter, red: refused, yellow: wait). Built by the host from the passage
// (firmware-host/lane/decision_display.h), encoded by display_frame.h, sent by display_sender.h.
#pragma once

#include <string>
#include <vector>

namespace gate::drivers {

enum class DisplayColour { kGreen, kRed, kYellow, kWhite };

struct DisplayMessage {
  DisplayColour colour = DisplayColour::kWhite;
  std::vector<std::string> lines;  // UTF-8, top to bottom
  bool operator==(const DisplayMessage&) const = default;
};

// "green", "red", "yellow", "white".
const char* colour_name(DisplayColour c);

}  // namespace gate::drivers
