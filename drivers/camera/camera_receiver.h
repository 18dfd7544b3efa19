// HTTP receiver for camera pushes. Routes:
//   POST /camera/vzenith/<lane_id>   Vzenith AlarmInfoPlate JSON
//   POST /camera/generic             generic JSON event (lane in the body)
// Malformed bodies get 400 with {"error": reason}; they are logged and never reach the lane.
//
// Threads: the receiver listens, reads and parses on a thread of its own, and decodes pictures
// on a small pool of its own (check_image), so that no picture, however large its claim, costs
// the lanes' thread anything: the lanes get the event once it is whole. Each event is stamped on
// arrival with the gate's clock (`clock`); the camera's own time stays camera_time_unix_ms.
// Each lane has a queue of its own: its events reach the sink in the order their requests
// arrived, and other lanes do not wait for its pictures. An event for a lane not in `lane_ids`
// is answered 422 before its picture is decoded. The sink runs on a decoding thread (two lanes'
// events may be handed over at once: it must be thread-safe) and may refuse an event, which
// becomes a 422 with its message; the camera gets its answer after the sink returns (gated's
// returns once the lane took the read, so a 200 means it is recorded or queued).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include "drivers/camera/plate_event.h"
#include "drivers/http/http_server.h"
#include "rules/result.h"

namespace gate::drivers {

using PlateEventSink = std::function<Status(PlateEvent)>;
using Clock = std::function<int64_t()>;  // unix ms; called on the receiver's thread

class CameraReceiver {
 public:
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

 private:
  using LaneQueue = boost::asio::strand<boost::asio::thread_pool::executor_type>;

  CameraReceiver(const std::vector<std::string>& lane_ids, PlateEventSink sink, Clock clock);
  void handle(const HttpRequest& req, HttpReplier reply);
  // On the event's lane queue: decode the picture, hand the event to the sink, answer.
  void deliver(PlateEvent event, bool vzenith, const std::string& remote, const HttpReplier& reply);
  std::string unknown_lane(const std::string& lane_id) const;

  PlateEventSink sink_;
  Clock clock_;
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
