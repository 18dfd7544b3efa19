// Hikvision ISAPI alarm pushes (drivers/camera/hikvision_event.h): the input's first line is the
// request's Content-Type, the rest its body (multipart, XML or JSON), parsed as the receiver
// does; then the picture check its decoding threads run.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "drivers/camera/hikvision_event.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view input = gate::fuzz::text_of(data, size);
  const std::size_t eol = input.find('\n');
  if (eol == std::string_view::npos) return 0;
  auto push =
      gate::drivers::parse_hikvision_push(input.substr(0, eol), input.substr(eol + 1), "L1", 480);
  if (!push.ok() || push.value().kind != gate::drivers::CameraPush::Kind::kPlate) return 0;
  if (push.value().event.read.lane_id() != "L1") __builtin_trap();
  if (!push.value().event.image_jpeg.empty()) {
    (void)gate::drivers::check_image(push.value().event.image_jpeg);
  }
  return 0;
}
