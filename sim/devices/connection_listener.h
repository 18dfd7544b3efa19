// A TCP listener for the mock platform: accepts on its own thread and runs a handler for each
// connection on a thread of its own (a platform double, not a production server: simple and
// easy to fault). The handler owns the accepted descriptor.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "rules/result.h"

namespace gate::sim {

class ConnectionListener {
 public:
  using Handler = std::function<void(int fd)>;

  // Binds `address`:`port` (0 picks a free port) and starts accepting.
  static Result<std::unique_ptr<ConnectionListener>> Listen(const std::string& address,
                                                            uint16_t port, Handler handler);
  ~ConnectionListener();
  ConnectionListener(const ConnectionListener&) = delete;
  ConnectionListener& operator=(const ConnectionListener&) = delete;

  uint16_t port() const { return port_; }
  // Stops accepting; then waits for the connection threads, which the owner must have told to
  // end (e.g. by cancelling their streams).
  void stop_accepting();
  void join_connections();

 private:
  ConnectionListener() = default;
  void accept_loop();
  void reap(bool all);

  int listen_fd_ = -1;
  int wake_pipe_[2] = {-1, -1};
  uint16_t port_ = 0;
  Handler handler_;
  std::thread acceptor_;
  std::mutex mu_;
  struct Conn {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  std::list<Conn> conns_;
};

}  // namespace gate::sim
