// Request signing of the reference uplink profile (docs/uplink.md §5): app key + timestamp +
// nonce + HMAC-SHA256 over a canonical string that covers the method, the path with query and
// the SHA-256 of the body. The platform side checks the signature, refuses timestamps outside
// its skew window and refuses a nonce it has seen within the window (replay).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "rules/result.h"

namespace gate::drivers::uplink {

inline constexpr const char* kSignatureScheme = "GATE-HMAC-SHA256";
// HTTP header names (lower case as the server sees them; HTTP header names are case-blind).
inline constexpr const char* kHeaderKey = "x-gate-key";
inline constexpr const char* kHeaderTimestamp = "x-gate-timestamp";
inline constexpr const char* kHeaderNonce = "x-gate-nonce";
inline constexpr const char* kHeaderSignature = "x-gate-signature";
// The TCP login signs this method with the gate id as path and an empty body.
inline constexpr const char* kLoginMethod = "LOGIN";

std::string hex_lower(std::string_view bytes);
std::string sha256_hex(std::string_view data);
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
std::string md5_hex(std::string_view data);

// SCHEME_MD5_HEADER (docs/platform-profiles.md, "Login"): lowercase hex
// MD5(app_key + "|" + timestamp + "|" + md5_hex(app_secret)). PLATFORMS.md §4 writes it
// "MD5(key | timestamp | MD5(secret))"; that "|" is a literal separator and the inner MD5 is
// lowercase hex is our reading, to be confirmed against the platform's document before go-live.
std::string md5_header_signature(std::string_view app_key, int64_t timestamp_s,
                                 std::string_view app_secret);

// "GATE-HMAC-SHA256\n<app_key>\n<timestamp>\n<nonce>\n<METHOD>\n<path?query>\n<sha256(body)>"
std::string string_to_sign(std::string_view app_key, int64_t timestamp_s, std::string_view nonce,
                           std::string_view method, std::string_view path_and_query,
                           std::string_view body);

struct Signature {
  std::string app_key;
  int64_t timestamp_s = 0;
  std::string nonce;
  std::string signature;  // 64 lowercase hex digits
};

// Signs with a fresh nonce (16 bytes from OpenSSL's CSPRNG, as 32 hex digits).
Signature sign_request(std::string_view app_key, std::string_view secret, int64_t timestamp_s,
                       std::string_view method, std::string_view path_and_query,
                       std::string_view body);
std::string random_nonce();

// Platform side. Checks the signature (constant-time) and then freshness: the timestamp must be
// within `max_skew_s` of the platform's clock and the nonce unseen for this key within the
// window. Errors start with "signature", "stale" or "replayed". Time is passed in; not
// thread-safe (the caller serialises).
class SignatureVerifier {
 public:
  explicit SignatureVerifier(int64_t max_skew_s = 300) : max_skew_s_(max_skew_s) {}
  void add_key(std::string app_key, std::string secret);
  bool has_keys() const { return !secrets_.empty(); }

  Status verify(const Signature& sig, std::string_view method, std::string_view path_and_query,
                std::string_view body, int64_t now_s);

 private:
  int64_t max_skew_s_;
  std::map<std::string, std::string> secrets_;
  std::set<std::pair<std::string, std::string>> seen_;  // (key, nonce)
  std::deque<std::pair<int64_t, std::pair<std::string, std::string>>> seen_order_;
};

}  // namespace gate::drivers::uplink
