// HttpServer and http_request against each other on loopback, plus raw sockets where the
// client cannot express the case (keep-alive, silent peers, idle connections).
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "drivers/http/http_client.h"
#include "drivers/http/http_server.h"

namespace gate::drivers {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// Echoes what the server parsed, one "key=value" per line, so tests can check every field.
HttpResponse echo(const HttpRequest& req) {
  std::string out;
  out += "method=" + req.method + "\n";
  out += "target=" + req.target + "\n";
  out += "path=" + req.path + "\n";
  for (const auto& [k, v] : req.query) out += "query." + k + "=" + v + "\n";
  for (const auto& [k, v] : req.headers) out += "header." + k + "=" + v + "\n";
  out += "remote=" + req.remote + "\n";
  out += "body=" + req.body + "\n";
  return HttpResponse{200, "text/plain", out};
}

// Runs the caller's io_context on a thread for the fixture's lifetime.
class IoThread {
 public:
  IoThread() : guard_(net::make_work_guard(io)), thread_([this] { io.run(); }) {}
  ~IoThread() { join(); }
  // Stops the loop and waits for the thread; afterwards objects used by handlers may go.
  void join() {
    guard_.reset();
    io.stop();
    if (thread_.joinable()) thread_.join();
  }
  net::io_context io;

 private:
  net::executor_work_guard<net::io_context::executor_type> guard_;
  std::thread thread_;
};

class HttpTest : public ::testing::Test {
 protected:
  void SetUp() override {}
  void TearDown() override {
    if (server_) server_->stop();
  }

  void start(HttpHandler handler, HttpServer::Options options = {}) {
    auto s = HttpServer::Listen(io_.io, "127.0.0.1", 0, std::move(handler), options);
    ASSERT_TRUE(s.ok()) << s.error();
    server_ = std::move(s).value();
    ASSERT_NE(server_->port(), 0);
  }

  HttpUrl url(const std::string& target = "/") const {
    return HttpUrl{"127.0.0.1", server_->port(), target};
  }

  Result<HttpReply> post(const std::string& target, const std::string& body) {
    return http_request(url(), "POST", target, body, "text/plain", 5000);
  }
  Result<HttpReply> get(const std::string& target) {
    return http_request(url(), "GET", target, "", "", 5000);
  }

  IoThread io_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpTest, ClientConnectsFromTheSourceAddressGiven) {
  start(echo);
  HttpUrl from_other = url();
  from_other.source_address = "127.0.0.2";
  auto r = http_request(from_other, "GET", "/", "", "", 5000);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_THAT(r.value().body, HasSubstr("remote=127.0.0.2:"));
  from_other.source_address = "not-an-address";
  auto bad = http_request(from_other, "GET", "/", "", "", 5000);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error(), HasSubstr("is no IP address"));
}

TEST_F(HttpTest, RoundTripCarriesMethodPathQueryHeadersBodyAndRemote) {
  start(echo);
  auto r = post("/camera/vzenith/L1?a=1&b=hello%20world&c=x+y&d&e=%E8%B1%AB&bad=%zz", "payload");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().status, 200);
  const std::string& b = r.value().body;
  EXPECT_THAT(b, HasSubstr("method=POST\n"));
  EXPECT_THAT(b, HasSubstr("target=/camera/vzenith/L1?a=1&b=hello%20world&c=x+y&d&e=%E8%B1%AB"));
  EXPECT_THAT(b, HasSubstr("path=/camera/vzenith/L1\n"));
  EXPECT_THAT(b, HasSubstr("query.a=1\n"));
  EXPECT_THAT(b, HasSubstr("query.b=hello world\n"));
  EXPECT_THAT(b, HasSubstr("query.c=x y\n"));
  EXPECT_THAT(b, HasSubstr("query.d=\n"));
  EXPECT_THAT(b, HasSubstr("query.e=豫\n"));
  EXPECT_THAT(b, HasSubstr("query.bad=%zz\n"));
  EXPECT_THAT(b, HasSubstr("header.content-type=text/plain\n"));
  EXPECT_THAT(b, HasSubstr("header.connection=close\n"));
  EXPECT_THAT(b, HasSubstr("remote=127.0.0.1:"));
  EXPECT_THAT(b, HasSubstr("body=payload\n"));
}

TEST_F(HttpTest, HandlerStatusAndContentTypePassThrough) {
  start([](const HttpRequest& req) {
    if (req.path != "/known") return HttpResponse{404, "application/json", R"({"error":"nope"})"};
    if (req.method != "POST") return HttpResponse{405, "application/json", R"({"error":"m"})"};
    return HttpResponse{201, "application/json", "{}"};
  });
  auto r404 = get("/unknown");
  ASSERT_TRUE(r404.ok()) << r404.error();
  EXPECT_EQ(r404.value().status, 404);
  EXPECT_EQ(r404.value().body, R"({"error":"nope"})");
  auto r405 = get("/known");
  ASSERT_TRUE(r405.ok()) << r405.error();
  EXPECT_EQ(r405.value().status, 405);
  auto r201 = post("/known", "x");
  ASSERT_TRUE(r201.ok()) << r201.error();
  EXPECT_EQ(r201.value().status, 201);
}

