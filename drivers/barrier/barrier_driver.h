// What a lane needs from its barrier, whatever opens it: a Modbus I/O module (barrier.h) or the
// entrance camera's relay (camera_relay.h).
//
// Contract shared by every driver: an open request is answered by exactly one kOpened event
// with its token, within the driver's own timeouts; a request the device does not confirm is
// answered ok=false and never carried out later (no queueing across an outage, no retry). A
// device that stops answering raises one kFault per outage and a kRecovered when it is back.
// Blocking I/O runs on the driver's own thread; events are delivered on that thread and the
// host posts them to its io_context.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace gate::drivers {

struct BarrierEvent {
  enum class Kind {
    kInputs,     // loop states read (sent when they change, and once after each connect)
    kOpened,     // open request `token` done (ok) or failed (message says why)
    kFault,      // the device stopped answering; message says what failed
    kRecovered,  // the device answers again (a Modbus module's coil was forced to 0)
  };
  Kind kind;
  bool entry_loop = false;
  bool boom_loop = false;
  uint64_t token = 0;
  bool ok = false;
  std::string message;
};

using BarrierEventHandler = std::function<void(const BarrierEvent&)>;

class BarrierDriver {
 public:
  virtual ~BarrierDriver() = default;

  virtual void start() = 0;
  // Joins the driver thread; requests still queued are answered ok=false.
  virtual void stop() = 0;
  // Thread-safe. A kOpened event with the same token reports the outcome.
  virtual void request_open(uint64_t token) = 0;
  // The device answered its last exchange.
  virtual bool connected() const = 0;
  // Whether the device reports loop detectors (kInputs); without them the lane confirms a
  // passage by its timeout.
  virtual bool has_loop_inputs() const = 0;
};

}  // namespace gate::drivers
