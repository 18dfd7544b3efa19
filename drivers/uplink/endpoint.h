// The platform's address as configured in uplink.url: https://host[:port]/base or
// http://host[:port]/base for the HTTP profile, tcp://host:port or tls://host:port for the TCP
// profile.
#pragma once

#include <cstdint>
#include <string>

#include "rules/result.h"

namespace gate::drivers::uplink {

struct Endpoint {
  enum class Scheme { kHttp, kHttps, kTcp, kTls };
  Scheme scheme = Scheme::kHttps;
  std::string host;
  uint16_t port = 0;
  std::string base_path;  // HTTP only: "" or "/gate-api/v1" (no trailing slash)

  bool tls() const { return scheme == Scheme::kHttps || scheme == Scheme::kTls; }
  bool http() const { return scheme == Scheme::kHttp || scheme == Scheme::kHttps; }
  std::string to_string() const;
};

// Errors say what is wrong with the URL, e.g. "tcp:// needs a port: \"tcp://platform\"".
Result<Endpoint> parse_endpoint(const std::string& url);

// Percent-encodes everything but RFC 3986 unreserved characters (query values).
std::string url_encode(const std::string& s);

}  // namespace gate::drivers::uplink
