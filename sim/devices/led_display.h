// `gate-sim display`: a simulated LED display speaking the framed text protocol of
// docs/display.md on a TCP port, recording every message it was sent (and, with a log file,
// appending each as one JSON line: time_unix_ms, address, colour, lines). Bad frames are
// counted and skipped, as a real controller would ignore them.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "drivers/display/display_message.h"
#include "rules/result.h"
#include "sim/devices/connection_listener.h"

namespace gate::sim {

class LedDisplay {
 public:
  struct Shown {
    int64_t time_unix_ms = 0;
    uint8_t address = 0;
    drivers::DisplayMessage message;
  };

  // Listens on 127.0.0.1:`port` (0: any free port). `log_path` empty: no log file.
  static Result<std::unique_ptr<LedDisplay>> Start(uint16_t port, const std::string& log_path);
  ~LedDisplay();
  LedDisplay(const LedDisplay&) = delete;
  LedDisplay& operator=(const LedDisplay&) = delete;

  uint16_t port() const { return listener_->port(); }
  std::vector<Shown> shown() const;
  int64_t bad_frames() const { return bad_frames_; }
  // Closes every open connection (the sender must notice and reconnect).
  void drop_connections();
  void stop();

 private:
  LedDisplay() = default;
  void serve(int fd);
  void record(const Shown& s);

  std::unique_ptr<ConnectionListener> listener_;
  std::string log_path_;
  mutable std::mutex mu_;
  std::vector<Shown> shown_;
  std::set<int> open_fds_;
  std::atomic<int64_t> bad_frames_{0};
  std::atomic<bool> stopping_{false};
};

// `args` as given after the program name, starting with "display".
int run_display_command(const std::vector<std::string>& args);

extern const char* const kDisplayUsage;

}  // namespace gate::sim
