// A barrier wired to a Vzenith entrance camera's relay, opened through gated's answer to that
// camera's own plate push: "info":"ok" in the answer tells the camera to pulse its relay
// (drivers/camera/vzenith_reply.h, docs/barrier.md). gated makes no call to the camera, so an
// open request waits for an answer to carry it.
//
// Same contract as every BarrierDriver. The lane decides while the camera's push waits for its
// answer, so the request is normally taken by that very answer (take_open, called by the camera
// receiver). It counts as done when the answer was written to the camera's connection in full
// (reply_written; the camera itself confirms nothing). A request no answer took within
// timeout_ms, or whose answer could not be written, is answered ok=false and never carried
// later: a request past its time is never handed to an answer. The camera reports no loops.
//
// Events are delivered on the driver's timer thread, or on the thread that reports the write.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "drivers/barrier/barrier_driver.h"

namespace gate::drivers {

class VzenithReplyRelay : public BarrierDriver {
 public:
  VzenithReplyRelay(int timeout_ms, BarrierEventHandler on_event);
  ~VzenithReplyRelay() override;
  VzenithReplyRelay(const VzenithReplyRelay&) = delete;
  VzenithReplyRelay& operator=(const VzenithReplyRelay&) = delete;

  void start() override;
  void stop() override;
  void request_open(uint64_t token) override;
  // Always true: nothing is polled; a silent camera shows in camera health.
  bool connected() const override { return true; }
  bool has_loop_inputs() const override { return false; }

  // For the answer being written to the lane's camera: the oldest request still in its time,
  // as a callback to pass the write's result to (empty when none waits). Any thread. The
  // callback refers to this relay: whoever holds it (the camera receiver's pending answers) must
  // be gone before the relay is (gated destroys its camera receiver before its lanes).
  std::function<void(bool written)> take_open();

 private:
  using Clock = std::chrono::steady_clock;
  struct Waiting {
    uint64_t token;
    Clock::time_point deadline;
  };

  void run();
  void reply_written(uint64_t token, bool written);
  void emit_opened(uint64_t token, bool ok, std::string message);

  const std::chrono::milliseconds timeout_;
  BarrierEventHandler on_event_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Waiting> waiting_;
  bool stopping_ = false;
};

}  // namespace gate::drivers
