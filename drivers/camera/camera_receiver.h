// HTTP receiver for camera pushes. Routes:
//   POST /camera/vzenith/<lane_id>   Vzenith AlarmInfoPlate JSON
//   POST /camera/generic             generic JSON event (lane in the body)
// Malformed bodies get 400 with {"error": reason}; they are logged and never reach the lane.
// Accepted events are handed to `sink` on the io_context thread; the sink may refuse an event
// (e.g. unknown lane), which becomes a 422 with its message.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "drivers/camera/plate_event.h"
#include "drivers/http/http_server.h"
#include "rules/result.h"

namespace gate::drivers {

using PlateEventSink = std::function<Status(PlateEvent)>;
using Clock = std::function<int64_t()>;  // unix ms

// What the receiver answers to one request: routing, parsing, and handing the event to `sink`.
// Pure apart from what `sink` does and the log line of a rejected event (stderr).
HttpResponse handle_camera_request(const HttpRequest& req, const PlateEventSink& sink,
                                   const Clock& clock);

class CameraReceiver {
 public:
  static Result<std::unique_ptr<CameraReceiver>> Start(boost::asio::io_context& io,
                                                       const std::string& address, uint16_t port,
                                                       PlateEventSink sink, Clock clock);
  uint16_t port() const { return server_->port(); }
  void stop() { server_->stop(); }

 private:
  CameraReceiver(PlateEventSink sink, Clock clock)
      : sink_(std::move(sink)), clock_(std::move(clock)) {}
  HttpResponse handle(const HttpRequest& req) { return handle_camera_request(req, sink_, clock_); }

  PlateEventSink sink_;
  Clock clock_;
  std::unique_ptr<HttpServer> server_;
};

}  // namespace gate::drivers
