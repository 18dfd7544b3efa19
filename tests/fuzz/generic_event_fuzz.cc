// Generic JSON camera events (drivers/camera/plate_event.h) with their picture check, and the
// base64 of their images.
#include <cstddef>
#include <cstdint>

#include "drivers/camera/plate_event.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const auto text = gate::fuzz::text_of(data, size);
  auto event = gate::drivers::parse_generic_event(text);
  if (event.ok()) {
    if (event.value().read.lane_id().empty()) __builtin_trap();
    if (!event.value().image_jpeg.empty()) {
      (void)gate::drivers::check_image(event.value().image_jpeg);
    }
  }
  // Whatever base64_decode accepts must come back from base64_encode unchanged.
  auto bytes = gate::drivers::base64_decode(text);
  if (bytes.ok()) {
    auto again = gate::drivers::base64_decode(gate::drivers::base64_encode(bytes.value()));
    if (!again.ok() || again.value() != bytes.value()) __builtin_trap();
  }
  return 0;
}