TEST_F(HttpTest, BodyOverLimitGets413AndServerKeepsServing) {
  start(echo, HttpServer::Options{.max_body_bytes = 64, .read_timeout_ms = 5000});
  auto big = post("/x", std::string(100000, 'a'));
  ASSERT_TRUE(big.ok()) << big.error();
  EXPECT_EQ(big.value().status, 413);
  EXPECT_THAT(big.value().body, HasSubstr("larger than 64 bytes"));

  auto exact = post("/x", std::string(64, 'b'));
  ASSERT_TRUE(exact.ok()) << exact.error();
  EXPECT_EQ(exact.value().status, 200);
}

TEST_F(HttpTest, KeepAliveServesTwoRequestsOnOneConnection) {
  start(echo);
  net::io_context io;
  tcp::socket sock(io);
  sock.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), server_->port()));
  beast::flat_buffer buf;
  std::string remotes[2];
  for (int i = 0; i < 2; ++i) {
    http::request<http::string_body> req{http::verb::post, "/n" + std::to_string(i), 11};
    req.set(http::field::host, "127.0.0.1");
    req.body() = "body" + std::to_string(i);
    req.prepare_payload();
    http::write(sock, req);
    http::response<http::string_body> res;
    http::read(sock, buf, res);
    EXPECT_EQ(res.result_int(), 200u);
    EXPECT_TRUE(res.keep_alive());
    EXPECT_THAT(res.body(), HasSubstr("path=/n" + std::to_string(i) + "\n"));
    EXPECT_THAT(res.body(), HasSubstr("body=body" + std::to_string(i) + "\n"));
    const auto pos = res.body().find("remote=");
    remotes[i] = res.body().substr(pos, res.body().find('\n', pos) - pos);
  }
  EXPECT_EQ(remotes[0], remotes[1]);  // same client port: same connection
}

TEST_F(HttpTest, ExpectContinueIsAnsweredWithoutDelay) {
  start(echo);
  net::io_context io;
  tcp::socket sock(io);
  sock.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), server_->port()));
  const std::string head =
      "POST /c HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n";
  net::write(sock, net::buffer(head));
  std::string interim(25, '\0');
  net::read(sock, net::buffer(interim));
  EXPECT_EQ(interim, "HTTP/1.1 100 Continue\r\n\r\n");
  net::write(sock, net::buffer(std::string("hello")));
  beast::flat_buffer buf;
  http::response<http::string_body> res;
  http::read(sock, buf, res);
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_THAT(res.body(), HasSubstr("body=hello\n"));
}

TEST_F(HttpTest, HandlerExceptionBecomes500AndServerStillServes) {
  start([](const HttpRequest& req) -> HttpResponse {
    if (req.path == "/boom") throw std::runtime_error("boom \"quoted\"");
    return HttpResponse{200, "text/plain", "fine"};
  });
  ::testing::internal::CaptureStderr();
  auto r = get("/boom");
  const std::string log = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().status, 500);
  EXPECT_EQ(r.value().body, R"({"error":"boom \"quoted\""})");
  EXPECT_THAT(log, HasSubstr("GET /boom"));
  EXPECT_THAT(log, HasSubstr("boom \"quoted\""));

  auto ok = get("/fine");
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(ok.value().status, 200);
  EXPECT_EQ(ok.value().body, "fine");
}

TEST_F(HttpTest, MalformedRequestGets400) {
  start(echo);
  net::io_context io;
  tcp::socket sock(io);
  sock.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), server_->port()));
  net::write(sock, net::buffer(std::string("NOT HTTP AT ALL\r\n\r\n")));
  beast::flat_buffer buf;
  http::response<http::string_body> res;
  ::testing::internal::CaptureStderr();
  http::read(sock, buf, res);
  ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(res.result_int(), 400u);
  EXPECT_THAT(res.body(), HasSubstr("malformed HTTP request"));
  auto ok = get("/after");
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(ok.value().status, 200);
}

TEST_F(HttpTest, IdleConnectionIsClosedAfterReadTimeout) {
  start(echo, HttpServer::Options{.max_body_bytes = 1024, .read_timeout_ms = 200});
  net::io_context io;
  tcp::socket sock(io);
  sock.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), server_->port()));
  const auto t0 = std::chrono::steady_clock::now();
  char c;
  boost::system::error_code ec;
  sock.read_some(net::buffer(&c, 1), ec);  // returns when the server hangs up
  const auto elapsed = std::chrono::steady_clock::now() - t0;
  EXPECT_EQ(ec, net::error::eof);
  EXPECT_GE(elapsed, std::chrono::milliseconds(150));
  EXPECT_LT(elapsed, std::chrono::seconds(3));
}

