// Blocking HTTP/1.1 client: one request per connection (Connection: close), run as an async
// chain on a private io_context so that one deadline covers connect, write and read.
#include "drivers/http/http_client.h"

#include <cctype>
#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace gate::drivers {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr std::size_t kMaxReplyBytes = 64 * 1024 * 1024;

std::string host_port(const HttpUrl& url) {
  const bool v6 = url.host.find(':') != std::string::npos;
  return (v6 ? "[" + url.host + "]" : url.host) + ":" + std::to_string(url.port);
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    const auto a = static_cast<unsigned char>(s[i]);
    const auto b = static_cast<unsigned char>(prefix[i]);
    if (std::tolower(a) != std::tolower(b)) return false;
  }
  return true;
}

// Opens `socket` bound to url.source_address, for a connection to the single numeric endpoint.
Status bind_source(tcp::socket& socket, const HttpUrl& url,
                   const std::vector<tcp::endpoint>& endpoints) {
  beast::error_code ec;
  const auto local = net::ip::make_address(url.source_address, ec);
  if (ec) return Error{"source address \"" + url.source_address + "\" is no IP address"};
  if (endpoints.size() != 1) {
    return Error{"a source address needs a numeric host, got \"" + url.host + "\""};
  }
  socket.open(endpoints.front().protocol(), ec);
  if (!ec) socket.bind(tcp::endpoint(local, 0), ec);
  if (ec) return Error{"cannot bind to source address " + url.source_address + ": " + ec.message()};
  return Status::Ok();
}

}  // namespace

Result<HttpUrl> parse_http_url(const std::string& url) {
  constexpr std::string_view kScheme = "http://";
  const std::string_view s(url);
  if (!starts_with_nocase(s, kScheme)) {
    if (starts_with_nocase(s, "https://")) {
      return Error{"https is not supported here, only plain http: \"" + url + "\""};
    }
    return Error{"URL must start with http://, got \"" + url + "\""};
  }
  std::string_view rest = s.substr(kScheme.size());
  const auto slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  HttpUrl out;
  if (slash != std::string_view::npos) {
    out.target = std::string(rest.substr(slash));
    if (out.target.front() == '?') out.target.insert(0, "/");
  }
  if (authority.find('@') != std::string_view::npos) {
    return Error{"user info in URLs is not supported: \"" + url + "\""};
  }

  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {  // [IPv6]:port
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return Error{"unclosed '[' in URL \"" + url + "\""};
    out.host = std::string(authority.substr(1, close - 1));
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return Error{"unexpected text after ']' in URL \"" + url + "\""};
      port_text = after.substr(1);
      if (port_text.empty()) return Error{"empty port in URL \"" + url + "\""};
    }
  } else {
    const auto colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return Error{"empty port in URL \"" + url + "\""};
    }
  }
  if (out.host.empty()) return Error{"no host in URL \"" + url + "\""};
  if (!port_text.empty()) {
    unsigned long port = 0;
    for (const char c : port_text) {
      if (c < '0' || c > '9' || port > 65535) {
        return Error{"bad port \"" + std::string(port_text) + "\" in URL \"" + url + "\""};
      }
      port = port * 10 + static_cast<unsigned long>(c - '0');
    }
    if (port == 0 || port > 65535) {
      return Error{"port must be 1..65535, got " + std::string(port_text) + " in URL \"" + url +
                   "\""};
    }
    out.port = static_cast<uint16_t>(port);
  }
  return out;
}

Result<HttpReply> http_request(const HttpUrl& url, const std::string& method,
                               const std::string& target, const std::string& body,
                               const std::string& content_type, int timeout_ms) {
  return http_request(url, method, target, body, content_type, timeout_ms, {});
}

