// Raw HTTP requests to the camera receiver: Beast's request parser with the server's limits,
// the conversion to HttpRequest (target, query, headers; drivers/http/http_request.h) and the
// receiver's routing and parsing (drivers/camera/camera_receiver.h). No socket.
#include <cstddef>
#include <cstdint>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "drivers/camera/camera_receiver.h"
#include "drivers/http/http_request.h"
#include "tests/fuzz/fuzz_support.h"

namespace http = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  http::request_parser<http::string_body> parser;
  parser.body_limit(1 << 20);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (ec || !parser.is_done()) return 0;
  const gate::drivers::HttpRequest req =
      gate::drivers::to_http_request(parser.release(), "192.0.2.7:40000");
  const gate::drivers::PlateEventSink sink = [](gate::drivers::PlateEvent e) -> gate::Status {
    if (e.read.lane_id() != "L1") return gate::Error{"unknown lane " + e.read.lane_id()};
    return gate::Status::Ok();
  };
  const gate::drivers::Clock clock = [] { return int64_t{1'760'000'000'000}; };
  const auto res = gate::drivers::handle_camera_request(req, sink, clock);
  if (res.status != 200 && res.status != 400 && res.status != 404 && res.status != 405 &&
      res.status != 422) {
    __builtin_trap();
  }
  return 0;
}