TEST_F(HttpTest, ListenFailureNamesTheAddress) {
  tcp::acceptor taken(io_.io, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  const uint16_t port = taken.local_endpoint().port();
  auto r = HttpServer::Listen(io_.io, "127.0.0.1", port, echo);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(),
            "cannot listen on 127.0.0.1:" + std::to_string(port) + ": Address already in use");

  auto bad = HttpServer::Listen(io_.io, "not-an-address", 8080, echo);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error(), StartsWith("cannot listen on not-an-address:8080: "));
}

TEST_F(HttpTest, StopClosesTheListenerAndIsIdempotent) {
  start(echo);
  const uint16_t port = server_->port();
  ASSERT_TRUE(get("/").ok());
  server_->stop();
  server_->stop();
  // The acceptor closes on the io thread; wait (bounded) until connects are refused.
  bool refused = false;
  for (int i = 0; i < 100 && !refused; ++i) {
    auto r = http_request(HttpUrl{"127.0.0.1", port, "/"}, "GET", "/", "", "", 1000);
    refused = !r.ok() && r.error().find("Connection refused") != std::string::npos;
    if (!refused) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(refused);
  EXPECT_EQ(server_->port(), port);
}

TEST_F(HttpTest, StopFromInsideAHandlerAndDestroyWhileRunning) {
  std::atomic<HttpServer*> self{nullptr};
  start([&self](const HttpRequest&) {
    self.load()->stop();  // on the io thread
    return HttpResponse{200, "text/plain", "bye"};
  });
  self = server_.get();
  auto r = get("/");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().body, "bye");
  server_.reset();  // destructor while the io thread runs

  start(echo);
  server_.reset();
}

// ---- client ----

TEST(HttpUrlTest, ParsesHostPortAndTarget) {
  auto a = parse_http_url("http://example.com");
  ASSERT_TRUE(a.ok()) << a.error();
  EXPECT_EQ(a.value().host, "example.com");
  EXPECT_EQ(a.value().port, 80);
  EXPECT_EQ(a.value().target, "/");

  auto b = parse_http_url("HTTP://127.0.0.1:8080/api/v1/upload?x=1");
  ASSERT_TRUE(b.ok()) << b.error();
  EXPECT_EQ(b.value().host, "127.0.0.1");
  EXPECT_EQ(b.value().port, 8080);
  EXPECT_EQ(b.value().target, "/api/v1/upload?x=1");

  auto c = parse_http_url("http://[::1]:9000/p");
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c.value().host, "::1");
  EXPECT_EQ(c.value().port, 9000);
  EXPECT_EQ(c.value().target, "/p");

  auto d = parse_http_url("http://h?q=1");
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_EQ(d.value().target, "/?q=1");
}

TEST(HttpUrlTest, RejectsWhatItCannotUse) {
  EXPECT_THAT(parse_http_url("https://a/").error(), HasSubstr("https is not supported"));
  EXPECT_THAT(parse_http_url("ftp://a/").error(), HasSubstr("must start with http://"));
  EXPECT_THAT(parse_http_url("http:///x").error(), HasSubstr("no host"));
  EXPECT_THAT(parse_http_url("http://a:/x").error(), HasSubstr("empty port"));
  EXPECT_THAT(parse_http_url("http://a:0/").error(), HasSubstr("port must be 1..65535"));
  EXPECT_THAT(parse_http_url("http://a:70000/").error(), HasSubstr("port must be 1..65535"));
  EXPECT_THAT(parse_http_url("http://a:99999999999999999999/").error(), HasSubstr("bad port"));
  EXPECT_THAT(parse_http_url("http://a:8x/").error(), HasSubstr("bad port \"8x\""));
  EXPECT_THAT(parse_http_url("http://[::1/").error(), HasSubstr("unclosed '['"));
  EXPECT_THAT(parse_http_url("http://u:p@a/").error(), HasSubstr("user info"));
}

TEST(HttpClientTest, ConnectRefusedNamesTheAddress) {
  // A port that was free a moment ago and has no listener now.
  net::io_context io;
  uint16_t port;
  {
    tcp::acceptor a(io, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
    port = a.local_endpoint().port();
  }
  auto r = http_request(HttpUrl{"127.0.0.1", port, "/"}, "GET", "", "", "", 2000);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(),
            "connect to 127.0.0.1:" + std::to_string(port) + " failed: Connection refused");
}

