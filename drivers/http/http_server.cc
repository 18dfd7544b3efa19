// HTTP/1.1 server on Boost.Beast, in the shape of the Beast 1.74 async examples: a listener
// that accepts on its own strand and one session per connection (do_x/on_x pairs), with a
// single fail() reporter. All state of a connection lives in its session; the listener (Impl)
// only knows the sessions weakly so that stop() can close them. A session is a template over
// its stream (plain TCP, or TLS over TCP, as in Beast's "flex" example); the TLS one shakes
// hands before its first read.
#include "drivers/http/http_server.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <exception>
#include <iostream>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>

#include "drivers/http/http_request.h"

namespace gate::drivers {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

namespace {

// The one place errors of the network side are reported.
void fail(beast::error_code ec, const char* what) {
  std::cerr << "http: " << what << ": " << ec.message() << "\n";
}

std::string endpoint_text(const tcp::endpoint& ep) {
  const auto addr = ep.address();
  std::string host = addr.to_string();
  if (addr.is_v6()) host = "[" + host + "]";
  return host + ":" + std::to_string(ep.port());
}

std::string address_text(const std::string& address, uint16_t port) {
  const bool v6 = address.find(':') != std::string::npos;
  return (v6 ? "[" + address + "]" : address) + ":" + std::to_string(port);
}

std::string json_escape(std::string_view s) {
  std::string out;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          static const char* kHex = "0123456789abcdef";
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xf];
        } else {
          out += ch;
        }
    }
  }
  return out;
}

std::string error_json(std::string_view message) {
  return "{\"error\":\"" + json_escape(message) + "\"}";
}

constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = 64 * 1024 * 1024;

}  // namespace

// What the listener needs of a session of either stream type.
class SessionBase {
 public:
  virtual ~SessionBase() = default;
  // Called through the session's strand by HttpServer::stop(): a connection waiting for a
  // request is closed now, one whose request is being answered after the reply is written.
  virtual void close_when_idle() = 0;
  virtual tcp::socket::executor_type executor() = 0;
};

// The listener. Shared by the HttpServer handle, the pending accept and every session (which
// need the handler and options), so none of them outlives what it uses.
struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  Impl(net::io_context& io, AsyncHttpHandler h, Options o)
      : io(io),
        acceptor(net::make_strand(io)),
        retry_timer(acceptor.get_executor()),
        handler(std::move(h)),
        options(o) {}

  void do_accept();
  void on_accept(beast::error_code ec, tcp::socket socket);
  void do_close();

  net::io_context& io;
  tcp::acceptor acceptor;
  net::steady_timer retry_timer;
  AsyncHttpHandler handler;
  Options options;
  uint16_t port = 0;
  std::atomic<bool> stopped{false};
  std::vector<std::weak_ptr<SessionBase>> sessions;  // touched on the acceptor's strand only
};

beast::tcp_stream& lowest(beast::tcp_stream& s) {
  return s;
}
beast::tcp_stream& lowest(TlsStream& s) {
  return beast::get_lowest_layer(s);
}

beast::tcp_stream make_stream(tcp::socket&& socket, const TlsContext&, beast::tcp_stream*) {
  return beast::tcp_stream(std::move(socket));
}
TlsStream make_stream(tcp::socket&& socket, const TlsContext& tls, TlsStream*) {
  return TlsStream(std::move(socket), *tls);
}

