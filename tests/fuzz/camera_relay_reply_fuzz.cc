// What a camera relay sends back (drivers/barrier/relay_commands.h, drivers/http/digest_auth.h):
//   byte 0: bit 0 Dahua (else Hikvision); bit 1 the rest is a WWW-Authenticate header (else
//   the body of the reply to the open command); bits 2-3 pick the HTTP status (200, 401, 500,
//   403).
// A challenge the client accepts must give an Authorization header that parses back with the
// same response; a verdict's message must hold no control character (it reaches the log).
#include <cstddef>
#include <cstdint>
#include <string>

#include "drivers/barrier/relay_commands.h"
#include "drivers/http/digest_auth.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

void challenge(const std::string& header) {
  auto c = gate::drivers::parse_digest_challenge(header);
  if (!c.ok()) return;
  gate::drivers::DigestAnswer a;
  a.method = "PUT";
  a.uri = "/ISAPI/Parking/channels/1/barrierGate";
  a.user = "gate";
  a.password = "pw";
  a.cnonce = "0a4f113b";
  const std::string h = gate::drivers::digest_authorization(c.value(), a);
  auto back = gate::drivers::parse_digest_params(h);
  if (!back.ok()) __builtin_trap();
  if (back.value()["response"] != gate::drivers::digest_response(c.value(), a)) __builtin_trap();
  if (back.value()["nonce"] != c.value().nonce) __builtin_trap();
}

void verdict(bool dahua, int status, const std::string& body) {
  gate::v1::CameraRelay relay;
  relay.set_vendor(dahua ? gate::v1::CameraRelay::VENDOR_DAHUA
                         : gate::v1::CameraRelay::VENDOR_HIKVISION);
  relay.set_channel(1);
  gate::Status st = gate::drivers::judge_open_reply(relay, status, body);
  for (unsigned char ch : st.message()) {
    if (ch < 0x20 || ch == 0x7F) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string text(gate::fuzz::text_of(data + 1, size - 1));
  static constexpr int kStatus[] = {200, 401, 500, 403};
  if (data[0] & 2) {
    challenge(text);
  } else {
    verdict(data[0] & 1, kStatus[(data[0] >> 2) & 3], text);
  }
  return 0;
}
