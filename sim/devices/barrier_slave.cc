// Simulated barrier I/O module: a libmodbus TCP server on its own thread. See barrier_slave.h.
#include "sim/devices/barrier_slave.h"

#include <arpa/inet.h>
#include <modbus/modbus.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <optional>
#include <utility>

namespace gate::sim {

namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr int kMaxAddress = 65535;
constexpr auto kSelectTimeout = std::chrono::milliseconds(20);
constexpr auto kSetOfflineTimeout = std::chrono::seconds(5);

int64_t now_unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string errno_text(int err) {
  return modbus_strerror(err);
}

constexpr std::pair<BarrierFault, std::string_view> kFaultNames[] = {
    {BarrierFault::kNone, "none"},
    {BarrierFault::kBusy, "busy"},
    {BarrierFault::kLateReply, "late"},
    {BarrierFault::kWrongUnitId, "wrong-unit"},
    {BarrierFault::kIllegalAddress, "illegal-address"},
};

}  // namespace

std::string_view barrier_fault_name(BarrierFault fault) {
  for (const auto& [f, name] : kFaultNames) {
    if (f == fault) return name;
  }
  return "?";
}

std::optional<BarrierFault> barrier_fault_from_name(std::string_view name) {
  for (const auto& [f, n] : kFaultNames) {
    if (n == name) return f;
  }
  return std::nullopt;
}

struct BarrierSlave::State {
  // Serve thread only (and Start/destructor while no thread runs).
  modbus_t* ctx = nullptr;
  int listen_fd = -1;
  int client_fd = -1;

  // Guarded by BarrierSlave::mu_.
  modbus_mapping_t* mapping = nullptr;  // coils and discrete inputs
  std::string plate_at_gate;
  std::vector<CoilWrite> history;
  int open_count = 0;
  int64_t last_open_unix_ms = 0;
  bool boom_up = false;
  std::optional<SteadyClock::time_point> raise_at;  // boom travelling up, up at this time
  bool want_offline = false;
  bool is_offline = false;
  BarrierFault fault = BarrierFault::kNone;
  bool fault_coil_writes_only = false;
  int faulted_replies = 0;
  std::condition_variable offline_cv;

  // Boom state at `now`, folding a finished raise into boom_up. Caller holds mu_.
  bool boom_up_at(SteadyClock::time_point now) const {
    return boom_up || (raise_at && now >= *raise_at);
  }
  void settle_boom(SteadyClock::time_point now) {
    if (raise_at && now >= *raise_at) {
      boom_up = true;
      raise_at.reset();
    }
  }
};

namespace {

// Opens the listening socket for `ctx`; returns the fd or -1 with `err` set.
int listen_on(modbus_t* ctx, std::string* err) {
  const int fd = modbus_tcp_listen(ctx, 1);
  if (fd == -1) *err = errno_text(errno);
  return fd;
}

}  // namespace

