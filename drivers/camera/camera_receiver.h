// HTTP receiver for camera pushes. Routes (camera_route.h):
//   POST /camera/vzenith/<lane_id>[/<token>]     Vzenith AlarmInfoPlate JSON
//   POST /camera/hikvision/<lane_id>[/<token>]   Hikvision ISAPI alarm (XML/JSON, multipart)
//   POST /camera/dahua/<lane_id>[/<token>]       Dahua ITSAPI TollgateInfo (…/keepalive: heartbeat)
//   POST /camera/generic[/<token>]               generic JSON event (lane in the body)
//
// Order of checks, each answered before the next runs:
//   1. route (404) and method (405);
//   2. access (camera_access.h), from the request line and headers only: the source address must
//      be a camera declared for the lane and route, with its credentials: 401 with
//      WWW-Authenticate where a Basic or Digest challenge is due, else 403. Every 403 is logged
//      and raises an ALARM naming the source address, at most one per source per minute;
//   3. the body (400 with {"error": reason}, logged): vendor format and the checks every event
//      goes through (event_checks.h). Heartbeats are answered 200 here, noted as the camera
//      being alive, and never reach a lane;
//   4. the lane (422 when unknown; a generic push to a lane its camera is not declared for: 403);
//   5. replay, for declared cameras: a camera stamp outside the camera's window of the gate's
//      clock, or a picture whose SHA-256 the lane took before (replay_guard.h), is answered 409
//      Conflict (the camera is who it says, the event conflicts with what the gate has seen),
//      logged, and raises the rate-limited ALARM;
//   6. read-back, for declared cameras with `readback` set: on the lane's queue (so the lane's
//      order holds), the camera's own API is asked whether it captured the plate within 5 s of
//      the event's camera time (readback_client.h), bounded by the camera's API timeout. No such
//      capture: 403, logged, and an ALARM "… not confirmed by the camera" (at most one per
//      camera per minute); no usable answer (unreachable, timeout, refused login, no plate list):
//      fail closed with 503, logged, and an ALARM naming the reason. Either way the event never
//      reaches the lane.
//
// Threads: the receiver listens, reads and parses on a thread of its own, and decodes pictures
// on a small pool of its own (check_image), so that no picture, however large its claim, costs
// the lanes' thread anything: the lanes get the event once it is whole. Each event is stamped on
// arrival with the gate's clock (`clock`); the camera's own time stays camera_time_unix_ms.
// Each lane has a queue of its own: its events reach the sink in the order their requests
// arrived, and other lanes do not wait for its pictures. The sink runs on a decoding thread (two
// lanes' events may be handed over at once: it must be thread-safe) and may refuse an event,
// which becomes a 422 with its message; the camera gets its answer after the sink returns
// (gated's returns once the lane took the read, so a 200 means it is recorded or queued).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include "drivers/camera/alarm_limiter.h"
#include "drivers/camera/camera_access.h"
#include "drivers/camera/camera_push.h"
#include "drivers/camera/plate_event.h"
#include "drivers/camera/replay_guard.h"
#include "drivers/camera/vzenith_reply.h"
#include "drivers/http/http_server.h"
#include "rules/result.h"

namespace gate::drivers {

using PlateEventSink = std::function<Status(PlateEvent)>;
using Clock = std::function<int64_t()>;  // unix ms; called on the receiver's thread
using AlarmSink = std::function<void(const std::string&)>;  // any thread

// What a declared camera (CameraAccessPolicy) last sent: gate clock, unix ms; 0 = nothing since
// start. A push or a heartbeat that passed the access and body checks is a sign of life; a
// plate event counts as a plate once the sink took it.
struct DeclaredCameraSigns {
  int64_t alive_unix_ms = 0;
  int64_t plate_unix_ms = 0;
};

struct CameraReceiverOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 0;
  std::vector<std::string> lane_ids;
  PlateEventSink sink;
  Clock clock;
  // Raises an ALARM (gated: its alarm board and log); unset = a "camera: ALARM …" log line.
  AlarmSink alarm;
  int utc_offset_minutes = 0;  // reads camera times written without a zone (Dahua)
  CameraAccessPolicy access;
  std::size_t replay_hashes_per_lane = ReplayGuard::kDefaultMaxHashes;
  // What the answer to a Vzenith camera's accepted plate push for `lane` carries (vzenith_reply.h):
  // bytes for its serial ports (its LED display) and the lane's waiting relay command, both taken
  // by the call. Unset: none. Called on decoding threads, after the sink took the event.
  std::function<VzenithReplyExtras(const std::string& lane)> vzenith_reply;
};

