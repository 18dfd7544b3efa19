// Vzenith AlarmInfoPlate bodies pushed by a camera (drivers/camera/plate_event.h): parsed as the
// receiver does, with the image check through OpenCV.
#include <cstddef>
#include <cstdint>

#include "drivers/camera/plate_event.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  auto event = gate::drivers::parse_vzenith_event(gate::fuzz::text_of(data, size), "L1");
  if (event.ok() && event.value().read.lane_id() != "L1") __builtin_trap();
  return 0;
}