Result<std::unique_ptr<BarrierSlave>> BarrierSlave::Start(const BarrierSlaveOptions& opt) {
  const std::pair<const char*, int> addresses[] = {
      {"open_coil", opt.open_coil},
      {"entry_loop_input", opt.entry_loop_input},
      {"boom_loop_input", opt.boom_loop_input},
  };
  for (const auto& [name, value] : addresses) {
    if (value < 0 || value > kMaxAddress) {
      return Error{"barrier slave: " + std::string(name) + " " + std::to_string(value) +
                   " is not a Modbus address (0..65535)"};
    }
  }
  if (opt.raise_ms < 0) return Error{"barrier slave: raise_ms must not be negative"};

  std::unique_ptr<BarrierSlave> slave(new BarrierSlave());
  slave->opt_ = opt;
  slave->state_ = std::make_unique<State>();
  State& s = *slave->state_;

  s.ctx = modbus_new_tcp(opt.address.c_str(), opt.port);
  if (s.ctx == nullptr) {
    return Error{"barrier slave: cannot create modbus context for " + opt.address + ": " +
                 errno_text(errno)};
  }
  if (modbus_set_slave(s.ctx, opt.slave_id) == -1) {
    return Error{"barrier slave: bad slave id " + std::to_string(opt.slave_id)};
  }
  // A request that starts must finish within a second, so the serve loop never hangs.
  modbus_set_indication_timeout(s.ctx, 1, 0);

  s.mapping = modbus_mapping_new(opt.open_coil + 1,
                                 std::max(opt.entry_loop_input, opt.boom_loop_input) + 1, 0, 0);
  if (s.mapping == nullptr) return Error{"barrier slave: cannot allocate the modbus mapping"};

  std::string err;
  s.listen_fd = listen_on(s.ctx, &err);
  if (s.listen_fd == -1) {
    return Error{"barrier slave: cannot listen on " + opt.address + ":" + std::to_string(opt.port) +
                 ": " + err};
  }
  sockaddr_in addr{};
  socklen_t len = sizeof(addr);
  if (getsockname(s.listen_fd, reinterpret_cast<sockaddr*>(&addr), &len) == -1) {
    return Error{"barrier slave: getsockname failed: " + errno_text(errno)};
  }
  slave->port_ = ntohs(addr.sin_port);
  if (opt.port == 0) {
    // Later listens (after set_offline(false)) must reuse the port that was picked.
    modbus_t* fixed = modbus_new_tcp(opt.address.c_str(), slave->port_);
    if (fixed == nullptr) return Error{"barrier slave: cannot create modbus context"};
    modbus_set_slave(fixed, opt.slave_id);
    modbus_set_indication_timeout(fixed, 1, 0);
    modbus_free(s.ctx);
    s.ctx = fixed;
  }

  slave->thread_ = std::thread([p = slave.get()] { p->serve(); });
  return slave;
}

BarrierSlave::~BarrierSlave() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  if (state_) state_->offline_cv.notify_all();
  if (thread_.joinable()) thread_.join();
  if (!state_) return;
  State& s = *state_;
  if (s.client_fd != -1) close(s.client_fd);
  if (s.listen_fd != -1) close(s.listen_fd);
  if (s.ctx != nullptr) {
    modbus_set_socket(s.ctx, -1);
    modbus_free(s.ctx);
  }
  if (s.mapping != nullptr) modbus_mapping_free(s.mapping);
}

void BarrierSlave::set_plate_at_gate(const std::string& plate) {
  std::lock_guard<std::mutex> lock(mu_);
  state_->plate_at_gate = plate;
}

void BarrierSlave::set_entry_loop(bool on) {
  std::lock_guard<std::mutex> lock(mu_);
  state_->mapping->tab_input_bits[opt_.entry_loop_input] = on ? 1 : 0;
}

void BarrierSlave::set_boom_loop(bool on) {
  std::lock_guard<std::mutex> lock(mu_);
  State& s = *state_;
  uint8_t& bit = s.mapping->tab_input_bits[opt_.boom_loop_input];
  if (bit != 0 && !on) {
    // The truck has cleared the loop under the boom: the boom comes down.
    s.boom_up = false;
    s.raise_at.reset();
  }
  bit = on ? 1 : 0;
}

bool BarrierSlave::boom_up() const {
  std::lock_guard<std::mutex> lock(mu_);
  return state_->boom_up_at(SteadyClock::now());
}

int BarrierSlave::open_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return state_->open_count;
}

int64_t BarrierSlave::last_open_unix_ms() const {
  std::lock_guard<std::mutex> lock(mu_);
  return state_->last_open_unix_ms;
}

std::vector<CoilWrite> BarrierSlave::coil_history() const {
  std::lock_guard<std::mutex> lock(mu_);
  return state_->history;
}

void BarrierSlave::set_offline(bool offline) {
  std::unique_lock<std::mutex> lock(mu_);
  State& s = *state_;
  s.want_offline = offline;
  // The serve thread applies it within one select period (unless it cannot listen again).
  s.offline_cv.wait_for(lock, kSetOfflineTimeout,
                        [&] { return stopping_.load() || s.is_offline == offline; });
}

void BarrierSlave::set_fault(BarrierFault fault, bool coil_writes_only) {
  std::lock_guard<std::mutex> lock(mu_);
  state_->fault = fault;
  state_->fault_coil_writes_only = coil_writes_only;
}