Result<HttpReply> http_request(const HttpUrl& url, const std::string& method,
                               const std::string& target, const std::string& body,
                               const std::string& content_type, int timeout_ms,
                               const std::map<std::string, std::string>& headers) {
  if (timeout_ms <= 0) return Error{"timeout must be positive, got " + std::to_string(timeout_ms)};
  const std::string where = host_port(url);
  const auto verb = http::string_to_verb(method);
  if (verb == http::verb::unknown) return Error{"unknown HTTP method \"" + method + "\""};

  const auto timeout = std::chrono::milliseconds(timeout_ms);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const std::string timeout_text = "timeout after " + std::to_string(timeout_ms) + " ms";

  net::io_context io;
  beast::tcp_stream stream(io);
  // The stream's timer is a deadline: it stays set across connect, write and read.
  stream.expires_at(deadline);

  // Numeric hosts need no resolver; names go through getaddrinfo, bounded by run_until below.
  tcp::resolver resolver(io);
  std::vector<tcp::endpoint> endpoints;
  beast::error_code ec;
  const auto addr = net::ip::make_address(url.host, ec);
  if (!ec) {
    endpoints.emplace_back(addr, url.port);
  } else {
    std::optional<beast::error_code> resolved;
    tcp::resolver::results_type results;
    resolver.async_resolve(url.host, std::to_string(url.port),
                           [&](beast::error_code rec, tcp::resolver::results_type r) {
                             resolved = rec;
                             results = std::move(r);
                           });
    io.run_until(deadline);
    if (!resolved) return Error{"resolving \"" + url.host + "\": " + timeout_text};
    if (*resolved) return Error{"cannot resolve \"" + url.host + "\": " + resolved->message()};
    for (const auto& entry : results) endpoints.push_back(entry.endpoint());
    io.restart();
  }

  http::request<http::string_body> req{verb, target.empty() ? url.target : target, 11};
  req.set(http::field::host, url.port == 80 ? url.host : host_port(url));
  req.set(http::field::user_agent, "gate-http");
  req.set(http::field::connection, "close");
  for (const auto& [name, value] : headers) req.set(name, value);
  if (!body.empty() || verb == http::verb::post || verb == http::verb::put) {
    if (!content_type.empty()) req.set(http::field::content_type, content_type);
    req.body() = body;
  }
  req.prepare_payload();

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxReplyBytes);
  std::optional<Error> error;
  bool done = false;

  auto on_error = [&](beast::error_code e, const std::string& stage) {
    if (e == beast::error::timeout) {
      error = Error{timeout_text + " (" + stage + " " + where + ")"};
    } else if (stage == "connecting to") {
      error = Error{"connect to " + where + " failed: " + e.message()};
    } else if (e == http::error::end_of_stream || e == net::error::eof) {
      error = Error{"connection closed by " + where + " before a complete reply"};
    } else if (e.category() == http::make_error_code(http::error::bad_target).category()) {
      error = Error{"malformed reply from " + where + ": " + e.message()};
    } else {
      error = Error{stage + " " + where + " failed: " + e.message()};
    }
  };

  auto on_connected = [&](beast::error_code cec) {
    if (cec) return on_error(cec, "connecting to");
    http::async_write(stream, req, [&](beast::error_code wec, std::size_t) {
      if (wec) return on_error(wec, "sending to");
      http::async_read(stream, buffer, parser, [&](beast::error_code rec, std::size_t) {
        if (rec) return on_error(rec, "waiting for the reply from");
        done = true;
      });
    });
  };
  if (url.source_address.empty()) {
    stream.async_connect(endpoints,
                         [&](beast::error_code cec, const tcp::endpoint&) { on_connected(cec); });
  } else {
    if (Status st = bind_source(stream.socket(), url, endpoints); !st.ok()) {
      return Error{st.message()};
    }
    stream.async_connect(endpoints.front(), on_connected);
  }
  // The stream's deadline ends every operation; the margin only guards against a stuck loop.
  io.run_until(deadline + std::chrono::seconds(1));

  if (error) return *error;
  if (!done) return Error{timeout_text + " (talking to " + where + ")"};
  beast::error_code shutdown_ec;
  stream.socket().shutdown(tcp::socket::shutdown_both, shutdown_ec);

  auto res = parser.release();
  HttpReply reply;
  reply.status = static_cast<int>(res.result_int());
  reply.body = std::move(res.body());
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    reply.headers[name] = std::string(field.value());
  }
  return reply;
}

}  // namespace gate::drivers
