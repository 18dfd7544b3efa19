// A Modbus TCP slave that behaves like a barrier I/O module with a boom and two loop
// detectors (libmodbus in-process server, one client at a time, on its own thread).
//
// Coil `open_coil`: a rising edge raises the boom (after `raise_ms`). Discrete inputs
// `entry_loop_input` and `boom_loop_input` are set by the scenario (set_entry_loop,
// set_boom_loop); the boom comes down when the boom loop clears. Every coil write is appended to
// the coil history with a timestamp and the plate the scenario says is at the gate, so tests can
// check that no refused truck opened.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "rules/result.h"

namespace gate::sim {

struct CoilWrite {
  int64_t time_unix_ms;
  int address;
  bool value;
  std::string plate_at_gate;  // what the scenario had at the entry loop, "" if none
};

struct BarrierSlaveOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 0;  // 0 = pick a free port (see port())
  int slave_id = 1;
  int open_coil = 0;
  int entry_loop_input = 0;
  int boom_loop_input = 1;
  int raise_ms = 50;  // boom travel time after the open pulse starts
};

class BarrierSlave {
 public:
  static Result<std::unique_ptr<BarrierSlave>> Start(const BarrierSlaveOptions& opt);
  ~BarrierSlave();

  uint16_t port() const { return port_; }

  // Scenario side (thread-safe).
  void set_plate_at_gate(const std::string& plate);
  void set_entry_loop(bool on);
  void set_boom_loop(bool on);
  // True while the boom is up (raised by an open pulse, lowered when the boom loop clears).
  bool boom_up() const;
  // Number of rising edges of the open coil so far.
  int open_count() const;
  // System time (unix ms) of the latest rising edge of the open coil; 0 before the first.
  int64_t last_open_unix_ms() const;
  std::vector<CoilWrite> coil_history() const;

  // Makes the module vanish (closes the listener and the client) or come back, for fault tests.
  void set_offline(bool offline);

 private:
  BarrierSlave() = default;
  void serve();

  BarrierSlaveOptions opt_;
  uint16_t port_ = 0;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mu_;
  // Implementation state (modbus context, mapping, boom timing) lives in barrier_slave.cc.
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace gate::sim
