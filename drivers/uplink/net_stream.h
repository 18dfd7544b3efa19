// One TCP connection, optionally TLS (OpenSSL), with blocking calls that each end by a deadline.
// Used by the uplink transports on the gate's sync thread and by the mock platform's connection
// threads. Each stream runs its own private io_context on the calling thread; cancel() may be
// called from any other thread to end a blocked call at once.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "drivers/http/tls_context.h"
#include "rules/result.h"

namespace gate::drivers::uplink {

using drivers::TlsContext;  // drivers/http/tls_context.h
using HttpRequestMsg = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponseMsg = boost::beast::http::response<boost::beast::http::string_body>;

// Client side: TLS 1.2+, the peer's certificate must chain to `ca_file` (PEM) or, when it is
// empty, to the system's CAs; Connect checks the host name or IP address against it.
using drivers::make_client_tls;
// Server side (mock platform): certificate chain and private key, PEM files.
using drivers::make_server_tls;

class NetStream {
 public:
  // Connects (and, with `tls`, handshakes and verifies the platform) within timeout_ms.
  static Result<std::unique_ptr<NetStream>> Connect(const std::string& host, uint16_t port,
                                                    TlsContext tls, int timeout_ms);
  // Takes ownership of an accepted socket descriptor; with `tls`, runs the server handshake.
  static Result<std::unique_ptr<NetStream>> Accept(int fd, TlsContext tls, int timeout_ms);
  ~NetStream();
  NetStream(const NetStream&) = delete;
  NetStream& operator=(const NetStream&) = delete;

  Status write(std::string_view bytes, int timeout_ms);
  // Exactly n bytes. Errors: "closed by peer", "timeout after N ms", the socket's error.
  Result<std::string> read_exact(std::size_t n, int timeout_ms);
  // Whatever has arrived, at least one byte and at most `max` (waits for the first byte).
  Result<std::string> read_some(std::size_t max, int timeout_ms);

  // HTTP/1.1 on this connection (kept alive until either side closes).
  Result<HttpResponseMsg> http_exchange(HttpRequestMsg& req, int timeout_ms,
                                        std::size_t body_limit = 16 * 1024 * 1024);
  Result<HttpRequestMsg> read_http_request(int timeout_ms, std::size_t body_limit);
  Status write_http_response(HttpResponseMsg& res, int timeout_ms);

  // Thread-safe: the call in progress (or the next one) fails with "cancelled".
  void cancel();
  // Closes the socket without a TLS close_notify (a dropped connection, as seen by the peer).
  void close();
  bool is_open() const { return !closed_; }
  const std::string& peer() const { return peer_; }

 private:
  NetStream();
  boost::beast::tcp_stream& lowest();
  template <class Start>
  Status run(int timeout_ms, const std::string& what, Start start);

  boost::asio::io_context io_;
  TlsContext tls_ctx_;
  std::unique_ptr<boost::beast::tcp_stream> plain_;
  std::unique_ptr<boost::beast::ssl_stream<boost::beast::tcp_stream>> tls_;
  boost::beast::flat_buffer buffer_;
  std::atomic<bool> cancelled_{false};
  bool closed_ = false;
  std::string peer_;
};

}  // namespace gate::drivers::uplink
