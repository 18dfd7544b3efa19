// The platform's byte stream in the TCP JSON profile (drivers/uplink/tcp_json_transport.cc):
// length-prefixed frames split by FrameBuffer from reads of the sizes the first bytes give, each
// payload read leniently as a TcpFrame; a downlink in it is checked as the sync layer does.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "drivers/uplink/frame_codec.h"
#include "drivers/uplink/wire_json.h"
#include "firmware-host/sync/platform_state.h"
#include "gate/v1/uplink.pb.h"
#include "tests/fuzz/fuzz_support.h"

namespace wire = gate::drivers::uplink;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  // Read sizes: 1..64 bytes (first byte), and a small frame limit now and then (second byte) so
  // that the over-limit path is reached too.
  const std::size_t chunk = 1 + data[0] % 64;
  const uint32_t max_bytes = data[1] % 8 == 0 ? 64 : wire::kMaxFrameBytes;
  const auto stream = gate::fuzz::text_of(data + 2, size - 2);
  wire::FrameBuffer rx;
  std::size_t at = 0;
  std::size_t taken = 0;
  for (;;) {
    auto payload = rx.next(max_bytes);
    if (!payload.ok()) break;  // the transport drops the connection
    if (payload.value()) {
      taken += 4 + payload.value()->size();
      gate::v1::TcpFrame f;
      if (!wire::from_json_lenient(*payload.value(), &f).ok()) break;
      if (f.has_downlink()) (void)gate::host::check_downlink(f.downlink());
      continue;
    }
    if (at >= stream.size()) break;
    const std::size_t n = std::min(chunk, stream.size() - at);
    rx.append(stream.substr(at, n));
    at += n;
  }
  if (taken + rx.buffered() > at) __builtin_trap();  // more taken out than put in
  return 0;
}
