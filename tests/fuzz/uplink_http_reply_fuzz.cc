// The platform's answers in the HTTP JSON profile (drivers/uplink/http_json_transport.cc): the
// first byte picks which answer the body stands for (batch, heartbeat, downlink, error body), the
// rest is the body, read leniently as the transport does; a downlink is then checked and shown
// as the sync layer does (firmware-host/sync/platform_state.h).
#include <cstddef>
#include <cstdint>

#include "drivers/uplink/wire_json.h"
#include "firmware-host/sync/platform_state.h"
#include "gate/v1/uplink.pb.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

namespace wire = gate::drivers::uplink;

void use_downlink(const gate::v1::DownlinkReply& reply) {
  if (!gate::host::check_downlink(reply).ok()) return;
  gate::host::PlatformState state;
  state.has_control = reply.has_control();
  state.control = reply.control();
  state.cursor = reply.cursor();
  (void)gate::host::describe(state);
  (void)gate::host::effective_alert_level(state, gate::v1::ALERT_LEVEL_YELLOW, 1'760'000'000'000);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto body = gate::fuzz::text_of(data + 1, size - 1);
  switch (data[0] % 4) {
    case 0: {
      gate::v1::UploadReply r;
      (void)wire::from_json_lenient(body, &r);
      break;
    }
    case 1: {
      gate::v1::HeartbeatReply r;
      (void)wire::from_json_lenient(body, &r);
      break;
    }
    case 2: {
      gate::v1::DownlinkReply r;
      if (wire::from_json_lenient(body, &r).ok()) use_downlink(r);
      break;
    }
    default: {
      gate::v1::ErrorFrame r;
      (void)wire::from_json_lenient(body, &r);
      break;
    }
  }
  return 0;
}
