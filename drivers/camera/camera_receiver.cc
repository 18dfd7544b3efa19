#include "drivers/camera/camera_receiver.h"

#include <algorithm>
#include <initializer_list>
#include <iostream>
#include <memory>
#include <string_view>
#include <utility>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include "drivers/camera/dahua_event.h"
#include "drivers/camera/hikvision_event.h"
#include "drivers/camera/readback_client.h"

namespace gate::drivers {

namespace {

using json = nlohmann::json;

// Pictures are decoded by this many threads; the gate PC has few cores, and the lanes need one.
constexpr std::size_t kDecodingThreads = 2;
// More threads when cameras are read back: each read-back holds its thread up to its timeout.
constexpr std::size_t kReadbackThreads = 2;
// Signs of life kept; more cameras than this at one gate is no installation.
constexpr std::size_t kMaxAliveEntries = 256;

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

HttpResponse accepted_response(CameraVendor vendor, VzenithReplyExtras extras = {}) {
  switch (vendor) {
    case CameraVendor::kVzenith: {
      HttpResponse r{200, "application/json",
                     vzenith_push_reply(extras.serial, static_cast<bool>(extras.open_relay))};
      if (extras.open_relay)
        r.written = std::make_shared<WriteNotice>(std::move(extras.open_relay));
      return r;
    }
    case CameraVendor::kDahua:
      // ITSAPI cameras repeat a push until they read this.
      return json_response(200, json{{"Result", true}});
    case CameraVendor::kHikvision:
    case CameraVendor::kGeneric:
      break;
  }
  return json_response(200, json{{"status", "accepted"}});
}

std::string header(const HttpRequest& req, const char* name) {
  const auto it = req.headers.find(name);
  return it == req.headers.end() ? std::string() : it->second;
}

}  // namespace

// An event on its way through a lane's queue, with what its answer needs.
struct CameraReceiver::Pending {
  PlateEvent event;
  CameraVendor vendor = CameraVendor::kGeneric;
  std::string source;
  bool declared = false;           // from a declared camera: the picture's hash is checked
  std::string declared_camera_id;  // its configured id when declared
  HttpReplier reply;
  const DeclaredCamera* camera = nullptr;  // declared: owned by access_, fixed at start
};

namespace {

std::size_t pool_threads(const CameraAccessPolicy& access) {
  const bool readback = std::any_of(access.cameras.begin(), access.cameras.end(),
                                    [](const DeclaredCamera& c) { return c.readback; });
  return kDecodingThreads + (readback ? kReadbackThreads : 0);
}

}  // namespace

CameraReceiver::CameraReceiver(CameraReceiverOptions options)
    : sink_(std::move(options.sink)),
      clock_(std::move(options.clock)),
      alarm_(std::move(options.alarm)),
      vzenith_reply_(std::move(options.vzenith_reply)),
      utc_offset_minutes_(options.utc_offset_minutes),
      access_(options.access),  // copied: the pool size below reads it too
      replay_(options.replay_hashes_per_lane),
      decoders_(pool_threads(options.access)) {
  for (const auto& id : options.lane_ids) {
    lane_queues_.emplace(id, boost::asio::make_strand(decoders_.get_executor()));
  }
}

Result<std::unique_ptr<CameraReceiver>> CameraReceiver::Start(
    const std::string& address, uint16_t port, const std::vector<std::string>& lane_ids,
    PlateEventSink sink, Clock clock) {
  CameraReceiverOptions options;
  options.address = address;
  options.port = port;
  options.lane_ids = lane_ids;
  options.sink = std::move(sink);
  options.clock = std::move(clock);
  options.access.allow_undeclared = true;
  return Start(std::move(options));
}

Result<std::unique_ptr<CameraReceiver>> CameraReceiver::Start(CameraReceiverOptions options) {
  if (!options.sink) return Error{"camera receiver: no event sink given"};
  if (!options.clock) return Error{"camera receiver: no clock given"};
  if (options.lane_ids.empty()) return Error{"camera receiver: no lanes given"};
  const std::string address = options.address;
  const uint16_t port = options.port;
  std::unique_ptr<CameraReceiver> receiver(new CameraReceiver(std::move(options)));
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

std::map<std::string, int64_t> CameraReceiver::last_alive() const {
  std::lock_guard lock(alive_mu_);
  return alive_;
}

std::map<std::string, DeclaredCameraSigns> CameraReceiver::declared_signs() const {
  std::lock_guard lock(alive_mu_);
  return declared_signs_;
}

std::string CameraReceiver::unknown_lane(const std::string& lane_id) const {
  std::string known;
  for (const auto& [id, queue] : lane_queues_) known += (known.empty() ? "" : ", ") + id;
  return "unknown lane '" + lane_id + "'; configured lanes: " + known;
}

void CameraReceiver::raise(const std::string& source, const std::string& message) {
  const auto text = alarms_.admit(source, message, clock_());
  if (!text) return;
  if (alarm_) {
    alarm_(*text);
  } else {
    log_line("camera: ALARM " + *text);
  }
}

void CameraReceiver::refuse_access(const AccessDecision& access, const HttpRequest& req,
                                   const HttpReplier& reply) {
  if (access.outcome == AccessDecision::Outcome::kChallenge) {
    log_line("camera: challenged " + req.remote + " on " + req.path + ": " + access.reason);
    HttpResponse res = error_response(401, access.reason);
    for (const auto& c : access.challenges) res.headers.emplace_back("WWW-Authenticate", c);
    return reply(std::move(res));
  }
  log_line("camera: refused push from " + req.remote + " on " + req.path + ": " + access.reason);
  raise(access.source, "camera push refused from " + access.source + " on " + req.path + ": " +
                           access.reason + "; a host that is no declared camera is posting plates");
  reply(error_response(403, access.reason));
}

void CameraReceiver::refuse_replay(const std::string& message, const std::string& source,
                                   const HttpReplier& reply) {
  log_line("camera: refused replay from " + source + ": " + message);
  raise(source, "camera push from " + source + " refused as a replay: " + message);
  reply(error_response(409, message));
}

bool CameraReceiver::confirmed_by_camera(const Pending& pending) {
  if (pending.camera == nullptr || !pending.camera->readback) return true;
  const DeclaredCamera& camera = *pending.camera;
  const PlateEvent& event = pending.event;
  const std::string plate = event.read.plate_text();
  // The camera files the capture under its own clock; the gate's arrival stamp stands in when
  // the push carries none.
  const int64_t when = event.read.camera_time_unix_ms() != 0 ? event.read.camera_time_unix_ms()
                                                             : event.read.time_unix_ms();
  const ReadbackOutcome outcome =
      read_back_event(camera.api, camera.vendor, plate, when, utc_offset_minutes_);
  const std::string what = "camera " + camera.camera_id + " (" + pending.source + ") lane " +
                           event.read.lane_id() + " plate " + plate;
  if (outcome.verdict == ReadbackVerdict::kConfirmed) {
    log_line("camera: read-back confirmed " + what + ": " + outcome.reason);
    return true;
  }
  if (outcome.verdict == ReadbackVerdict::kNotCaptured) {
    log_line("camera: refused " + what + ": not confirmed by the camera: " + outcome.reason);
    raise("read-back " + camera.camera_id,
          "camera event refused: " + what + " not confirmed by the camera (" + outcome.reason +
              "); someone may be posting plates with the camera's credentials");
    pending.reply(
        error_response(403, "plate " + plate + " not confirmed by the camera: " + outcome.reason));
    return false;
  }
  log_line("camera: refused " + what + ": read-back failed, failing closed: " + outcome.reason);
  raise("read-back " + camera.camera_id,
        "camera event refused: " + what + " could not be confirmed by the camera (" +
            outcome.reason + "); the barrier stays closed until the camera's API answers");
  pending.reply(error_response(
      503, "plate " + plate + " could not be confirmed by the camera: " + outcome.reason));
  return false;
}

Result<CameraPush> CameraReceiver::parse_push(const CameraRoute& route,
                                              const HttpRequest& req) const {
  const std::string content_type = header(req, "content-type");
  switch (route.vendor) {
    case CameraVendor::kHikvision:
      return parse_hikvision_push(content_type, req.body, route.lane, utc_offset_minutes_);
    case CameraVendor::kDahua:
      return parse_dahua_push(content_type, req.body, route.lane, route.keepalive,
                              utc_offset_minutes_);
    case CameraVendor::kVzenith:
    case CameraVendor::kGeneric:
      break;
  }
  auto event = route.vendor == CameraVendor::kVzenith ? parse_vzenith_event(req.body, route.lane)
                                                      : parse_generic_event(req.body);
  if (!event.ok()) return Error{event.error()};
  CameraPush push;
  push.camera_id = event.value().read.camera_id();
  push.event = std::move(event).value();
  return push;
}

void CameraReceiver::note_alive(const CameraRoute& route, const CameraPush& push,
                                const AccessDecision& access, int64_t now_ms) {
  const std::string& source = access.source;
  const std::string key = std::string(vendor_name(route.vendor)) + " " +
                          (route.lane.empty() ? push.event.read.lane_id() : route.lane) + " " +
                          (push.camera_id.empty() ? source : push.camera_id);
  bool first = false;
  {
    std::lock_guard lock(alive_mu_);
    // Declared cameras are bounded by the configuration, whatever the bodies say.
    if (access.camera != nullptr) declared_signs_[access.camera->camera_id].alive_unix_ms = now_ms;
    if (alive_.size() >= kMaxAliveEntries && !alive_.count(key)) return;
    first = alive_.emplace(key, now_ms).second;
    alive_[key] = now_ms;
  }
  if (first && push.kind == CameraPush::Kind::kHeartbeat) {
    log_line("camera: " + key + " is alive (" + push.what + " from " + source + ")");
  }
}

void CameraReceiver::note_plate(const std::string& declared_camera_id, int64_t at_ms) {
  if (declared_camera_id.empty()) return;
  std::lock_guard lock(alive_mu_);
  declared_signs_[declared_camera_id].plate_unix_ms = at_ms;
}

void CameraReceiver::handle(const HttpRequest& req, HttpReplier reply) {
  auto route = parse_camera_route(req.path);
  if (!route.ok()) return reply(error_response(404, route.error()));
  if (req.method != "POST") {
    return reply(error_response(
        405, "method " + req.method + " not allowed on " + req.path + "; cameras must POST"));
  }
  const int64_t arrived = clock_();
  const AccessDecision access = access_.check(route.value(), req, arrived);
  if (access.outcome != AccessDecision::Outcome::kAllow) return refuse_access(access, req, reply);
  auto push = parse_push(route.value(), req);
  if (!push.ok()) {
    log_line("camera: rejected event from " + req.remote + ": " + push.error());
    return reply(error_response(400, push.error()));
  }
  note_alive(route.value(), push.value(), access, arrived);
  if (push.value().kind == CameraPush::Kind::kHeartbeat) {
    return reply(accepted_response(route.value().vendor));
  }
  Pending pending{std::move(push.value().event),
                  route.value().vendor,
                  access.source,
                  access.camera != nullptr,
                  access.camera ? access.camera->camera_id : "",
                  std::move(reply)};
  pending.camera = access.camera;
  PlateEvent& event = pending.event;
  event.read.set_time_unix_ms(arrived);
  const auto queue = lane_queues_.find(event.read.lane_id());
  if (queue == lane_queues_.end()) {
    const std::string message = unknown_lane(event.read.lane_id());
    log_line("camera: refused event " + event.read.plate_text() + " from " + req.remote + ": " +
             message);
    return pending.reply(error_response(422, message));
  }
  if (!access_.may_push_to(access.camera, event.read.lane_id())) {
    AccessDecision refused = access;
    refused.outcome = AccessDecision::Outcome::kForbidden;
    refused.reason = "this camera is not declared for lane " + event.read.lane_id();
    return refuse_access(refused, req, pending.reply);
  }
  if (access.camera != nullptr) {
    Status window = check_replay_window(event.read.camera_time_unix_ms(), arrived,
                                        access.camera->replay_window_ms);
    if (!window.ok()) return refuse_replay(window.message(), access.source, pending.reply);
  }
  boost::asio::post(queue->second, [this, pending = std::move(pending)]() mutable {
    deliver(std::move(pending));
  });
}

void CameraReceiver::deliver(Pending pending) {
  PlateEvent& event = pending.event;
  if (!event.image_jpeg.empty()) {
    // The close-up is checked like the main picture: an event with a picture that does not
    // decode is refused whole, whichever picture it is (docs/cameras.md).
    using Picture = std::pair<const std::string*, const std::string*>;
    for (const auto& [bytes, field] : {Picture{&event.image_jpeg, &event.image_field},
                                       Picture{&event.closeup_jpeg, &event.closeup_field}}) {
      if (bytes->empty()) continue;
      if (auto check = check_image(*bytes); !check.ok()) {
        const std::string message = *field + " does not decode as an image: " + check.error();
        log_line("camera: rejected event from " + pending.source + ": " + message);
        return pending.reply(error_response(400, message));
      }
    }
    if (pending.declared) {
      Status fresh = replay_.check_and_record(event.read.lane_id(), sha256_hex(event.image_jpeg),
                                              event.read.time_unix_ms());
      if (!fresh.ok()) return refuse_replay(fresh.message(), pending.source, pending.reply);
    }
  }
  if (!confirmed_by_camera(pending)) return;
  const std::string plate = event.read.plate_text();
  const std::string lane_id = event.read.lane_id();
  const int64_t arrived = event.read.time_unix_ms();
  if (Status st = sink_(std::move(event)); !st.ok()) {
    log_line("camera: refused event " + plate + " on lane " + lane_id + " from " + pending.source +
             ": " + st.message());
    return pending.reply(error_response(422, st.message()));
  }
  note_plate(pending.declared_camera_id, arrived);
  VzenithReplyExtras extras;
  if (pending.vendor == CameraVendor::kVzenith && vzenith_reply_) extras = vzenith_reply_(lane_id);
  pending.reply(accepted_response(pending.vendor, std::move(extras)));
}

}  // namespace gate::drivers
