// An HTTP request signed for the platform (docs/uplink.md §5): the four x-gate-* headers that
// request_signing.h computes, set on a Beast request. Shared by the reference HTTP transport and
// field-map profiles that log in with SCHEME_HMAC.
#pragma once

#include <cstdint>
#include <string>

#include "drivers/uplink/net_stream.h"
#include "drivers/uplink/request_signing.h"

namespace gate::drivers::uplink {

inline void sign_http_request(HttpRequestMsg& req, const std::string& app_key,
                              const std::string& app_secret, int64_t now_s,
                              const std::string& method, const std::string& target,
                              const std::string& body) {
  const Signature sig = sign_request(app_key, app_secret, now_s, method, target, body);
  req.set(kHeaderKey, sig.app_key);
  req.set(kHeaderTimestamp, std::to_string(sig.timestamp_s));
  req.set(kHeaderNonce, sig.nonce);
  req.set(kHeaderSignature, sig.signature);
}

}  // namespace gate::drivers::uplink
