// The conversion of a parsed request into HttpRequest (drivers/http/http_request.h): target,
// query decoding, header names and repeats.
#include "drivers/http/http_request.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>

namespace gate::drivers {
namespace {

namespace http = boost::beast::http;

HttpRequest parse(const std::string& raw) {
  http::request_parser<http::string_body> parser;
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(raw), ec);
  EXPECT_FALSE(ec) << ec.message();
  EXPECT_TRUE(parser.is_done());
  return to_http_request(parser.release(), "127.0.0.1:5000");
}

TEST(HttpRequestTest, TargetQueryHeadersBody) {
  const HttpRequest r = parse(
      "POST /camera/generic?lane=L1&plate=%E8%B1%AB+H&flag&=x&bad=%G1%4 HTTP/1.1\r\n"
      "Host: a\r\nX-Two: 1\r\nx-two: 2\r\nContent-Length: 2\r\n\r\n{}");
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/camera/generic");
  EXPECT_EQ(r.query.at("lane"), "L1");
  EXPECT_EQ(r.query.at("plate"), "豫 H");
  EXPECT_EQ(r.query.at("flag"), "");
  EXPECT_EQ(r.query.at(""), "x");
  EXPECT_EQ(r.query.at("bad"), "%G1%4");  // malformed escapes kept as they are
  EXPECT_EQ(r.headers.at("x-two"), "1, 2");
  EXPECT_EQ(r.headers.at("host"), "a");
  EXPECT_EQ(r.body, "{}");
  EXPECT_EQ(r.remote, "127.0.0.1:5000");
}

TEST(HttpRequestTest, PercentDecodeAtTheEnd) {
  EXPECT_EQ(percent_decode("%41"), "A");
  EXPECT_EQ(percent_decode("a%4"), "a%4");
  EXPECT_EQ(percent_decode("%"), "%");
  EXPECT_EQ(percent_decode("a+b%2B"), "a b+");
}

}  // namespace
}  // namespace gate::drivers
