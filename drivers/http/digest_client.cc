// Challenge, then answer: see digest_client.h.
#include "drivers/http/digest_client.h"

#include <chrono>
#include <map>

#include "drivers/http/digest_auth.h"

namespace gate::drivers {

Result<HttpReply> http_request_with_digest(const HttpUrl& url, const DigestRequest& r) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(r.timeout_ms);
  auto first = http_request(url, r.method, r.target, r.body, r.content_type, r.timeout_ms);
  if (!first.ok() || first.value().status != 401) return first;
  auto header = first.value().headers.find("www-authenticate");
  if (header == first.value().headers.end()) {
    return Error{"401 without a WWW-Authenticate challenge"};
  }
  auto challenge = parse_digest_challenge(header->second);
  if (!challenge.ok()) return Error{"cannot answer the server's challenge: " + challenge.error()};
  DigestAnswer answer;
  answer.method = r.method;
  answer.uri = r.target;
  answer.user = r.user;
  answer.password = r.password;
  answer.cnonce = make_digest_cnonce();
  answer.nc = 1;
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  if (left <= 0) {
    return Error{"timeout after " + std::to_string(r.timeout_ms) + " ms (before the answer)"};
  }
  const std::map<std::string, std::string> headers{
      {"Authorization", digest_authorization(challenge.value(), answer)}};
  return http_request(url, r.method, r.target, r.body, r.content_type, static_cast<int>(left),
                      headers);
}

}  // namespace gate::drivers
