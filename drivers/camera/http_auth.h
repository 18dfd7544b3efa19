// HTTP authentication of camera pushes, server side: Basic (RFC 7617) and Digest (RFC 7616,
// MD5 and SHA-256, qop=auth). Cameras keep their HTTP client simple, so this is the subset they
// speak; what it accepts is strict.
//
// Digest nonces are made by the server and bound to time: "<ms>.<HMAC-SHA256(key, ms)>", with a
// key drawn at start, so no nonce table is needed to know a nonce is ours. A nonce older than
// the lifetime is "stale" (401 with stale=true: the camera retries with a fresh one at once). A
// nonce-count (nc) at or below the highest seen for that nonce is a replayed request. The
// highest counts are kept for at most `max_tracked_nonces` live nonces; when more are live, the
// oldest are dropped, and a request under a dropped nonce is answered stale.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "rules/result.h"

namespace gate::drivers {

// Compares without an early exit, so that the time taken does not tell how much matched.
bool constant_time_equal(std::string_view a, std::string_view b);

struct BasicCredentials {
  std::string user;
  std::string password;
};

// The credentials of an "Authorization: Basic <base64(user:password)>" value.
Result<BasicCredentials> parse_basic_authorization(std::string_view value);

// The parameters of "Digest k=v, k2="v 2", …" (names lower-cased, quoted strings unescaped).
Result<std::map<std::string, std::string>> parse_digest_authorization(std::string_view value);

class DigestServer {
 public:
  enum class Verdict {
    kOk,
    kMissing,  // no Digest credentials: challenge (401)
    kStale,    // our nonce, expired or forgotten: challenge with stale=true (401)
    kBad,      // wrong user, password, nonce, uri or a replayed nc (403)
  };
  struct Check {
    Verdict verdict = Verdict::kMissing;
    std::string reason;  // for the log and the answer; never holds the password
  };

  DigestServer(std::string realm, int64_t nonce_lifetime_ms, std::size_t max_tracked_nonces = 4096);

  // WWW-Authenticate values, SHA-256 first (RFC 7616 §3.7: the preferred first), then MD5.
  std::vector<std::string> challenges(int64_t now_ms, bool stale) const;

  Check verify(std::string_view authorization, std::string_view method, std::string_view target,
               std::string_view user, std::string_view password, int64_t now_ms);

  // A nonce as the server issues it at `now_ms` (tests use it to act as a camera).
  std::string make_nonce(int64_t now_ms) const;

 private:
  Check check_nonce(const std::string& nonce, int64_t now_ms) const;
  Check check_count(const std::string& nonce, std::string_view nc_text, int64_t now_ms);

  std::string realm_;
  int64_t lifetime_ms_;
  std::size_t max_tracked_;
  std::string key_;
  std::mutex mu_;
  std::map<std::string, uint64_t> highest_nc_;  // nonce → highest nc seen
};

}  // namespace gate::drivers
