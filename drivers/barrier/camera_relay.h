// A barrier wired to the entrance camera's own relay (plants without an I/O module), opened
// through the camera's HTTP API with Digest authentication: Hikvision ISAPI or Dahua CGI
// (wire formats in relay_commands.h, docs/barrier.md).
//
// Fail closed, as the Modbus driver: each open request is one command, bounded by
// camera_relay.timeout_ms (challenge and answer together); a camera that does not answer in
// time, refuses the credentials or does not confirm in its own format answers the request
// ok=false and raises kFault (once per outage). A failed command is never retried: the
// truck's passage is already recorded and the lane turns the failure into a barrier fault.
// While idle the driver probes the camera every probe_interval_ms, so a dead relay raises
// kFault before a truck arrives, and kRecovered when it answers again. Commands and probes take
// turns on the one thread, so an open request that arrives during a probe is answered within
// twice timeout_ms.
//
// The camera reports no loops: no kInputs events. All HTTP runs on the driver's own thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "drivers/barrier/barrier_driver.h"
#include "drivers/barrier/relay_commands.h"
#include "gate/v1/config.pb.h"
#include "rules/result.h"

namespace gate::drivers {

class CameraRelayBarrier : public BarrierDriver {
 public:
  // `relay` as normalised by normalise_camera_relay; `password` read from its password_file.
  CameraRelayBarrier(gate::v1::CameraRelay relay, std::string password,
                     BarrierEventHandler on_event);
  ~CameraRelayBarrier() override;
  CameraRelayBarrier(const CameraRelayBarrier&) = delete;
  CameraRelayBarrier& operator=(const CameraRelayBarrier&) = delete;

  void start() override;
  void stop() override;
  void request_open(uint64_t token) override;
  bool connected() const override { return connected_.load(); }
  bool has_loop_inputs() const override { return false; }

 private:
  using Clock = std::chrono::steady_clock;

  void run();
  // Waits until `until`, a stop or an open request: true when stopping, else the next
  // request's token (if one came).
  bool wait_for_request(Clock::time_point until, std::optional<uint64_t>* token);
  void serve_open(uint64_t token);
  void probe();
  // One command with its Digest handshake; the reply's body, or why the camera did not answer
  // usefully (unreachable, timeout, credentials refused).
  Result<std::string> exchange(const RelayRequest& request, int* http_status);
  void mark_answering();
  void mark_fault(const std::string& message);
  void emit(BarrierEvent ev);

  gate::v1::CameraRelay relay_;
  std::string password_;
  std::string where_;
  BarrierEventHandler on_event_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<uint64_t> open_requests_;
  bool stopping_ = false;
  std::atomic<bool> connected_{false};
  bool faulted_ = false;  // driver thread only: a kFault was sent and no kRecovered since
};

}  // namespace gate::drivers
