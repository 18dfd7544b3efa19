// Raw HTTP requests to the camera port: Beast's request parser with the server's limits, the
// conversion to HttpRequest (target, query, headers; drivers/http/http_request.h), then what the
// receiver does with it (drivers/camera/camera_receiver.cc, whose routing is repeated here
// because the receiver runs it on threads of its own): the event parser the path selects, and
// the picture check. No socket.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "drivers/camera/plate_event.h"
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
  if (req.target.find('?') == std::string_view::npos && req.path != req.target) __builtin_trap();
  constexpr std::string_view kVzenith = "/camera/vzenith/";
  gate::Result<gate::drivers::PlateEvent> event = gate::Error{"no route"};
  if (std::string_view(req.path).starts_with(kVzenith)) {
    const std::string lane = req.path.substr(kVzenith.size());
    if (lane.empty() || lane.find('/') != std::string::npos) return 0;
    event = gate::drivers::parse_vzenith_event(req.body, lane);
  } else if (req.path == "/camera/generic") {
    event = gate::drivers::parse_generic_event(req.body);
  }
  if (event.ok() && !event.value().image_jpeg.empty()) {
    (void)gate::drivers::check_image(event.value().image_jpeg);
  }
  return 0;
}
