// HTTP Digest access authentication, client side (RFC 7616): parses a server's
// `WWW-Authenticate: Digest …` challenge and answers it with an `Authorization` header.
// Algorithms MD5 and SHA-256 (the "-sess" variants are refused); qop "auth" when the server
// offers it, else the RFC 2069 form without qop that older cameras still send.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "rules/result.h"

namespace gate::drivers {

struct DigestChallenge {
  std::string realm;
  std::string nonce;
  std::string opaque;
  std::string algorithm = "MD5";  // as the server spelled it: "MD5", "SHA-256"
  bool qop_auth = false;          // the server offered qop "auth"
};

// The auth-params of a Digest header (challenge or credentials), names lower-cased, quoted
// values unescaped. Errors when the scheme is not Digest or the list is malformed.
Result<std::map<std::string, std::string>> parse_digest_params(const std::string& header);

// A challenge the client can answer: realm and nonce present, algorithm MD5 or SHA-256.
Result<DigestChallenge> parse_digest_challenge(const std::string& www_authenticate);

struct DigestAnswer {
  std::string method;  // "GET", "PUT"
  std::string uri;     // the request target, as sent
  std::string user;
  std::string password;
  std::string cnonce;  // client nonce (make_digest_cnonce)
  uint32_t nc = 1;     // nonce count: 1 for the first request with this nonce
};

// The hex `response` value: KD(H(A1), nonce:nc:cnonce:qop:H(A2)), or KD(H(A1), nonce:H(A2))
// without qop. Also used by a server to check a client's answer.
std::string digest_response(const DigestChallenge& challenge, const DigestAnswer& answer);

// The whole `Authorization` header value.
std::string digest_authorization(const DigestChallenge& challenge, const DigestAnswer& answer);

// H() of RFC 7616 §3.4.2: the lower-case hex SHA-256 of `data` when `algorithm` is SHA-256 (any
// case), else its MD5. Callers check the algorithm first (MD5 or SHA-256 only).
std::string digest_hash_hex(std::string_view algorithm, std::string_view data);

// A fresh client nonce: 16 random bytes as hex.
std::string make_digest_cnonce();

}  // namespace gate::drivers
