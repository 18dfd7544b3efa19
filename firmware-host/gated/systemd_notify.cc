#include "firmware-host/gated/systemd_notify.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>

namespace gate::host {

SystemdNotifier SystemdNotifier::FromEnvironment() {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  const char* usec = std::getenv("WATCHDOG_USEC");
  const char* pid = std::getenv("WATCHDOG_PID");
  int64_t watchdog = usec != nullptr ? std::strtoll(usec, nullptr, 10) : 0;
  if (pid != nullptr && std::strtoll(pid, nullptr, 10) != static_cast<long long>(::getpid())) {
    watchdog = 0;  // the watchdog was meant for another process (e.g. a wrapper)
  }
  return SystemdNotifier(socket != nullptr ? socket : "", watchdog > 0 ? watchdog : 0);
}

Status SystemdNotifier::notify(std::string_view state) const {
  if (!active()) return Status::Ok();
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (socket_path_.size() >= sizeof(addr.sun_path) ||
      (socket_path_[0] != '/' && socket_path_[0] != '@')) {
    return Error{"NOTIFY_SOCKET '" + socket_path_ +
                 "' is not an absolute path or @abstract name that fits a unix socket address"};
  }
  std::memcpy(addr.sun_path, socket_path_.data(), socket_path_.size());
  if (addr.sun_path[0] == '@') addr.sun_path[0] = '\0';  // abstract namespace
  const auto len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + socket_path_.size());
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Error{std::string("cannot create a unix socket: ") + std::strerror(errno)};
  const ssize_t sent = ::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL,
                                reinterpret_cast<const sockaddr*>(&addr), len);
  const int err = errno;
  ::close(fd);
  if (sent != static_cast<ssize_t>(state.size())) {
    return Error{"cannot notify systemd on " + socket_path_ + ": " + std::strerror(err)};
  }
  return Status::Ok();
}

bool SystemdNotifier::watchdog(int64_t now_ms) {
  if (!active() || watchdog_usec_ <= 0) return false;
  const int64_t half_ms = watchdog_usec_ / 2000;
  if (last_ping_ms_ >= 0 && now_ms - last_ping_ms_ < half_ms) return false;
  last_ping_ms_ = now_ms;
  return notify("WATCHDOG=1").ok();
}

}  // namespace gate::host
