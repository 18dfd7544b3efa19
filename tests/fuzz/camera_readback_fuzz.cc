// A camera's answers to gated's read-back (drivers/camera/event_readback.h): the Hikvision
// plates XML and the Dahua recordFinder text, and capture times; every capture that parses has
// a plate, and matching a capture against a plate never throws.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "drivers/camera/event_readback.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace gate::drivers;
  const std::string_view text = gate::fuzz::text_of(data, size);
  for (CameraVendor vendor : {CameraVendor::kHikvision, CameraVendor::kDahua}) {
    auto captures = parse_readback_reply(vendor, text, 480);
    if (!captures.ok()) continue;
    for (const auto& c : captures.value()) {
      if (c.plate.empty()) std::abort();  // plateless entries are skipped, never returned
      (void)capture_matches(c, c.plate, c.unix_ms);
    }
  }
  (void)parse_hikvision_capture_time(text, 480);
  return 0;
}
