// Modbus barrier driver: see barrier.h for the safety contract.
#include "drivers/barrier/barrier.h"

#include <modbus/modbus.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <utility>

namespace gate::drivers {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int kDefaultPulseMs = 500;
constexpr int kDefaultResponseTimeoutMs = 500;
constexpr int kDefaultPollIntervalMs = 50;
constexpr int kDefaultReconnectIntervalMs = 1000;
constexpr int kDefaultSlaveId = 1;
constexpr int kMaxPulseMs = 10000;
constexpr int kMaxAddress = 65535;

Error field_error(const std::string& field, const std::string& what) {
  return Error{"barrier config: " + field + " " + what};
}

// "127.0.0.1:502" or "/dev/ttyUSB0", plus the slave id: used in every fault message.
std::string describe(const gate::v1::BarrierConfig& cfg) {
  std::string where;
  if (cfg.has_tcp()) {
    where = "modbus tcp " + cfg.tcp().host() + ":" + std::to_string(cfg.tcp().port());
  } else {
    where = "modbus rtu " + cfg.rtu().device();
  }
  return where + " slave " + std::to_string(cfg.slave_id());
}

BarrierEvent make_event(BarrierEvent::Kind kind) {
  BarrierEvent ev;
  ev.kind = kind;
  return ev;
}

// One libmodbus context. Every method must be called on the driver thread.
class Link {
 public:
  explicit Link(const gate::v1::BarrierConfig& cfg) : cfg_(cfg), where_(describe(cfg)) {}
  ~Link() { close(); }
  Link(const Link&) = delete;
  Link& operator=(const Link&) = delete;

  bool is_open() const { return ctx_ != nullptr; }

  // Connects and forces the open coil to 0; on failure the context is closed again.
  Status connect() {
    close();
    if (cfg_.has_tcp()) {
      const std::string port = std::to_string(cfg_.tcp().port());
      ctx_ = modbus_new_tcp_pi(cfg_.tcp().host().c_str(), port.c_str());
    } else {
      const auto& rtu = cfg_.rtu();
      const char parity = rtu.parity().empty() ? 'N' : rtu.parity()[0];
      ctx_ = modbus_new_rtu(rtu.device().c_str(), rtu.baud(), parity, rtu.data_bits(),
                            rtu.stop_bits());
    }
    if (ctx_ == nullptr) return fail("create context");
    if (modbus_set_slave(ctx_, cfg_.slave_id()) == -1) return fail("set slave id");
    const int timeout_ms = cfg_.response_timeout_ms();
    if (modbus_set_response_timeout(ctx_, static_cast<uint32_t>(timeout_ms / 1000),
                                    static_cast<uint32_t>((timeout_ms % 1000) * 1000)) == -1) {
      return fail("set response timeout");
    }
    if (modbus_connect(ctx_) == -1) return fail("connect");
    return write_coil(false);
  }

  Status write_coil(bool on) {
    if (ctx_ == nullptr) return Error{where_ + ": not connected"};
    if (modbus_write_bit(ctx_, cfg_.open_coil(), on ? 1 : 0) == -1) {
      return fail(on ? "write open coil 1" : "write open coil 0");
    }
    return Status::Ok();
  }

  Status read_inputs(bool* entry, bool* boom) {
    if (ctx_ == nullptr) return Error{where_ + ": not connected"};
    const int a = cfg_.entry_loop_input();
    const int b = cfg_.boom_loop_input();
    const int lo = std::min(a, b);
    const int n = std::max(a, b) - lo + 1;
    if (n <= MODBUS_MAX_READ_BITS) {
      uint8_t bits[MODBUS_MAX_READ_BITS] = {};
      if (modbus_read_input_bits(ctx_, lo, n, bits) == -1) return fail("read discrete inputs");
      *entry = bits[a - lo] != 0;
      *boom = bits[b - lo] != 0;
      return Status::Ok();
    }
    uint8_t bit = 0;
    if (modbus_read_input_bits(ctx_, a, 1, &bit) == -1) return fail("read entry loop input");
    *entry = bit != 0;
    if (modbus_read_input_bits(ctx_, b, 1, &bit) == -1) return fail("read boom loop input");
    *boom = bit != 0;
    return Status::Ok();
  }

  void close() {
    if (ctx_ == nullptr) return;
    modbus_close(ctx_);
    modbus_free(ctx_);
    ctx_ = nullptr;
  }

 private:
  // Builds the error from errno (read first, before anything can overwrite it) and closes.
  Error fail(const char* what) {
    const int err = errno;
    close();
    return Error{"barrier module " + where_ + ": " + what + " failed: " + modbus_strerror(err)};
  }

  const gate::v1::BarrierConfig& cfg_;
  const std::string where_;
  modbus_t* ctx_ = nullptr;
};

}  // namespace

