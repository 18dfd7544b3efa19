#include "drivers/uplink/net_stream.h"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl.hpp>

#include <chrono>
#include <optional>
#include <vector>

namespace gate::drivers::uplink {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

namespace {

std::string describe(const beast::error_code& ec, int timeout_ms) {
  if (ec == beast::error::timeout) return "timeout after " + std::to_string(timeout_ms) + " ms";
  if (ec == net::error::eof || ec == http::error::end_of_stream ||
      ec == ssl::error::stream_truncated || ec == net::error::connection_reset ||
      ec == http::error::partial_message) {
    return "connection closed by the peer";
  }
  if (ec == net::error::operation_aborted) return "cancelled";
  if (ec.category() == net::error::get_ssl_category()) {
    std::string reason = ec.message();
    // The verify result says more than "certificate verify failed" alone.
    return "TLS: " + reason;
  }
  return ec.message();
}

}  // namespace

NetStream::NetStream() = default;

NetStream::~NetStream() {
  close();
}

beast::tcp_stream& NetStream::lowest() {
  return tls_ ? beast::get_lowest_layer(*tls_) : *plain_;
}

template <class Start>
Status NetStream::run(int timeout_ms, const std::string& what, Start start) {
  if (cancelled_) return Error{what + ": cancelled"};
  if (closed_) return Error{what + ": connection already closed"};
  if (timeout_ms <= 0) return Error{what + ": timeout must be positive"};
  lowest().expires_after(std::chrono::milliseconds(timeout_ms));
  std::optional<beast::error_code> result;
  start(result);
  io_.restart();
  // The stream's timer ends every operation by the deadline; the margin guards a stuck loop.
  io_.run_for(std::chrono::milliseconds(timeout_ms) + std::chrono::seconds(1));
  if (!result) {
    close();
    io_.restart();
    io_.run();
    return Error{what + ": timeout after " + std::to_string(timeout_ms) + " ms"};
  }
  if (cancelled_ && *result) return Error{what + ": cancelled"};
  if (*result) {
    const std::string text = describe(*result, timeout_ms);
    close();
    return Error{what + ": " + text};
  }
  return Status::Ok();
}

Result<std::unique_ptr<NetStream>> NetStream::Connect(const std::string& host, uint16_t port,
                                                      TlsContext tls, int timeout_ms) {
  std::unique_ptr<NetStream> s(new NetStream());
  s->tls_ctx_ = tls;
  if (tls) {
    s->tls_ = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(s->io_, *tls);
  } else {
    s->plain_ = std::make_unique<beast::tcp_stream>(s->io_);
  }
  const bool v6 = host.find(':') != std::string::npos;
  s->peer_ = (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
  const std::string where = "connect to " + s->peer_;

  std::vector<tcp::endpoint> endpoints;
  beast::error_code ec;
  const auto addr = net::ip::make_address(host, ec);
  const bool numeric = !ec;
  if (numeric) {
    endpoints.emplace_back(addr, port);
  } else {
    tcp::resolver resolver(s->io_);
    std::optional<beast::error_code> resolved;
    tcp::resolver::results_type results;
    resolver.async_resolve(host, std::to_string(port),
                           [&](beast::error_code rec, tcp::resolver::results_type r) {
                             resolved = rec;
                             results = std::move(r);
                           });
    s->io_.run_for(std::chrono::milliseconds(timeout_ms));
    if (!resolved) {
      resolver.cancel();
      s->io_.restart();
      s->io_.run();
      return Error{"cannot resolve \"" + host + "\": timeout after " + std::to_string(timeout_ms) +
                   " ms"};
    }
    if (*resolved) return Error{"cannot resolve \"" + host + "\": " + resolved->message()};
    for (const auto& e : results) endpoints.push_back(e.endpoint());
  }
  Status st = s->run(timeout_ms, where, [&](std::optional<beast::error_code>& r) {
    s->lowest().async_connect(endpoints,
                              [&r](beast::error_code e, const tcp::endpoint&) { r = e; });
  });
  if (!st.ok()) return Error{st.message()};
  beast::error_code nodelay_ec;
  s->lowest().socket().set_option(tcp::no_delay(true), nodelay_ec);
  if (tls) {
    SSL* ssl_handle = s->tls_->native_handle();
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl_handle);
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    if (numeric) {
      X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
    } else {
      X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0);
      SSL_set_tlsext_host_name(ssl_handle, host.c_str());
    }
    st = s->run(
        timeout_ms, "TLS handshake with " + s->peer_, [&](std::optional<beast::error_code>& r) {
          s->tls_->async_handshake(ssl::stream_base::client, [&r](beast::error_code e) { r = e; });
        });
    if (!st.ok()) {
      const long verify = SSL_get_verify_result(ssl_handle);
      if (verify != X509_V_OK) {
        return Error{st.message() + " (certificate: " + X509_verify_cert_error_string(verify) +
                     "; is uplink.ca_file the CA that signed the platform's certificate?)"};
      }
      return Error{st.message()};
    }
  }
  return s;
}

