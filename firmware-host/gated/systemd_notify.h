// systemd's notification protocol (sd_notify(3)), without libsystemd: one datagram per message
// to the AF_UNIX socket named by $NOTIFY_SOCKET ("@name" is the abstract namespace). gated sends
// READY=1 once it accepts trucks, WATCHDOG=1 from the lanes' thread (so a stuck lane loop stops
// the pings and systemd restarts the service), STOPPING=1 on shutdown. Outside systemd
// (NOTIFY_SOCKET unset) every call does nothing. deploy/gated.service sets Type=notify and
// WatchdogSec.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "rules/result.h"

namespace gate::host {

class SystemdNotifier {
 public:
  // Reads NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID (the watchdog applies only when
  // WATCHDOG_PID is unset or names this process).
  static SystemdNotifier FromEnvironment();
  // `watchdog_usec` 0: no watchdog.
  SystemdNotifier(std::string socket_path, int64_t watchdog_usec)
      : socket_path_(std::move(socket_path)), watchdog_usec_(watchdog_usec) {}
  SystemdNotifier() = default;

  bool active() const { return !socket_path_.empty(); }
  // Sends `state` ("READY=1\nSTATUS=…") as one datagram. Errors say which socket failed.
  Status notify(std::string_view state) const;
  // Sends WATCHDOG=1 at the first call and then whenever half the watchdog interval has passed
  // since the last ping; `now_ms` is a monotonic clock chosen by the caller. Returns whether it
  // sent one.
  bool watchdog(int64_t now_ms);
  int64_t watchdog_usec() const { return watchdog_usec_; }

 private:
  std::string socket_path_;
  int64_t watchdog_usec_ = 0;
  int64_t last_ping_ms_ = -1;
};

}  // namespace gate::host
