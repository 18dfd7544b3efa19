// A Modbus TCP slave that behaves like a barrier I/O module with a boom and two loop
// detectors (libmodbus in-process server, one client at a time, on its own thread).
//
// Coil `open_coil`: a rising edge raises the boom (after `raise_ms`). Discrete inputs
// `entry_loop_input` and `boom_loop_input` are set by the scenario (set_entry_loop,
// set_boom_loop); the boom comes down when the boom loop clears. Every coil write is appended to
// the coil history with a timestamp and the plate the scenario says is at the gate, so tests can
// check that no refused truck opened.
//
// Fault modes make the module misbehave the way libmodbus's own test server does, so the
// driver's handling of each can be tested: a busy exception, a reply after the master's response
// timeout, a reply from another unit id, an illegal-address exception.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
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

// How the module answers while a fault is set (set_fault). Only a reply in time from the right
// unit changes the coil; the late reply changes it when it is finally sent.
enum class BarrierFault {
  kNone,
  kBusy,            // every request: exception 06, server busy; nothing changes
  kLateReply,       // every request is served and answered late_reply_ms after it came
  kWrongUnitId,     // every request is answered as another unit (slave id + 1); nothing changes
  kIllegalAddress,  // every request: exception 02, illegal data address; nothing changes
};

// "none", "busy", "late", "wrong-unit", "illegal-address" (gate-sim's --modbus-fault names).
std::string_view barrier_fault_name(BarrierFault fault);
std::optional<BarrierFault> barrier_fault_from_name(std::string_view name);

struct BarrierSlaveOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 0;  // 0 = pick a free port (see port())
  int slave_id = 1;
  int open_coil = 0;
  int entry_loop_input = 0;
  int boom_loop_input = 1;
  int raise_ms = 50;         // boom travel time after the open pulse starts
  int late_reply_ms = 1000;  // how late BarrierFault::kLateReply answers
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
  // Sets the fault mode for the requests that come from now on (thread-safe): for every
  // request, or only for writes of coils (the loop inputs still read normally).
  void set_fault(BarrierFault fault, bool coil_writes_only = false);
  BarrierFault fault() const;
  // Requests answered under a fault mode so far.
  int faulted_replies() const;

  // Implementation state (modbus context, mapping, boom timing); barrier_slave.cc.
  struct State;

 private:
  BarrierSlave() = default;
  void serve();
  // Applies set_offline: closes the listener and the client, or listens again.
  void apply_offline();
  // Answers one request (`len` bytes in `query`) as the fault mode says; false when the
  // client is to be dropped.
  bool answer(const uint8_t* query, int len);
  // Serves the request: applies it to the mapping, records coil writes; false when the reply
  // could not be sent.
  bool reply(const uint8_t* query, int len);
  // The reply of another unit: computed on a copy of the mapping, unit id changed.
  void reply_as_other_unit(const uint8_t* query, int len);

  BarrierSlaveOptions opt_;
  uint16_t port_ = 0;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mu_;
  std::unique_ptr<State> state_;
};

}  // namespace gate::sim
