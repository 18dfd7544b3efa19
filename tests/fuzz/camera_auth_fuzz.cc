// Authorization headers a camera (or anyone on the camera LAN) sends: Digest verification with
// the server's own nonce, Basic parsing, and the push URL's route (drivers/camera/http_auth.h,
// camera_route.h).
#include <cstddef>
#include <cstdint>
#include <string>

#include "drivers/camera/camera_route.h"
#include "drivers/camera/http_auth.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  static gate::drivers::DigestServer server("gate-camera", 300000, 64);
  const auto input = gate::fuzz::text_of(data, size);
  const auto check =
      server.verify(input, "POST", "/camera/dahua/L1", "itc", "s3cret", 1767608100000);
  if (check.verdict == gate::drivers::DigestServer::Verdict::kOk) __builtin_trap();
  (void)gate::drivers::parse_basic_authorization(input);
  (void)gate::drivers::parse_camera_route(input);
  return 0;
}
