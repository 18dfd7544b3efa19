// Blocking HTTP/1.1 client for worker threads (uploader, virtual camera). Each call has a
// hard deadline covering connect, write and read.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "rules/result.h"

namespace gate::drivers {

struct HttpUrl {
  std::string host;
  uint16_t port = 80;
  std::string target = "/";
  // The local address the connection is made from ("127.0.0.2"); empty = the system's choice.
  // Needs a numeric host.
  std::string source_address = {};
};

// Parses "http://host:port/path". Only plain http is supported here; TLS connections go
// through drivers/uplink/net_stream.h.
Result<HttpUrl> parse_http_url(const std::string& url);

struct HttpReply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers = {};  // lower-case names; a repeated one: the last
};

// Sends one request and waits for the reply; errors say what failed (connect refused,
// timeout after N ms, malformed reply).
Result<HttpReply> http_request(const HttpUrl& url, const std::string& method,
                               const std::string& target, const std::string& body,
                               const std::string& content_type, int timeout_ms);
// As above, with extra request headers, e.g. {{"Authorization", "Bearer …"}}.
Result<HttpReply> http_request(const HttpUrl& url, const std::string& method,
                               const std::string& target, const std::string& body,
                               const std::string& content_type, int timeout_ms,
                               const std::map<std::string, std::string>& headers);

}  // namespace gate::drivers
