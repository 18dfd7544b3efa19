// A one-shot HTTP/1.1 client whose socket is bound to a chosen local address before it
// connects, so that a test on one machine can speak as another host (127.0.0.2 is not
// 127.0.0.1 to the server). Keeps every response header, repeated ones included.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace gate::test_support {

struct BoundReply {
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // as sent, in order

  std::vector<std::string> all(const std::string& name) const {
    std::vector<std::string> out;
    for (const auto& [n, v] : headers) {
      if (boost::beast::iequals(n, name)) out.push_back(v);
    }
    return out;
  }
};

// Sends `method target` to 127.0.0.1:`port` from `local_address`; throws on a network error
// (tests fail with its message).
inline BoundReply bound_request(
    const std::string& local_address, uint16_t port, const std::string& method,
    const std::string& target, const std::string& body, const std::string& content_type,
    const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  namespace http = boost::beast::http;
  using boost::asio::ip::tcp;
  boost::asio::io_context io;
  tcp::socket socket(io);
  socket.open(tcp::v4());
  socket.bind(tcp::endpoint(boost::asio::ip::make_address(local_address), 0));
  socket.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1");
  req.set(http::field::content_type, content_type);
  for (const auto& [n, v] : headers) req.set(n, v);
  req.body() = body;
  req.prepare_payload();
  http::write(socket, req);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(socket, buffer, res);
  BoundReply out;
  out.status = static_cast<int>(res.result_int());
  out.body = res.body();
  for (const auto& f : res)
    out.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
  boost::system::error_code ec;
  socket.shutdown(tcp::socket::shutdown_both, ec);
  return out;
}

}  // namespace gate::test_support