Result<gate::v1::BarrierConfig> normalise_barrier_config(const gate::v1::BarrierConfig& in) {
  gate::v1::BarrierConfig cfg = in;
  using gate::v1::BarrierConfig;
  switch (cfg.transport_case()) {
    case BarrierConfig::kTcp: {
      auto* tcp = cfg.mutable_tcp();
      if (tcp->host().empty()) return field_error("tcp.host", "is empty");
      if (tcp->port() < 1 || tcp->port() > 65535) {
        return field_error("tcp.port", std::to_string(tcp->port()) + " is outside 1..65535");
      }
      break;
    }
    case BarrierConfig::kRtu: {
      auto* rtu = cfg.mutable_rtu();
      if (rtu->device().empty()) return field_error("rtu.device", "is empty");
      if (rtu->baud() == 0) rtu->set_baud(9600);
      if (rtu->data_bits() == 0) rtu->set_data_bits(8);
      if (rtu->stop_bits() == 0) rtu->set_stop_bits(1);
      if (rtu->parity().empty()) rtu->set_parity("N");
      std::string parity = rtu->parity();
      std::transform(parity.begin(), parity.end(), parity.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      if (parity != "N" && parity != "E" && parity != "O") {
        return field_error("rtu.parity", "\"" + rtu->parity() + "\" is not N, E or O");
      }
      rtu->set_parity(parity);
      if (rtu->baud() < 0) return field_error("rtu.baud", "must be positive");
      if (rtu->data_bits() < 5 || rtu->data_bits() > 8) {
        return field_error("rtu.data_bits", std::to_string(rtu->data_bits()) + " is not 5..8");
      }
      if (rtu->stop_bits() != 1 && rtu->stop_bits() != 2) {
        return field_error("rtu.stop_bits", std::to_string(rtu->stop_bits()) + " is not 1 or 2");
      }
      break;
    }
    case BarrierConfig::TRANSPORT_NOT_SET:
      return field_error("transport", "is not set: give tcp {host, port} or rtu {device, ...}");
  }

  if (cfg.slave_id() == 0) cfg.set_slave_id(kDefaultSlaveId);
  const int max_slave = cfg.has_tcp() ? 255 : 247;
  if (cfg.slave_id() < 1 || cfg.slave_id() > max_slave) {
    return field_error(
        "slave_id", std::to_string(cfg.slave_id()) + " is outside 1.." + std::to_string(max_slave));
  }

  const std::pair<const char*, int> addresses[] = {
      {"open_coil", cfg.open_coil()},
      {"entry_loop_input", cfg.entry_loop_input()},
      {"boom_loop_input", cfg.boom_loop_input()},
  };
  for (const auto& [name, value] : addresses) {
    if (value < 0 || value > kMaxAddress) {
      return field_error(name, std::to_string(value) + " is not a Modbus address (0..65535)");
    }
  }

  if (cfg.pulse_ms() == 0) cfg.set_pulse_ms(kDefaultPulseMs);
  if (cfg.response_timeout_ms() == 0) cfg.set_response_timeout_ms(kDefaultResponseTimeoutMs);
  if (cfg.poll_interval_ms() == 0) cfg.set_poll_interval_ms(kDefaultPollIntervalMs);
  if (cfg.reconnect_interval_ms() == 0) {
    cfg.set_reconnect_interval_ms(kDefaultReconnectIntervalMs);
  }
  if (cfg.pulse_ms() < 0 || cfg.pulse_ms() > kMaxPulseMs) {
    return field_error("pulse_ms", std::to_string(cfg.pulse_ms()) + " is outside 1..10000");
  }
  const std::pair<const char*, int> intervals[] = {
      {"response_timeout_ms", cfg.response_timeout_ms()},
      {"poll_interval_ms", cfg.poll_interval_ms()},
      {"reconnect_interval_ms", cfg.reconnect_interval_ms()},
  };
  for (const auto& [name, value] : intervals) {
    if (value < 0) return field_error(name, std::to_string(value) + " is negative");
  }
  return cfg;
}

ModbusBarrier::ModbusBarrier(gate::v1::BarrierConfig cfg, BarrierEventHandler on_event)
    : on_event_(std::move(on_event)) {
  auto normalised = normalise_barrier_config(cfg);
  if (!normalised.ok()) throw std::invalid_argument(normalised.error());
  cfg_ = std::move(normalised).value();
}

ModbusBarrier::~ModbusBarrier() {
  stop();
}

void ModbusBarrier::start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void ModbusBarrier::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void ModbusBarrier::request_open(uint64_t token) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    open_requests_.push_back(token);
  }
  cv_.notify_all();
}

