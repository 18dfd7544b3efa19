// Barrier I/O through a Modbus module (libmodbus; TCP or RTU through the same class).
//
// Safety contract: the open coil is only ever set as a pulse of the configured length and is
// written back to 0 afterwards; on every (re)connect the coil is first written to 0; if the
// module stops answering, an open request fails at once (it is never queued for later), a
// fault event is raised, and the driver keeps reconnecting until it answers again.
//
// All libmodbus calls run on the driver's own thread. Events are delivered through `on_event`
// on that thread: the host posts them to its io_context.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "drivers/barrier/barrier_driver.h"
#include "gate/v1/config.pb.h"
#include "rules/result.h"

namespace gate::drivers {

// Fills zero fields of `cfg` with defaults (pulse 500 ms, timeout 500 ms, poll 50 ms,
// reconnect 1000 ms, slave 1; a camera_relay block: see normalise_camera_relay) and checks it;
// errors name the field.
Result<gate::v1::BarrierConfig> normalise_barrier_config(const gate::v1::BarrierConfig& cfg);

class ModbusBarrier : public BarrierDriver {
 public:
  ModbusBarrier(gate::v1::BarrierConfig cfg, BarrierEventHandler on_event);
  ~ModbusBarrier() override;  // stops the thread; leaves the coil at 0 if the module answers
  ModbusBarrier(const ModbusBarrier&) = delete;
  ModbusBarrier& operator=(const ModbusBarrier&) = delete;

  void start() override;
  void stop() override;

  // Thread-safe. Pulses the open coil; a kOpened event with the same token reports the outcome.
  void request_open(uint64_t token) override;

  bool connected() const override { return connected_.load(); }
  bool has_loop_inputs() const override { return true; }

 private:
  // The driver thread (its loop across connections) and one connection's session;
  // barrier.cc.
  class DriverThread;
  class Session;

  void run();

  gate::v1::BarrierConfig cfg_;
  BarrierEventHandler on_event_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<uint64_t> open_requests_;
  bool stopping_ = false;
  std::atomic<bool> connected_{false};
};

}  // namespace gate::drivers
