// A small HTTP/1.1 server on Boost.Beast (async, one io_context), plain or over TLS. Used by the
// camera push receiver, the local API and dashboard, and sim's mock platform. Every request is
// answered; handler exceptions become 500 and are logged, so a bad request can never take the
// process down.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "drivers/http/tls_context.h"
#include "rules/result.h"

namespace gate::drivers {

struct HttpRequest {
  std::string method;  // "GET", "POST", …
  std::string target;  // path with query, e.g. "/camera/vzenith/L1?x=1"
  std::string path;    // target without query
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string remote;  // "ip:port"
  bool tls = false;    // arrived over TLS
};

// Told once whether an answer reached the connection: true when it was written in full, false
// when the connection failed or closed first, or the answer was dropped. Destroying the last
// reference unfired tells false, so a holder always hears.
class WriteNotice {
 public:
  explicit WriteNotice(std::function<void(bool written)> on_done) : on_done_(std::move(on_done)) {}
  ~WriteNotice() { fire(false); }
  WriteNotice(const WriteNotice&) = delete;
  WriteNotice& operator=(const WriteNotice&) = delete;
  void fire(bool written) {
    if (!on_done_) return;
    auto done = std::move(on_done_);
    on_done_ = nullptr;
    done(written);
  }

 private:
  std::function<void(bool)> on_done_;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // Further response headers (Set-Cookie, ETag, Cache-Control, Content-Disposition, …).
  std::vector<std::pair<std::string, std::string>> headers = {};
  // Optional: told whether this answer was written to the connection (a camera told to open its
  // relay in the answer, drivers/barrier/vzenith_reply_relay.h).
  std::shared_ptr<WriteNotice> written = {};
  // Close the connection instead of answering: nothing of the answer is written (a simulated
  // platform's "drop" fault; a client sees its request sent and the connection end).
  bool drop_connection = false;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

// Answers one request, from any thread. Only the first call counts; when the last copy is
// destroyed without a call, the request is answered 503 (the work was dropped, e.g. at stop).
using HttpReplier = std::function<void(HttpResponse)>;
// A handler that answers later, once work on another thread is done. Called on the server's
// io_context; it must not block it.
using AsyncHttpHandler = std::function<void(const HttpRequest&, HttpReplier)>;

class HttpServer {
 public:
  struct Options {
    std::size_t max_body_bytes = 8 * 1024 * 1024;
    int read_timeout_ms = 10000;
    // Serve HTTPS with this server context (make_server_tls); null = plain HTTP. A client that
    // fails the handshake is logged and dropped.
    TlsContext tls = nullptr;
  };

  // Binds and listens at once; port 0 picks a free port (see port()). Fails with a message
  // naming the address when the bind fails.
  static Result<std::unique_ptr<HttpServer>> Listen(boost::asio::io_context& io,
                                                    const std::string& address, uint16_t port,
                                                    HttpHandler handler, Options options);
  static Result<std::unique_ptr<HttpServer>> Listen(boost::asio::io_context& io,
                                                    const std::string& address, uint16_t port,
                                                    HttpHandler handler) {
    return Listen(io, address, port, std::move(handler), Options{});
  }
  // As Listen, with a handler that answers through its HttpReplier. The connection waits for the
  // answer (HTTP/1.1 answers in order); other connections are served meanwhile.
  static Result<std::unique_ptr<HttpServer>> ListenAsync(boost::asio::io_context& io,
                                                         const std::string& address, uint16_t port,
                                                         AsyncHttpHandler handler, Options options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  uint16_t port() const;
  // Closes the listener and idle connections; a request being answered gets its reply first.
  // No handler call starts after stop() returns. Safe from any thread, the io thread included;
  // the destructor calls it. The io_context must outlive the server.
  void stop();

  struct Impl;

 private:
  explicit HttpServer(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

}  // namespace gate::drivers
