// Sends display messages to one LED display over TCP (display_frame.h's bytes) on a thread of
// its own, so that a slow, absent or broken display never blocks or slows the lane:
//   - show() only queues (a mutex and a deque) and returns;
//   - the queue is bounded: beyond queue_limit the oldest waiting message is dropped (a display
//     should show the latest decision, not catch up on old ones);
//   - a failed connect or write closes the connection and retries every reconnect_interval_ms,
//     keeping the message that was being sent; connect and write time out after io_timeout_ms.
// Connection changes are logged once per change, not per attempt.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "drivers/display/display_message.h"
#include "drivers/display/display_output.h"

namespace gate::drivers {

struct DisplaySenderOptions {
  std::string host;
  uint16_t port = 0;
  uint8_t address = 1;
  std::size_t queue_limit = 8;
  int reconnect_interval_ms = 2000;
  int io_timeout_ms = 1000;
};

class DisplaySender : public DisplayOutput {
 public:
  using Log = std::function<void(const std::string&)>;

  DisplaySender(DisplaySenderOptions options, Log log);
  ~DisplaySender() override;
  DisplaySender(const DisplaySender&) = delete;
  DisplaySender& operator=(const DisplaySender&) = delete;

  void show(DisplayMessage message) override;
  // Stops the thread; messages still queued are discarded.
  void stop() override;

  struct Counters {
    uint64_t sent = 0;
    uint64_t dropped = 0;  // dropped from a full queue
    bool connected = false;
  };
  Counters counters() const;

 private:
  void run();
  bool connect_once(std::string* error);
  bool write_all(const std::string& bytes, std::string* error);
  void disconnect();

  DisplaySenderOptions opt_;
  Log log_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::pair<uint64_t, DisplayMessage>> queue_;  // (id, message), oldest first
  uint64_t last_id_ = 0;
  bool stopping_ = false;
  Counters counters_;
  int fd_ = -1;  // sender thread only
  std::thread thread_;
};

}  // namespace gate::drivers