void ModbusBarrier::run() {
  Link link(cfg_);
  const auto poll_interval = milliseconds(cfg_.poll_interval_ms());
  const auto reconnect_interval = milliseconds(cfg_.reconnect_interval_ms());
  const auto pulse = milliseconds(cfg_.pulse_ms());

  bool faulted = false;  // a kFault was sent and no kRecovered since
  std::string last_error = "no connection attempt yet";
  bool have_inputs = false;
  bool last_entry = false;
  bool last_boom = false;

  auto emit = [this](BarrierEvent ev) {
    if (on_event_) on_event_(ev);
  };
  auto emit_opened = [&](uint64_t token, bool ok, std::string message) {
    BarrierEvent ev = make_event(BarrierEvent::Kind::kOpened);
    ev.token = token;
    ev.ok = ok;
    ev.message = std::move(message);
    emit(std::move(ev));
  };
  auto take_requests = [this] {
    std::lock_guard<std::mutex> lock(mu_);
    return std::exchange(open_requests_, {});
  };
  auto fail_requests = [&](const std::deque<uint64_t>& tokens, const std::string& why) {
    for (uint64_t token : tokens) emit_opened(token, false, why);
  };
  auto not_connected = [&] { return "barrier module not connected: " + last_error; };
  // Any Modbus error: drop the connection, report the fault once per outage.
  auto lose_connection = [&](const std::string& message) {
    link.close();
    {
      std::lock_guard<std::mutex> lock(mu_);
      connected_ = false;
    }
    last_error = message;
    if (!faulted) {
      faulted = true;
      BarrierEvent ev = make_event(BarrierEvent::Kind::kFault);
      ev.message = message;
      emit(std::move(ev));
    }
  };
  auto poll = [&]() -> bool {
    bool entry = false;
    bool boom = false;
    Status st = link.read_inputs(&entry, &boom);
    if (!st.ok()) {
      lose_connection(st.message());
      return false;
    }
    if (!have_inputs || entry != last_entry || boom != last_boom) {
      have_inputs = true;
      last_entry = entry;
      last_boom = boom;
      BarrierEvent ev = make_event(BarrierEvent::Kind::kInputs);
      ev.entry_loop = entry;
      ev.boom_loop = boom;
      emit(std::move(ev));
    }
    return true;
  };

  bool stop = false;
  while (!stop) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) break;
    }

    // Disconnected: connect (which forces the coil to 0 first), or fail every open request that
    // comes in until the next attempt.
    Status st = link.connect();
    if (!st.ok()) {
      lose_connection(st.message());
      const auto retry_at = Clock::now() + reconnect_interval;
      while (true) {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait_until(lock, retry_at, [this] { return stopping_ || !open_requests_.empty(); });
        if (stopping_) {
          stop = true;
          break;
        }
        auto tokens = std::exchange(open_requests_, {});
        lock.unlock();
        fail_requests(tokens, not_connected());
        if (Clock::now() >= retry_at) break;
      }
      continue;
    }

    // Connected. Requests made while disconnected are failed, not served late.
    std::deque<uint64_t> stale;
    {
      std::lock_guard<std::mutex> lock(mu_);
      connected_ = true;
      stale = std::exchange(open_requests_, {});
    }
    fail_requests(stale, not_connected());
    if (faulted) {
      faulted = false;
      BarrierEvent ev = make_event(BarrierEvent::Kind::kRecovered);
      ev.message = "barrier module " + describe(cfg_) + " answers again; open coil forced to 0";
      emit(std::move(ev));
    }
    have_inputs = false;

    bool lost = !poll();
    auto next_poll = Clock::now() + poll_interval;
    while (!lost && !stop) {
      std::optional<uint64_t> token;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait_until(lock, next_poll, [this] { return stopping_ || !open_requests_.empty(); });
        if (stopping_) {
          stop = true;
          break;
        }
        if (!open_requests_.empty()) {
          token = open_requests_.front();
          open_requests_.pop_front();
        }
      }
      if (Clock::now() >= next_poll) {
        lost = !poll();
        next_poll = Clock::now() + poll_interval;
        if (lost) {
          if (token) emit_opened(*token, false, not_connected());
          break;
        }
      }
      if (!token) continue;

      // The open pulse. Inputs keep being polled while the coil is held.
      st = link.write_coil(true);
      if (!st.ok()) {
        lose_connection(st.message());
        emit_opened(*token, false, "barrier open failed: " + st.message());
        lost = true;
        break;
      }
      const auto pulse_end = Clock::now() + pulse;
      bool interrupted = false;
      while (Clock::now() < pulse_end) {
        {
          std::unique_lock<std::mutex> lock(mu_);
          if (cv_.wait_until(lock, std::min(pulse_end, next_poll), [this] { return stopping_; })) {
            interrupted = true;
            break;
          }
        }
        if (Clock::now() >= next_poll) {
          if (!poll()) {
            lost = true;
            break;
          }
          next_poll = Clock::now() + poll_interval;
        }
      }
      if (lost) {
        // The coil may still be 1: the reconnect writes 0 before anything else.
        emit_opened(*token, false, "barrier connection lost during the open pulse: " + last_error);
        break;
      }
      st = link.write_coil(false);
      if (!st.ok()) {
        lose_connection(st.message());
        emit_opened(*token, false,
                    "barrier open pulse sent but the coil could not be reset (it is reset on "
                    "reconnect): " +
                        st.message());
        lost = true;
      } else if (interrupted) {
        emit_opened(*token, false, "barrier driver stopped during the open pulse");
        stop = true;
      } else {
        emit_opened(*token, true, "");
      }
    }
  }

  // Stopping: leave the coil at 0 if the module answers.
  if (link.is_open()) {
    (void)link.write_coil(false);
    link.close();
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    connected_ = false;
  }
  fail_requests(take_requests(), "barrier driver stopped");
}

}  // namespace gate::drivers
