// LED display frames (drivers/display/display_frame.h) as the simulated display reads a TCP
// stream (sim/devices/led_display.cc): frames decoded one after another from a buffer; every
// frame that decodes (and has no more lines than the encoder writes) encodes back to a frame
// that decodes to the same message.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "drivers/display/display_frame.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string_view buffer = gate::fuzz::text_of(data, size);
  while (!buffer.empty()) {
    std::size_t consumed = 0;
    auto frame = gate::drivers::decode_display_frame(buffer, &consumed);
    if (consumed > buffer.size()) __builtin_trap();
    if (frame.ok() && consumed == 0) __builtin_trap();  // the display would loop forever
    if (frame.ok() && frame.value().message.lines.size() <= gate::drivers::kDisplayMaxLines) {
      const std::string again =
          gate::drivers::encode_display_frame(frame.value().address, frame.value().message);
      std::size_t used = 0;
      auto back = gate::drivers::decode_display_frame(again, &used);
      if (!back.ok() || used != again.size() || back.value().address != frame.value().address ||
          !(back.value().message == frame.value().message)) {
        __builtin_trap();
      }
    }
    if (consumed == 0) break;  // incomplete
    buffer.remove_prefix(consumed);
  }
  return 0;
}