Result<std::unique_ptr<NetStream>> NetStream::Accept(int fd, TlsContext tls, int timeout_ms) {
  std::unique_ptr<NetStream> s(new NetStream());
  s->tls_ctx_ = tls;
  if (tls) {
    s->tls_ = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(s->io_, *tls);
  } else {
    s->plain_ = std::make_unique<beast::tcp_stream>(s->io_);
  }
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  beast::error_code ec;
  s->lowest().socket().assign(ss.ss_family == AF_INET6 ? tcp::v6() : tcp::v4(), fd, ec);
  if (ec) return Error{"cannot take over accepted socket: " + ec.message()};
  auto remote = s->lowest().socket().remote_endpoint(ec);
  s->peer_ = ec ? "?" : remote.address().to_string() + ":" + std::to_string(remote.port());
  s->lowest().socket().set_option(tcp::no_delay(true), ec);
  if (tls) {
    Status st = s->run(
        timeout_ms, "TLS handshake with " + s->peer_, [&](std::optional<beast::error_code>& r) {
          s->tls_->async_handshake(ssl::stream_base::server, [&r](beast::error_code e) { r = e; });
        });
    if (!st.ok()) return Error{st.message()};
  }
  return s;
}

Status NetStream::write(std::string_view bytes, int timeout_ms) {
  return run(timeout_ms, "sending to " + peer_, [&](std::optional<beast::error_code>& r) {
    auto done = [&r](beast::error_code e, std::size_t) { r = e; };
    if (tls_) {
      net::async_write(*tls_, net::buffer(bytes.data(), bytes.size()), done);
    } else {
      net::async_write(*plain_, net::buffer(bytes.data(), bytes.size()), done);
    }
  });
}

Result<std::string> NetStream::read_exact(std::size_t n, int timeout_ms) {
  std::string out(n, '\0');
  Status st = run(timeout_ms, "reading from " + peer_, [&](std::optional<beast::error_code>& r) {
    auto done = [&r](beast::error_code e, std::size_t) { r = e; };
    if (tls_) {
      net::async_read(*tls_, net::buffer(out.data(), n), done);
    } else {
      net::async_read(*plain_, net::buffer(out.data(), n), done);
    }
  });
  if (!st.ok()) return Error{st.message()};
  return out;
}

Result<std::string> NetStream::read_some(std::size_t max, int timeout_ms) {
  std::string out(max, '\0');
  std::size_t got = 0;
  Status st = run(timeout_ms, "reading from " + peer_, [&](std::optional<beast::error_code>& r) {
    auto done = [&r, &got](beast::error_code e, std::size_t n) {
      got = n;
      r = e;
    };
    if (tls_) {
      tls_->async_read_some(net::buffer(out.data(), max), done);
    } else {
      plain_->async_read_some(net::buffer(out.data(), max), done);
    }
  });
  if (!st.ok()) return Error{st.message()};
  out.resize(got);
  return out;
}

Result<HttpResponseMsg> NetStream::http_exchange(HttpRequestMsg& req, int timeout_ms,
                                                 std::size_t body_limit) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  Status st = run(timeout_ms, "sending to " + peer_, [&](std::optional<beast::error_code>& r) {
    auto done = [&r](beast::error_code e, std::size_t) { r = e; };
    if (tls_) {
      http::async_write(*tls_, req, done);
    } else {
      http::async_write(*plain_, req, done);
    }
  });
  if (!st.ok()) return Error{st.message()};
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        deadline - std::chrono::steady_clock::now())
                        .count();
  http::response_parser<http::string_body> parser;
  parser.body_limit(body_limit);
  st = run(static_cast<int>(std::max<int64_t>(left, 1)), "waiting for the reply from " + peer_,
           [&](std::optional<beast::error_code>& r) {
             auto done = [&r](beast::error_code e, std::size_t) { r = e; };
             if (tls_) {
               http::async_read(*tls_, buffer_, parser, done);
             } else {
               http::async_read(*plain_, buffer_, parser, done);
             }
           });
  if (!st.ok()) return Error{st.message()};
  return parser.release();
}

Result<HttpRequestMsg> NetStream::read_http_request(int timeout_ms, std::size_t body_limit) {
  http::request_parser<http::string_body> parser;
  parser.body_limit(body_limit);
  Status st =
      run(timeout_ms, "reading a request from " + peer_, [&](std::optional<beast::error_code>& r) {
        auto done = [&r](beast::error_code e, std::size_t) { r = e; };
        if (tls_) {
          http::async_read(*tls_, buffer_, parser, done);
        } else {
          http::async_read(*plain_, buffer_, parser, done);
        }
      });
  if (!st.ok()) return Error{st.message()};
  return parser.release();
}

Status NetStream::write_http_response(HttpResponseMsg& res, int timeout_ms) {
  return run(timeout_ms, "answering " + peer_, [&](std::optional<beast::error_code>& r) {
    auto done = [&r](beast::error_code e, std::size_t) { r = e; };
    if (tls_) {
      http::async_write(*tls_, res, done);
    } else {
      http::async_write(*plain_, res, done);
    }
  });
}

void NetStream::cancel() {
  cancelled_ = true;
  net::post(io_, [this] {
    beast::error_code ec;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ec);
    lowest().socket().cancel(ec);
  });
}

void NetStream::close() {
  if (closed_) return;
  closed_ = true;
  beast::error_code ec;
  lowest().socket().shutdown(tcp::socket::shutdown_both, ec);
  lowest().socket().close(ec);
}

}  // namespace gate::drivers::uplink
