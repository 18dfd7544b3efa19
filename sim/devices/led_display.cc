#include "sim/devices/led_display.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "drivers/display/display_frame.h"
#include "sim/devices/stop_signal.h"

namespace gate::sim {

const char* const kDisplayUsage = R"(usage: gate-sim display --port N [--log FILE]

Runs a simulated LED display until SIGINT/SIGTERM: listens on 127.0.0.1:N (0 = any free port)
for the framed text protocol of docs/display.md and records what it was told to show. With
--log, each message is appended to FILE as one JSON line:
  {"time_unix_ms":…,"address":1,"colour":"green","lines":["豫HF50BC","国VI柴油车",…]}
)";

Result<std::unique_ptr<LedDisplay>> LedDisplay::Start(uint16_t port, const std::string& log_path) {
  std::unique_ptr<LedDisplay> d(new LedDisplay());
  d->log_path_ = log_path;
  if (!log_path.empty()) {
    std::ofstream probe(log_path, std::ios::app);
    if (!probe) return Error{"display: cannot write the log file " + log_path};
  }
  auto l =
      ConnectionListener::Listen("127.0.0.1", port, [self = d.get()](int fd) { self->serve(fd); });
  if (!l.ok()) return Error{"display: " + l.error()};
  d->listener_ = std::move(l).value();
  return d;
}

LedDisplay::~LedDisplay() {
  stop();
}

void LedDisplay::stop() {
  if (stopping_.exchange(true)) return;
  if (listener_) {
    listener_->stop_accepting();
    drop_connections();
    listener_->join_connections();
  }
}

std::vector<LedDisplay::Shown> LedDisplay::shown() const {
  std::lock_guard lock(mu_);
  return shown_;
}

void LedDisplay::drop_connections() {
  std::lock_guard lock(mu_);
  for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
}

void LedDisplay::record(const Shown& s) {
  std::lock_guard lock(mu_);
  shown_.push_back(s);
  if (log_path_.empty()) return;
  nlohmann::json j{{"time_unix_ms", s.time_unix_ms},
                   {"address", s.address},
                   {"colour", drivers::colour_name(s.message.colour)},
                   {"lines", s.message.lines}};
  std::ofstream out(log_path_, std::ios::app);
  out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void LedDisplay::serve(int fd) {
  {
    std::lock_guard lock(mu_);
    open_fds_.insert(fd);
  }
  std::string buffer;
  while (!stopping_) {
    pollfd p{fd, POLLIN, 0};
    const int r = ::poll(&p, 1, 100);
    if (r < 0) break;
    if (r == 0) continue;
    char chunk[4096];
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) break;
    buffer.append(chunk, static_cast<std::size_t>(n));
    for (;;) {
      std::size_t used = 0;
      auto f = drivers::decode_display_frame(buffer, &used);
      buffer.erase(0, used);
      if (f.ok()) {
        Shown s;
        s.time_unix_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
        s.address = f.value().address;
        s.message = std::move(f.value().message);
        record(s);
        continue;
      }
      if (used == 0) break;  // incomplete: wait for more bytes
      ++bad_frames_;
    }
  }
  {
    std::lock_guard lock(mu_);
    open_fds_.erase(fd);
  }
  ::close(fd);
}

int run_display_command(const std::vector<std::string>& args) {
  std::map<std::string, std::string> opt;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--help" || args[i] == "-h") {
      std::cout << kDisplayUsage;
      return 0;
    }
    if ((args[i] == "--port" || args[i] == "--log") && i + 1 < args.size()) {
      opt[args[i]] = args[i + 1];
      ++i;
    } else {
      std::cerr << "gate-sim display: unexpected argument '" << args[i] << "'\n" << kDisplayUsage;
      return 2;
    }
  }
  if (!opt.count("--port")) {
    std::cerr << "gate-sim display: --port is required\n" << kDisplayUsage;
    return 2;
  }
  int port = -1;
  try {
    port = std::stoi(opt.at("--port"));
  } catch (...) {
  }
  if (port < 0 || port > 65535) {
    std::cerr << "gate-sim display: --port must be 0..65535\n";
    return 2;
  }
  const std::string log = opt.count("--log") ? opt.at("--log") : "";
  auto d = LedDisplay::Start(static_cast<uint16_t>(port), log);
  if (!d.ok()) {
    std::cerr << "gate-sim " << d.error() << "\n";
    return 1;
  }
  std::cout << "gate-sim display: listening on 127.0.0.1:" << d.value()->port()
            << (log.empty() ? "" : "; logging to " + log) << std::endl;
  wait_for_stop_signal();
  d.value()->stop();
  std::cout << "gate-sim display: " << d.value()->shown().size() << " message(s) shown, "
            << d.value()->bad_frames() << " bad frame(s)" << std::endl;
  return 0;
}

}  // namespace gate::sim
