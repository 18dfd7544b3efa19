#include "drivers/camera/camera_receiver.h"

#include <iostream>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

namespace gate::drivers {

namespace {

using json = nlohmann::json;

constexpr std::string_view kVzenithPrefix = "/camera/vzenith/";
constexpr std::string_view kGenericPath = "/camera/generic";

// Messages may quote bytes of a rejected body; never let them break the JSON we answer with.
std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

HttpResponse json_response(int status, const json& j) {
  return HttpResponse{status, "application/json", dump(j)};
}

HttpResponse error_response(int status, const std::string& message) {
  return json_response(status, json{{"error", message}});
}

}  // namespace

Result<std::unique_ptr<CameraReceiver>> CameraReceiver::Start(boost::asio::io_context& io,
                                                              const std::string& address,
                                                              uint16_t port, PlateEventSink sink,
                                                              Clock clock) {
  if (!sink) return Error{"camera receiver: no event sink given"};
  if (!clock) return Error{"camera receiver: no clock given"};
  std::unique_ptr<CameraReceiver> receiver(new CameraReceiver(std::move(sink), std::move(clock)));
  // The server is owned by the receiver and stops (no more handler calls) in its destructor,
  // before the receiver's members go away.
  auto server = HttpServer::Listen(
      io, address, port,
      [self = receiver.get()](const HttpRequest& req) { return self->handle(req); });
  if (!server.ok()) return Error{"camera receiver: " + server.error()};
  receiver->server_ = std::move(server).value();
  return receiver;
}

HttpResponse handle_camera_request(const HttpRequest& req, const PlateEventSink& sink,
                                   const Clock& clock) {
  enum class Kind { kVzenith, kGeneric };
  Kind kind;
  std::string lane;
  const std::string_view path = req.path;
  if (path.starts_with(kVzenithPrefix)) {
    kind = Kind::kVzenith;
    lane = std::string(path.substr(kVzenithPrefix.size()));
    if (lane.empty() || lane.find('/') != std::string::npos) {
      return error_response(
          404, "no route for " + req.path + "; Vzenith cameras push to /camera/vzenith/<lane_id>");
    }
  } else if (path == kGenericPath) {
    kind = Kind::kGeneric;
  } else {
    return error_response(
        404, "no route for " + req.path + "; use /camera/vzenith/<lane_id> or /camera/generic");
  }
  if (req.method != "POST") {
    return error_response(
        405, "method " + req.method + " not allowed on " + req.path + "; cameras must POST");
  }

  Result<PlateEvent> parsed = kind == Kind::kVzenith ? parse_vzenith_event(req.body, lane)
                                                     : parse_generic_event(req.body, clock());
  if (!parsed.ok()) {
    std::cerr << "camera: rejected event from " << req.remote << ": " << parsed.error() << "\n";
    return error_response(400, parsed.error());
  }
  PlateEvent event = std::move(parsed).value();
  if (event.read.time_unix_ms() == 0) event.read.set_time_unix_ms(clock());

  const std::string plate = event.read.plate_text();
  const std::string lane_id = event.read.lane_id();
  if (Status st = sink(std::move(event)); !st.ok()) {
    std::cerr << "camera: refused event " << plate << " on lane " << lane_id << " from "
              << req.remote << ": " << st.message() << "\n";
    return error_response(422, st.message());
  }

  if (kind == Kind::kVzenith) {
    // "ok" would tell the camera to open the barrier itself; only the lane decides that.
    return json_response(
        200, json{{"Response_AlarmInfoPlate", {{"info", "no"}, {"content", "received"}}}});
  }
  return json_response(200, json{{"status", "accepted"}});
}

}  // namespace gate::drivers