// One connection: read a request, answer it, repeat while keep-alive holds.
template <class Stream>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  Session(tcp::socket&& socket, std::shared_ptr<HttpServer::Impl> server)
      : stream_(make_stream(std::move(socket), server->options.tls, static_cast<Stream*>(nullptr))),
        server_(std::move(server)) {
    beast::error_code ec;
    const auto ep = lowest(stream_).socket().remote_endpoint(ec);
    remote_ = ec ? std::string("?") : endpoint_text(ep);
  }

  void run() {
    // Start on the session's strand, as the Beast examples do.
    net::dispatch(lowest(stream_).get_executor(),
                  beast::bind_front_handler(&Session::start, this->shared_from_this()));
  }

  void close_when_idle() override {
    if (!busy_) close();
  }

  void close() {
    beast::error_code ec;
    lowest(stream_).socket().shutdown(tcp::socket::shutdown_both, ec);
    lowest(stream_).close();
  }

  tcp::socket::executor_type executor() override { return lowest(stream_).get_executor(); }

 private:
  void start() {
    if constexpr (kTls) {
      lowest(stream_).expires_after(std::chrono::milliseconds(server_->options.read_timeout_ms));
      stream_.async_handshake(
          net::ssl::stream_base::server,
          beast::bind_front_handler(&Session::on_handshake, this->shared_from_this()));
    } else {
      do_read();
    }
  }

  void on_handshake(beast::error_code ec) {
    if (ec) {
      fail(ec, ("TLS handshake with " + remote_).c_str());
      return close();
    }
    do_read();
  }

  void do_read() {
    if (server_->stopped) return close();
    parser_.emplace();
    parser_->body_limit(server_->options.max_body_bytes);
    lowest(stream_).expires_after(std::chrono::milliseconds(server_->options.read_timeout_ms));
    http::async_read_header(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&Session::on_read_header, this->shared_from_this()));
  }

  void on_read_header(beast::error_code ec, std::size_t /*bytes*/) {
    if (ec) return on_read_error(ec);
    if (parser_->is_done()) return on_read({}, 0);
    // Clients such as curl ask before sending a larger body and would otherwise wait a second.
    if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      return net::async_write(
          stream_, net::buffer(kContinue.data(), kContinue.size()),
          beast::bind_front_handler(&Session::on_continue, this->shared_from_this()));
    }
    do_read_body();
  }

  void on_continue(beast::error_code ec, std::size_t /*bytes*/) {
    if (ec) return on_read_error(ec);
    do_read_body();
  }

  void do_read_body() {
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::on_read, this->shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t /*bytes*/) {
    if (ec) return on_read_error(ec);
    if (server_->stopped) return close();
    busy_ = true;
    handle_request(parser_->release());
  }

  void on_read_error(beast::error_code ec) {
    // A TLS client may hang up without close_notify; between requests that is an ordinary end.
    if (ec == http::error::end_of_stream || ec == net::ssl::error::stream_truncated) {
      return do_close();
    }
    if (ec == beast::error::timeout) {
      // An idle keep-alive connection, or a client that stopped half-way: just hang up.
      if (parser_->got_some()) fail(ec, ("read from " + remote_).c_str());
      return do_close();
    }
    if (ec == http::error::body_limit) {
      fail(ec, ("read from " + remote_).c_str());
      return send_error(
          http::status::payload_too_large,
          "request body larger than " + std::to_string(server_->options.max_body_bytes) + " bytes");
    }
    if (ec.category() == http::make_error_code(http::error::bad_target).category()) {
      fail(ec, ("read from " + remote_).c_str());
      return send_error(http::status::bad_request, "malformed HTTP request: " + ec.message());
    }
    if (ec != net::error::operation_aborted) fail(ec, ("read from " + remote_).c_str());
    do_close();
  }

  void handle_request(http::request<http::string_body> in) {
    const unsigned version = in.version();
    const bool keep_alive = in.keep_alive();
    HttpRequest req = to_http_request(std::move(in), remote_);
    req.tls = kTls;
    auto pending = std::make_shared<PendingReply>(
        this->shared_from_this(), req.method + " " + req.target, version, keep_alive);
    HttpReplier reply = [pending](HttpResponse out) { pending->answer(std::move(out)); };
    try {
      server_->handler(req, reply);
    } catch (const std::exception& e) {
      std::cerr << "http: handler failed on " << req.method << " " << req.target << " from "
                << remote_ << ": " << e.what() << "\n";
      reply(HttpResponse{500, "application/json", error_json(e.what())});
    } catch (...) {
      std::cerr << "http: handler failed on " << req.method << " " << req.target << " from "
                << remote_ << ": unknown exception\n";
      reply(HttpResponse{500, "application/json", error_json("unknown exception")});
    }
  }

  // Writes the handler's answer; on the session's strand.
  void write_response(HttpResponse out, const std::string& request, unsigned version,
                      bool keep_alive) {
    if (out.drop_connection) {
      if (out.written) out.written->fire(false);
      busy_ = false;
      return close();
    }
    if (out.status < 100 || out.status > 999) {
      std::cerr << "http: handler for " << request << " returned status " << out.status
                << "; answering 500\n";
      out = HttpResponse{500, "application/json", error_json("invalid response status")};
    }
    auto res = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(out.status), version);
    res->set(http::field::server, "gate-http");
    res->set(http::field::content_type, out.content_type);
    for (const auto& [name, value] : out.headers) res->insert(name, value);
    res->keep_alive(keep_alive);
    res->body() = std::move(out.body);
    res->prepare_payload();
    written_ = std::move(out.written);
    do_write(std::move(res), false);
  }

  // The one answer to a request, whichever thread gives it: the first counts, and one never
  // given (the replier dropped) is a 503, so that no connection waits for ever.
  class PendingReply {
   public:
    PendingReply(std::shared_ptr<Session> session, std::string request, unsigned version,
                 bool keep_alive)
        : session_(std::move(session)),
          request_(std::move(request)),
          version_(version),
          keep_alive_(keep_alive) {}
    ~PendingReply() {
      answer(HttpResponse{503, "application/json", error_json("the request was dropped")});
    }
    PendingReply(const PendingReply&) = delete;
    PendingReply& operator=(const PendingReply&) = delete;

    void answer(HttpResponse out) {
      if (answered_.exchange(true)) return;
      net::dispatch(session_->executor(),
                    [s = session_, out = std::move(out), r = request_, v = version_,
                     k = keep_alive_]() mutable { s->write_response(std::move(out), r, v, k); });
    }

   private:
    std::shared_ptr<Session> session_;
    std::string request_;
    unsigned version_;
    bool keep_alive_;
    std::atomic<bool> answered_{false};
  };

  // Answers a request that could not be read, then closes the connection gracefully.
  void send_error(http::status status, const std::string& message) {
    auto res = std::make_shared<http::response<http::string_body>>(status, 11);
    res->set(http::field::server, "gate-http");
    res->set(http::field::content_type, "application/json");
    res->keep_alive(false);
    res->body() = error_json(message);
    res->prepare_payload();
    do_write(std::move(res), true);
  }

  void do_write(std::shared_ptr<http::response<http::string_body>> res, bool linger) {
    res_ = std::move(res);
    lowest(stream_).expires_after(std::chrono::milliseconds(server_->options.read_timeout_ms));
    http::async_write(stream_, *res_,
                      beast::bind_front_handler(&Session::on_write, this->shared_from_this(),
                                                res_->need_eof(), linger));
  }

  void on_write(bool close, bool linger, beast::error_code ec, std::size_t /*bytes*/) {
    res_.reset();
    if (written_) std::exchange(written_, nullptr)->fire(!ec);
    busy_ = false;
    if (ec) {
      if (ec != net::error::operation_aborted) fail(ec, ("write to " + remote_).c_str());
      return do_close();
    }
    if (linger) return do_linger();
    if (close || server_->stopped) return do_close();
    do_read();
  }

  // After an error reply the client may still be sending its body; closing with unread data
  // would reset the connection and could destroy the reply in flight. Shut down our side and
  // discard what arrives for a short while (what servers call a lingering close).
  void do_linger() {
    beast::error_code ec;
    lowest(stream_).socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return do_close();
    lowest(stream_).expires_after(kLingerTime);
    do_discard();
  }

  void do_discard() {
    buffer_.consume(buffer_.size());
    stream_.async_read_some(
        buffer_.prepare(16 * 1024),
        beast::bind_front_handler(&Session::on_discard, this->shared_from_this()));
  }

  void on_discard(beast::error_code ec, std::size_t bytes) {
    discarded_ += bytes;
    if (ec || discarded_ > kLingerBytes) return lowest(stream_).close();
    do_discard();
  }

  void do_close() {
    beast::error_code ec;
    lowest(stream_).socket().shutdown(tcp::socket::shutdown_send, ec);
    lowest(stream_).close();
  }

  Stream stream_;
  beast::flat_buffer buffer_;
  std::shared_ptr<HttpServer::Impl> server_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<http::response<http::string_body>> res_;
  std::shared_ptr<WriteNotice> written_;  // of the answer being written, if its handler asked
  std::string remote_;
  std::size_t discarded_ = 0;
  bool busy_ = false;  // between a complete request and the end of writing its reply
};