BarrierFault BarrierSlave::fault() const {
  std::lock_guard<std::mutex> lock(mu_);
  return state_->fault;
}

int BarrierSlave::faulted_replies() const {
  std::lock_guard<std::mutex> lock(mu_);
  return state_->faulted_replies;
}

namespace {

void close_client(BarrierSlave::State& s) {
  if (s.client_fd == -1) return;
  shutdown(s.client_fd, SHUT_RDWR);
  close(s.client_fd);
  s.client_fd = -1;
  modbus_set_socket(s.ctx, -1);
}

// One client at a time: a new connection replaces the old one (a reconnecting master may not
// have closed its previous socket cleanly).
void accept_client(BarrierSlave::State& s) {
  const int old_fd = s.client_fd;
  if (old_fd != -1) modbus_set_socket(s.ctx, -1);
  int listen_fd = s.listen_fd;
  const int fd = modbus_tcp_accept(s.ctx, &listen_fd);
  if (fd != -1) {
    if (old_fd != -1) {
      shutdown(old_fd, SHUT_RDWR);
      close(old_fd);
    }
    s.client_fd = fd;
  } else {
    modbus_set_socket(s.ctx, old_fd);
  }
}

// Waits up to one select period for the listener or the client; the readable set.
std::optional<fd_set> wait_readable(const BarrierSlave::State& s) {
  fd_set readable;
  FD_ZERO(&readable);
  int max_fd = -1;
  for (int fd : {s.listen_fd, s.client_fd}) {
    if (fd == -1) continue;
    FD_SET(fd, &readable);
    max_fd = std::max(max_fd, fd);
  }
  timeval tv{};
  tv.tv_usec = std::chrono::microseconds(kSelectTimeout).count();
  if (select(max_fd + 1, &readable, nullptr, nullptr, &tv) <= 0) {
    return std::nullopt;  // timeout or EINTR
  }
  return readable;
}

}  // namespace

void BarrierSlave::apply_offline() {
  State& s = *state_;
  bool want_offline = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    want_offline = s.want_offline;
    s.settle_boom(SteadyClock::now());
  }
  if (want_offline && s.listen_fd != -1) {
    close_client(s);
    close(s.listen_fd);
    s.listen_fd = -1;
  } else if (!want_offline && s.listen_fd == -1) {
    std::string err;
    s.listen_fd = listen_on(s.ctx, &err);  // retried next round if the port is busy
  }
  std::lock_guard<std::mutex> lock(mu_);
  const bool offline = s.listen_fd == -1;
  if (offline != s.is_offline) {
    s.is_offline = offline;
    s.offline_cv.notify_all();
  }
}

bool BarrierSlave::reply(const uint8_t* query, int len) {
  State& s = *state_;
  const int header = modbus_get_header_length(s.ctx);
  const uint8_t function = query[header];
  std::lock_guard<std::mutex> lock(mu_);
  const uint8_t before = s.mapping->tab_bits[opt_.open_coil];
  const int rc = modbus_reply(s.ctx, query, len, s.mapping);
  const uint8_t after = s.mapping->tab_bits[opt_.open_coil];
  if (function == MODBUS_FC_WRITE_SINGLE_COIL || function == MODBUS_FC_WRITE_MULTIPLE_COILS) {
    const int address = (query[header + 1] << 8) | query[header + 2];
    const int count = function == MODBUS_FC_WRITE_SINGLE_COIL
                          ? 1
                          : ((query[header + 3] << 8) | query[header + 4]);
    // Requests the module refuses (out of range, bad single-coil value) change nothing.
    bool valid = count >= 1 && address + count <= s.mapping->nb_bits;
    if (function == MODBUS_FC_WRITE_SINGLE_COIL) {
      const int value = (query[header + 3] << 8) | query[header + 4];
      valid = valid && (value == 0xFF00 || value == 0x0000);
    }
    if (valid && address <= opt_.open_coil && opt_.open_coil < address + count) {
      const auto now = SteadyClock::now();
      s.history.push_back(CoilWrite{now_unix_ms(), opt_.open_coil, after != 0, s.plate_at_gate});
      if (before == 0 && after != 0) {
        ++s.open_count;
        s.last_open_unix_ms = s.history.back().time_unix_ms;
        if (!s.boom_up_at(now) && !s.raise_at) {
          s.raise_at = now + std::chrono::milliseconds(opt_.raise_ms);
        }
      }
    }
  }
  return rc != -1;
}