class CameraReceiver {
 public:
  static Result<std::unique_ptr<CameraReceiver>> Start(CameraReceiverOptions options);
  // Every lane open to undeclared cameras (tests and loopback-only setups).
  static Result<std::unique_ptr<CameraReceiver>> Start(const std::string& address, uint16_t port,
                                                       const std::vector<std::string>& lane_ids,
                                                       PlateEventSink sink, Clock clock);
  ~CameraReceiver();
  CameraReceiver(const CameraReceiver&) = delete;
  CameraReceiver& operator=(const CameraReceiver&) = delete;

  uint16_t port() const { return server_->port(); }
  // Stops listening and joins the receiver's threads: no sink call after it returns. Requests
  // still waiting for their picture are dropped (their connections close unanswered).
  void stop();

  // When each camera last showed a sign of life (any accepted push or heartbeat), keyed
  // "<vendor> <lane> <camera id or source address>"; gate clock, unix ms.
  std::map<std::string, int64_t> last_alive() const;
  // The same for declared cameras, keyed by their configured camera_id (unique in gated's
  // configuration), whatever id the camera writes in its bodies.
  std::map<std::string, DeclaredCameraSigns> declared_signs() const;

 private:
  using LaneQueue = boost::asio::strand<boost::asio::thread_pool::executor_type>;
  struct Pending;

  explicit CameraReceiver(CameraReceiverOptions options);
  void handle(const HttpRequest& req, HttpReplier reply);
  void refuse_access(const AccessDecision& access, const HttpRequest& req,
                     const HttpReplier& reply);
  void refuse_replay(const std::string& message, const std::string& source,
                     const HttpReplier& reply);
  // Step 6 for `pending`; false when it was refused (and answered).
  bool confirmed_by_camera(const Pending& pending);
  Result<CameraPush> parse_push(const CameraRoute& route, const HttpRequest& req) const;
  void note_alive(const CameraRoute& route, const CameraPush& push, const AccessDecision& access,
                  int64_t now_ms);
  void note_plate(const std::string& declared_camera_id, int64_t at_ms);
  // On the event's lane queue: decode the picture, check replay, hand the event to the sink.
  void deliver(Pending pending);
  std::string unknown_lane(const std::string& lane_id) const;
  void raise(const std::string& source, const std::string& message);

  PlateEventSink sink_;
  Clock clock_;
  AlarmSink alarm_;
  std::function<VzenithReplyExtras(const std::string&)> vzenith_reply_;
  int utc_offset_minutes_;
  CameraAccess access_;
  ReplayGuard replay_;
  AlarmLimiter alarms_;
  mutable std::mutex alive_mu_;
  std::map<std::string, int64_t> alive_;
  std::map<std::string, DeclaredCameraSigns> declared_signs_;  // guarded by alive_mu_
  // Declared in this order so that they are destroyed the other way round: the server and the
  // queues before the pool, the pool (and any reply it still holds) before the io_context.
  boost::asio::io_context io_;
  boost::asio::thread_pool decoders_;
  std::map<std::string, LaneQueue> lane_queues_;  // fixed at start: read from any thread
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  bool stopped_ = false;
};

}  // namespace gate::drivers