void HttpServer::Impl::do_accept() {
  acceptor.async_accept(net::make_strand(io),
                        beast::bind_front_handler(&Impl::on_accept, shared_from_this()));
}

void HttpServer::Impl::on_accept(beast::error_code ec, tcp::socket socket) {
  if (stopped || ec == net::error::operation_aborted) return;
  if (ec) {
    // E.g. out of file descriptors: report, back off briefly instead of spinning.
    fail(ec, "accept");
    retry_timer.expires_after(std::chrono::milliseconds(100));
    retry_timer.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
      if (!wait_ec && !self->stopped) self->do_accept();
    });
    return;
  }
  std::erase_if(sessions, [](const std::weak_ptr<SessionBase>& s) { return s.expired(); });
  if (options.tls) {
    auto session = std::make_shared<Session<TlsStream>>(std::move(socket), shared_from_this());
    sessions.push_back(session);
    session->run();
  } else {
    auto session =
        std::make_shared<Session<beast::tcp_stream>>(std::move(socket), shared_from_this());
    sessions.push_back(session);
    session->run();
  }
  do_accept();
}

void HttpServer::Impl::do_close() {
  beast::error_code ec;
  acceptor.close(ec);
  retry_timer.cancel();
  for (const auto& weak : sessions) {
    if (auto s = weak.lock()) net::dispatch(s->executor(), [s] { s->close_when_idle(); });
  }
  sessions.clear();
}

