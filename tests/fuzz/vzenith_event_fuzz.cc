// Vzenith AlarmInfoPlate bodies pushed by a camera (drivers/camera/plate_event.h): parsed as the
// receiver does, then the picture checked (header size, then decoded by OpenCV) as the receiver's
// decoding threads do (drivers/camera/camera_receiver.cc).
#include <cstddef>
#include <cstdint>

#include "drivers/camera/plate_event.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  auto event = gate::drivers::parse_vzenith_event(gate::fuzz::text_of(data, size), "L1");
  if (!event.ok()) return 0;
  if (event.value().read.lane_id() != "L1") __builtin_trap();
  if (!event.value().image_jpeg.empty()) (void)gate::drivers::check_image(event.value().image_jpeg);
  return 0;
}