TEST(HttpClientTest, SilentServerTimesOut) {
  IoThread io;
  tcp::acceptor acceptor(io.io, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  std::optional<tcp::socket> accepted;
  acceptor.async_accept([&](boost::system::error_code ec, tcp::socket s) {
    if (!ec) accepted.emplace(std::move(s));  // accepted, and never answered
  });
  const auto t0 = std::chrono::steady_clock::now();
  auto r = http_request(HttpUrl{"127.0.0.1", acceptor.local_endpoint().port(), "/"}, "POST", "/x",
                        "data", "text/plain", 300);
  const auto elapsed = std::chrono::steady_clock::now() - t0;
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), StartsWith("timeout after 300 ms"));
  EXPECT_THAT(r.error(), HasSubstr("127.0.0.1:"));
  EXPECT_GE(elapsed, std::chrono::milliseconds(250));
  EXPECT_LT(elapsed, std::chrono::seconds(3));
  io.join();
}

TEST(HttpClientTest, PeerClosingWithoutReplyIsReported) {
  IoThread io;
  tcp::acceptor acceptor(io.io, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  acceptor.async_accept([](boost::system::error_code, tcp::socket s) {
    boost::system::error_code ec;
    s.shutdown(tcp::socket::shutdown_send, ec);  // hang up at once, without a reply
  });
  auto r = http_request(HttpUrl{"127.0.0.1", acceptor.local_endpoint().port(), "/"}, "GET", "", "",
                        "", 2000);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), HasSubstr("127.0.0.1:"));
  io.join();
}

// An answer given later from another thread; while one request waits, others are served; and a
// replier dropped without an answer is a 503, never a connection left hanging.
TEST_F(HttpTest, AsyncHandlersAnswerFromAnyThreadAndADroppedReplyIs503) {
  std::mutex mu;
  std::vector<std::thread> workers;
  std::optional<HttpReplier> parked;
  auto s = HttpServer::ListenAsync(
      io_.io, "127.0.0.1", 0,
      [&](const HttpRequest& req, HttpReplier reply) {
        std::lock_guard lock(mu);
        if (req.path == "/park") {
          parked = std::move(reply);
        } else if (req.path == "/drop") {
          // The replier goes out of scope unanswered.
        } else {
          workers.emplace_back([reply, body = req.body] {
            reply({200, "text/plain", "+" + body});
          });
        }
      },
      HttpServer::Options{});
  ASSERT_TRUE(s.ok()) << s.error();
  server_ = std::move(s).value();

  std::thread waiting([&] {
    auto r = post("/park", "");
    EXPECT_TRUE(r.ok() && r.value().status == 200 && r.value().body == "late");
  });
  auto quick = post("/work", "x");
  auto dropped = post("/drop", "");
  bool was_parked = false;
  for (int i = 0; i < 500 && !was_parked; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::lock_guard lock(mu);
    was_parked = parked.has_value();
  }
  {
    std::lock_guard lock(mu);
    if (parked) {
      (*parked)({200, "text/plain", "late"});
      (*parked)({500, "text/plain", "a second answer is ignored"});
      parked.reset();
    }
  }
  waiting.join();
  {
    std::lock_guard lock(mu);
    for (auto& w : workers) w.join();
  }
  EXPECT_TRUE(was_parked);
  ASSERT_TRUE(quick.ok()) << quick.error();
  EXPECT_EQ(quick.value().body, "+x");
  ASSERT_TRUE(dropped.ok()) << dropped.error();
  EXPECT_EQ(dropped.value().status, 503);
  EXPECT_THAT(dropped.value().body, HasSubstr("dropped"));
}

TEST(HttpClientTest, MalformedReplyIsReported) {
  IoThread io;
  tcp::acceptor acceptor(io.io, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  std::optional<tcp::socket> accepted;
  acceptor.async_accept([&](boost::system::error_code ec, tcp::socket s) {
    if (ec) return;
    accepted.emplace(std::move(s));
    static const std::string kGarbage = "garbage garbage\r\n\r\n";
    net::async_write(*accepted, net::buffer(kGarbage),
                     [](boost::system::error_code, std::size_t) {});
  });
  auto r = http_request(HttpUrl{"127.0.0.1", acceptor.local_endpoint().port(), "/"}, "GET", "", "",
                        "", 2000);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), StartsWith("malformed reply from 127.0.0.1:"));
  io.join();
}

TEST(HttpClientTest, RejectsBadArguments) {
  EXPECT_THAT(http_request(HttpUrl{"127.0.0.1", 1, "/"}, "GET", "", "", "", 0).error(),
              HasSubstr("timeout must be positive"));
  EXPECT_THAT(http_request(HttpUrl{"127.0.0.1", 1, "/"}, "FROB", "", "", "", 100).error(),
              HasSubstr("unknown HTTP method"));
}

}  // namespace
}  // namespace gate::drivers
