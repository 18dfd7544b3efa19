#include "sim/devices/connection_listener.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace gate::sim {

Result<std::unique_ptr<ConnectionListener>> ConnectionListener::Listen(const std::string& address,
                                                                       uint16_t port,
                                                                       Handler handler) {
  std::unique_ptr<ConnectionListener> l(new ConnectionListener());
  l->handler_ = std::move(handler);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  if (inet_pton(AF_INET, address.c_str(), &sa.sin_addr) != 1) {
    return Error{"listen address must be an IPv4 address, got \"" + address + "\""};
  }
  l->listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (l->listen_fd_ < 0) return Error{std::string("socket: ") + std::strerror(errno)};
  int one = 1;
  ::setsockopt(l->listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(l->listen_fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
    const std::string e = std::strerror(errno);
    ::close(l->listen_fd_);
    l->listen_fd_ = -1;
    return Error{"cannot listen on " + address + ":" + std::to_string(port) + ": " + e};
  }
  if (::listen(l->listen_fd_, 64) != 0) {
    const std::string e = std::strerror(errno);
    ::close(l->listen_fd_);
    l->listen_fd_ = -1;
    return Error{"listen: " + e};
  }
  socklen_t len = sizeof sa;
  ::getsockname(l->listen_fd_, reinterpret_cast<sockaddr*>(&sa), &len);
  l->port_ = ntohs(sa.sin_port);
  if (::pipe2(l->wake_pipe_, O_CLOEXEC) != 0) {
    return Error{std::string("pipe: ") + std::strerror(errno)};
  }
  l->acceptor_ = std::thread([raw = l.get()] { raw->accept_loop(); });
  return l;
}

ConnectionListener::~ConnectionListener() {
  stop_accepting();
  join_connections();
  for (int fd : wake_pipe_) {
    if (fd >= 0) ::close(fd);
  }
}

void ConnectionListener::accept_loop() {
  for (;;) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    if ((fds[0].revents & POLLIN) == 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    reap(false);
    auto done = std::make_shared<std::atomic<bool>>(false);
    std::lock_guard lock(mu_);
    conns_.push_back({std::thread([this, fd, done] {
                        handler_(fd);
                        *done = true;
                      }),
                      done});
  }
}

void ConnectionListener::reap(bool all) {
  std::list<Conn> finished;
  {
    std::lock_guard lock(mu_);
    for (auto it = conns_.begin(); it != conns_.end();) {
      if (all || *it->done) {
        finished.splice(finished.end(), conns_, it++);
      } else {
        ++it;
      }
    }
  }
  for (auto& c : finished) c.thread.join();
}

void ConnectionListener::stop_accepting() {
  if (acceptor_.joinable()) {
    const char b = 1;
    (void)!::write(wake_pipe_[1], &b, 1);
    acceptor_.join();
  }
  if (listen_fd_ >= 0) {
    ::close(listen_fd_);
    listen_fd_ = -1;
  }
}

void ConnectionListener::join_connections() {
  reap(true);
}

}  // namespace gate::sim
