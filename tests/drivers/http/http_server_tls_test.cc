// HttpServer over TLS on loopback: a client that trusts the test CA gets its answer and the
// handler sees the request as TLS; a plain-HTTP client and a client that does not trust the
// certificate get nothing, and the server keeps serving.
#include <memory>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "drivers/http/http_server.h"
#include "drivers/http/tls_context.h"
#include "tests/support/temp_dir.h"
#include "tests/support/tls_fixture.h"

namespace gate::drivers {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

class HttpServerTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    files_ = gate::testing::make_tls_files(dir_.path());
    auto tls = make_server_tls(files_.server_cert, files_.server_key);
    ASSERT_TRUE(tls.ok()) << tls.error();
    HttpServer::Options o;
    o.tls = tls.value();
    o.read_timeout_ms = 2000;
    auto s = HttpServer::Listen(
        io_, "127.0.0.1", 0,
        [](const HttpRequest& r) {
          return HttpResponse{200, "text/plain", std::string(r.tls ? "tls " : "plain ") + r.path};
        },
        o);
    ASSERT_TRUE(s.ok()) << s.error();
    server_ = std::move(s).value();
    thread_ = std::thread([this] { io_.run(); });
  }
  void TearDown() override {
    server_->stop();
    guard_.reset();
    io_.stop();
    thread_.join();
  }

  // GET over TLS, trusting `ca_file`; the body, or "error: …".
  std::string get_tls(const std::string& ca_file, const std::string& path) {
    auto ctx = make_client_tls(ca_file);
    if (!ctx.ok()) return "error: " + ctx.error();
    net::io_context io;
    beast::ssl_stream<beast::tcp_stream> stream(io, *ctx.value());
    beast::error_code ec;
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
    beast::get_lowest_layer(stream).connect(
        tcp::endpoint(net::ip::make_address("127.0.0.1"), server_->port()), ec);
    if (!ec) stream.handshake(net::ssl::stream_base::client, ec);
    if (ec) return "error: " + ec.message();
    http::request<http::string_body> req{http::verb::get, path, 11};
    req.set(http::field::host, "127.0.0.1");
    http::write(stream, req, ec);
    beast::flat_buffer buf;
    http::response<http::string_body> res;
    if (!ec) http::read(stream, buf, res, ec);
    if (ec) return "error: " + ec.message();
    return res.body();
  }

  test_support::TempDir dir_;
  gate::testing::TlsFiles files_;
  net::io_context io_;
  net::executor_work_guard<net::io_context::executor_type> guard_ = net::make_work_guard(io_);
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

TEST_F(HttpServerTlsTest, ATrustingClientIsAnsweredAndTheHandlerSeesTls) {
  EXPECT_EQ(get_tls(files_.ca_cert, "/api/v1/share"), "tls /api/v1/share");
}

TEST_F(HttpServerTlsTest, PlainHttpAndUntrustingClientsGetNothingAndTheServerGoesOn) {
  // Plain HTTP to the TLS port: the handshake fails, no HTTP answer comes back.
  net::io_context io;
  tcp::socket plain(io);
  plain.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), server_->port()));
  const std::string req = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  net::write(plain, net::buffer(req));
  std::string got(256, '\0');
  beast::error_code ec;
  const auto n = plain.read_some(net::buffer(got), ec);
  got.resize(ec ? 0 : n);
  EXPECT_EQ(got.find("HTTP/1.1 200"), std::string::npos) << got;
  // A client with another CA refuses the certificate.
  test_support::TempDir other_dir;
  const auto other = gate::testing::make_tls_files(other_dir.path());
  EXPECT_THAT(get_tls(other.ca_cert, "/"), ::testing::StartsWith("error: "));
  // And the server still answers a good client.
  EXPECT_EQ(get_tls(files_.ca_cert, "/again"), "tls /again");
}

TEST(TlsContextTest, AKeyThatDoesNotMatchTheCertificateIsRefused) {
  test_support::TempDir a, b;
  const auto fa = gate::testing::make_tls_files(a.path());
  const auto fb = gate::testing::make_tls_files(b.path());
  auto ctx = make_server_tls(fa.server_cert, fb.server_key);
  ASSERT_FALSE(ctx.ok());
  EXPECT_THAT(ctx.error(), ::testing::HasSubstr("the key of " + fa.server_cert));
  EXPECT_FALSE(make_server_tls(a.path() + "/absent.pem", fa.server_key).ok());
}

}  // namespace
}  // namespace gate::drivers
