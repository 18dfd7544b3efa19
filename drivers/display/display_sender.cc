#include "drivers/display/display_sender.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "drivers/display/display_frame.h"

namespace gate::drivers {

DisplaySender::DisplaySender(DisplaySenderOptions options, Log log)
    : opt_(std::move(options)), log_(std::move(log)) {
  if (opt_.queue_limit == 0) opt_.queue_limit = 1;
  thread_ = std::thread([this] { run(); });
}

DisplaySender::~DisplaySender() {
  stop();
}

void DisplaySender::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  disconnect();
}

void DisplaySender::show(DisplayMessage message) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    while (queue_.size() >= opt_.queue_limit) {
      queue_.pop_front();
      ++counters_.dropped;
    }
    queue_.emplace_back(++last_id_, std::move(message));
  }
  cv_.notify_one();
}

DisplaySender::Counters DisplaySender::counters() const {
  std::lock_guard lock(mu_);
  return counters_;
}

void DisplaySender::disconnect() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool DisplaySender::connect_once(std::string* error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  const std::string port = std::to_string(opt_.port);
  if (int rc = ::getaddrinfo(opt_.host.c_str(), port.c_str(), &hints, &res); rc != 0) {
    *error = std::string("cannot resolve: ") + ::gai_strerror(rc);
    return false;
  }
  *error = "no address";
  for (addrinfo* a = res; a != nullptr; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) continue;
    int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      const int ready = ::poll(&p, 1, opt_.io_timeout_ms);
      if (ready == 1) {
        int err = 0;
        socklen_t len = sizeof err;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        rc = err == 0 ? 0 : -1;
        errno = err;
      } else {
        rc = -1;
        if (ready == 0) errno = ETIMEDOUT;
      }
    }
    if (rc == 0) {
      fd_ = fd;
      ::freeaddrinfo(res);
      return true;
    }
    *error = std::strerror(errno);
    ::close(fd);
  }
  ::freeaddrinfo(res);
  return false;
}

bool DisplaySender::write_all(const std::string& bytes, std::string* error) {
  std::size_t off = 0;
  while (off < bytes.size()) {
    pollfd p{fd_, POLLOUT, 0};
    if (::poll(&p, 1, opt_.io_timeout_ms) != 1) {
      *error = "write timed out after " + std::to_string(opt_.io_timeout_ms) + " ms";
      return false;
    }
    const ssize_t n = ::send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      *error = std::strerror(errno);
      return false;
    }
    off += static_cast<std::size_t>(n);
  }
  return true;
}

void DisplaySender::run() {
  const std::string where = "display " + opt_.host + ":" + std::to_string(opt_.port);
  bool reported_down = false;
  auto next_attempt = std::chrono::steady_clock::now();
  std::unique_lock lock(mu_);
  for (;;) {
    if (fd_ < 0) {
      cv_.wait_until(lock, next_attempt, [&] { return stopping_; });
    } else {
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    }
    if (stopping_) return;
    if (fd_ < 0) {
      lock.unlock();
      std::string error;
      const bool ok = connect_once(&error);
      lock.lock();
      if (!ok) {
        if (!reported_down && log_) log_(where + " unreachable (" + error + "); retrying");
        reported_down = true;
        next_attempt = std::chrono::steady_clock::now() +
                       std::chrono::milliseconds(opt_.reconnect_interval_ms);
        continue;
      }
      counters_.connected = true;
      if (reported_down && log_) log_(where + " connected");
      reported_down = false;
    }
    if (queue_.empty()) continue;
    // Kept queued until written, so a reconnect sends it again.
    const uint64_t id = queue_.front().first;
    const std::string frame = encode_display_frame(opt_.address, queue_.front().second);
    lock.unlock();
    std::string error;
    const bool ok = write_all(frame, &error);
    lock.lock();
    if (ok) {
      // show() may have dropped it from a full queue meanwhile.
      if (!queue_.empty() && queue_.front().first == id) queue_.pop_front();
      ++counters_.sent;
      continue;
    }
    disconnect();
    counters_.connected = false;
    if (log_) log_(where + " write failed (" + error + "); reconnecting");
    reported_down = true;
    next_attempt =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(opt_.reconnect_interval_ms);
  }
}

}  // namespace gate::drivers
