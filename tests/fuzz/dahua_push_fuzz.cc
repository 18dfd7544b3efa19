// Dahua ITSAPI pushes (drivers/camera/dahua_event.h): the input's first line is the request's
// Content-Type, the rest its body (JSON or multipart); read as an event and as a keepalive.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "drivers/camera/dahua_event.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view input = gate::fuzz::text_of(data, size);
  const std::size_t eol = input.find('\n');
  if (eol == std::string_view::npos) return 0;
  const auto type = input.substr(0, eol);
  const auto body = input.substr(eol + 1);
  (void)gate::drivers::parse_dahua_push(type, body, "L1", true, 480);
  auto push = gate::drivers::parse_dahua_push(type, body, "L1", false, 480);
  if (!push.ok()) return 0;
  if (push.value().event.read.lane_id() != "L1") __builtin_trap();
  if (!push.value().event.image_jpeg.empty()) {
    (void)gate::drivers::check_image(push.value().event.image_jpeg);
  }
  return 0;
}