void BarrierSlave::reply_as_other_unit(const uint8_t* query, int len) {
  State& s = *state_;
  modbus_mapping_t* copy = nullptr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    copy = modbus_mapping_new(s.mapping->nb_bits, s.mapping->nb_input_bits, 0, 0);
    if (copy == nullptr) return;
    std::memcpy(copy->tab_bits, s.mapping->tab_bits, static_cast<size_t>(copy->nb_bits));
    std::memcpy(copy->tab_input_bits, s.mapping->tab_input_bits,
                static_cast<size_t>(copy->nb_input_bits));
  }
  // libmodbus writes the reply to the context's socket: let it write into a socket pair, then
  // send what it wrote with the unit id (the last byte of the MBAP header) changed.
  int pair[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) == 0) {
    modbus_set_socket(s.ctx, pair[0]);
    const int rc = modbus_reply(s.ctx, query, len, copy);
    modbus_set_socket(s.ctx, s.client_fd);
    uint8_t rsp[MODBUS_TCP_MAX_ADU_LENGTH];
    const ssize_t n = rc > 0 ? read(pair[1], rsp, sizeof rsp) : -1;
    const int header = modbus_get_header_length(s.ctx);
    if (n > header) {
      rsp[header - 1] = static_cast<uint8_t>(opt_.slave_id + 1);
      (void)send(s.client_fd, rsp, static_cast<size_t>(n), MSG_NOSIGNAL);
    }
    close(pair[0]);
    close(pair[1]);
  }
  modbus_mapping_free(copy);
}

bool BarrierSlave::answer(const uint8_t* query, int len) {
  State& s = *state_;
  const uint8_t function = query[modbus_get_header_length(s.ctx)];
  const bool coil_write =
      function == MODBUS_FC_WRITE_SINGLE_COIL || function == MODBUS_FC_WRITE_MULTIPLE_COILS;
  BarrierFault fault = BarrierFault::kNone;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (coil_write || !s.fault_coil_writes_only) fault = s.fault;
    if (fault != BarrierFault::kNone) ++s.faulted_replies;
  }
  switch (fault) {
    case BarrierFault::kNone:
      return reply(query, len);
    case BarrierFault::kBusy:
      return modbus_reply_exception(s.ctx, query, MODBUS_EXCEPTION_SLAVE_OR_SERVER_BUSY) != -1;
    case BarrierFault::kIllegalAddress:
      return modbus_reply_exception(s.ctx, query, MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS) != -1;
    case BarrierFault::kWrongUnitId:
      reply_as_other_unit(query, len);
      return true;
    case BarrierFault::kLateReply: {
      std::unique_lock<std::mutex> lock(mu_);
      s.offline_cv.wait_for(lock, std::chrono::milliseconds(opt_.late_reply_ms),
                            [&] { return stopping_.load(); });
      lock.unlock();
      return stopping_ || reply(query, len);
    }
  }
  return true;
}

void BarrierSlave::serve() {
  State& s = *state_;
  uint8_t query[MODBUS_TCP_MAX_ADU_LENGTH];
  while (!stopping_) {
    apply_offline();
    const std::optional<fd_set> readable = wait_readable(s);
    if (!readable) continue;
    if (s.client_fd != -1 && FD_ISSET(s.client_fd, &*readable)) {
      const int len = modbus_receive(s.ctx, query);
      if (len == -1) {
        close_client(s);  // client went away or sent garbage
      } else if (len > 0 && !answer(query, len)) {
        close_client(s);
      }
    }
    if (s.listen_fd != -1 && FD_ISSET(s.listen_fd, &*readable)) accept_client(s);
  }
  close_client(s);
}

}  // namespace gate::sim