Result<std::unique_ptr<HttpServer>> HttpServer::Listen(net::io_context& io,
                                                       const std::string& address, uint16_t port,
                                                       HttpHandler handler, Options options) {
  if (!handler) return ListenAsync(io, address, port, nullptr, options);
  return ListenAsync(
      io, address, port,
      [handler = std::move(handler)](const HttpRequest& req, HttpReplier reply) {
        reply(handler(req));
      },
      options);
}

Result<std::unique_ptr<HttpServer>> HttpServer::ListenAsync(net::io_context& io,
                                                            const std::string& address,
                                                            uint16_t port, AsyncHttpHandler handler,
                                                            Options options) {
  const std::string where = "cannot listen on " + address_text(address, port) + ": ";
  if (!handler) return Error{where + "no handler given"};
  if (options.read_timeout_ms <= 0) return Error{where + "read timeout must be positive"};

  beast::error_code ec;
  const auto addr = net::ip::make_address(address, ec);
  if (ec) return Error{where + "not an IP address (" + ec.message() + ")"};
  const tcp::endpoint endpoint(addr, port);

  auto impl = std::make_shared<Impl>(io, std::move(handler), options);
  impl->acceptor.open(endpoint.protocol(), ec);
  if (ec) return Error{where + ec.message()};
  impl->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) return Error{where + ec.message()};
  impl->acceptor.bind(endpoint, ec);
  if (ec) return Error{where + ec.message()};
  impl->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return Error{where + ec.message()};
  impl->port = impl->acceptor.local_endpoint(ec).port();
  if (ec) return Error{where + ec.message()};

  impl->do_accept();
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() {
  stop();
}

uint16_t HttpServer::port() const {
  return impl_->port;
}

void HttpServer::stop() {
  // The flag takes effect at once (no new session, no handler call from now on); the sockets
  // are closed on the acceptor's strand, inline when stop() is called from it.
  if (impl_->stopped.exchange(true)) return;
  net::dispatch(impl_->acceptor.get_executor(), [impl = impl_] { impl->do_close(); });
}

}  // namespace gate::drivers
