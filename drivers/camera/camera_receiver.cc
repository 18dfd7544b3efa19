#include "drivers/camera/camera_receiver.h"

#include <iostream>
#include <string_view>
#include <utility>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

namespace gate::drivers {

namespace {

using json = nlohmann::json;

constexpr std::string_view kVzenithPrefix = "/camera/vzenith/";
constexpr std::string_view kGenericPath = "/camera/generic";

// Pictures are decoded by this many threads; the gate PC has few cores, and the lanes need one.
constexpr std::size_t kDecodingThreads = 2;
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

// One line to stderr in one write: lines come from the receiver's and the decoding threads.
void log_line(const std::string& line) {
  std::cerr << (line + "\n") << std::flush;
}

HttpResponse accepted_response(bool vzenith) {
  if (vzenith) {
    // "ok" would tell the camera to open the barrier itself; only the lane decides that.
    return json_response(
        200, json{{"Response_AlarmInfoPlate", {{"info", "no"}, {"content", "received"}}}});
  }
  return json_response(200, json{{"status", "accepted"}});
}

struct Route {
  bool vzenith = false;
  std::string lane;  // Vzenith: from the URL
};

// The route of a request, or the error answer for one that has none.
Result<Route> route_of(const HttpRequest& req) {
  const std::string_view path = req.path;
  Route route;
  if (path.starts_with(kVzenithPrefix)) {
    route.vzenith = true;
    route.lane = std::string(path.substr(kVzenithPrefix.size()));
    if (route.lane.empty() || route.lane.find('/') != std::string::npos) {
      return Error{"no route for " + req.path +
                   "; Vzenith cameras push to /camera/vzenith/<lane_id>"};
    }
  } else if (path != kGenericPath) {
    return Error{"no route for " + req.path + "; use /camera/vzenith/<lane_id> or /camera/generic"};
  }
  return route;
}

}  // namespace

CameraReceiver::CameraReceiver(const std::vector<std::string>& lane_ids, PlateEventSink sink,
                               Clock clock)
    : sink_(std::move(sink)), clock_(std::move(clock)), decoders_(kDecodingThreads) {
  for (const auto& id : lane_ids) {
    lane_queues_.emplace(id, boost::asio::make_strand(decoders_.get_executor()));
  }
}

Result<std::unique_ptr<CameraReceiver>> CameraReceiver::Start(
    const std::string& address, uint16_t port, const std::vector<std::string>& lane_ids,
    PlateEventSink sink, Clock clock) {
  if (!sink) return Error{"camera receiver: no event sink given"};
  if (!clock) return Error{"camera receiver: no clock given"};
  if (lane_ids.empty()) return Error{"camera receiver: no lanes given"};
  std::unique_ptr<CameraReceiver> receiver(
      new CameraReceiver(lane_ids, std::move(sink), std::move(clock)));
  // The server is owned by the receiver and stops (no more handler calls) in stop(), before the
  // receiver's members go away.
  auto server = HttpServer::ListenAsync(
      receiver->io_, address, port,
      [self = receiver.get()](const HttpRequest& req, HttpReplier reply) {
        self->handle(req, std::move(reply));
      },
      HttpServer::Options{});
  if (!server.ok()) return Error{"camera receiver: " + server.error()};
  receiver->server_ = std::move(server).value();
  receiver->thread_ = std::thread([self = receiver.get()] {
    auto work = boost::asio::make_work_guard(self->io_);
    self->io_.run();
  });
  return receiver;
}

CameraReceiver::~CameraReceiver() {
  stop();
}

void CameraReceiver::stop() {
  if (stopped_) return;
  stopped_ = true;
  if (server_) server_->stop();
  decoders_.stop();
  decoders_.join();
  io_.stop();
  if (thread_.joinable()) thread_.join();
}

std::string CameraReceiver::unknown_lane(const std::string& lane_id) const {
  std::string known;
  for (const auto& [id, queue] : lane_queues_) known += (known.empty() ? "" : ", ") + id;
  return "unknown lane '" + lane_id + "'; configured lanes: " + known;
}

void CameraReceiver::handle(const HttpRequest& req, HttpReplier reply) {
  auto route = route_of(req);
  if (!route.ok()) return reply(error_response(404, route.error()));
  if (req.method != "POST") {
    return reply(error_response(
        405, "method " + req.method + " not allowed on " + req.path + "; cameras must POST"));
  }
  const int64_t arrived = clock_();
  const bool vzenith = route.value().vzenith;
  Result<PlateEvent> parsed =
      vzenith ? parse_vzenith_event(req.body, route.value().lane) : parse_generic_event(req.body);
  if (!parsed.ok()) {
    log_line("camera: rejected event from " + req.remote + ": " + parsed.error());
    return reply(error_response(400, parsed.error()));
  }
  PlateEvent event = std::move(parsed).value();
  event.read.set_time_unix_ms(arrived);
  const auto queue = lane_queues_.find(event.read.lane_id());
  if (queue == lane_queues_.end()) {
    const std::string message = unknown_lane(event.read.lane_id());
    log_line("camera: refused event " + event.read.plate_text() + " from " + req.remote + ": " +
             message);
    return reply(error_response(422, message));
  }
  boost::asio::post(queue->second, [this, event = std::move(event), vzenith, remote = req.remote,
                                    reply = std::move(reply)]() mutable {
    deliver(std::move(event), vzenith, remote, reply);
  });
}

void CameraReceiver::deliver(PlateEvent event, bool vzenith, const std::string& remote,
                             const HttpReplier& reply) {
  if (!event.image_jpeg.empty()) {
    if (auto check = check_image(event.image_jpeg); !check.ok()) {
      const std::string message =
          event.image_field + " does not decode as an image: " + check.error();
      log_line("camera: rejected event from " + remote + ": " + message);
      return reply(error_response(400, message));
    }
  }
  const std::string plate = event.read.plate_text();
  const std::string lane_id = event.read.lane_id();
  if (Status st = sink_(std::move(event)); !st.ok()) {
    log_line("camera: refused event " + plate + " on lane " + lane_id + " from " + remote + ": " +
             st.message());
    return reply(error_response(422, st.message()));
  }
  reply(accepted_response(vzenith));
}

}  // namespace gate::drivers
