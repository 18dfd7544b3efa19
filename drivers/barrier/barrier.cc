// Modbus barrier driver: see barrier.h for the safety contract.
#include "drivers/barrier/barrier.h"

#include <modbus/modbus.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <deque>
#include <optional>
#include <span>
#include <stdexcept>
#include <utility>

#include "drivers/barrier/camera_relay_config.h"
#include "drivers/barrier/modbus_reply.h"

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
    const char* what = on ? "write open coil 1" : "write open coil 0";
    const int coil = cfg_.open_coil();
    const uint8_t request[] = {MODBUS_FC_WRITE_SINGLE_COIL, high(coil), low(coil),
                               static_cast<uint8_t>(on ? 0xFF : 0x00), 0x00};
    uint8_t rsp[MODBUS_MAX_ADU_LENGTH];
    Result<int> at = exchange(what, request, sizeof request, rsp);
    if (!at.ok()) return Error{at.error()};
    // The module answers a single-coil write with the request itself.
    if (Status st = check_modbus_write_echo(reply(rsp), at.value(), request); !st.ok()) {
      return bad_reply(what, st.message());
    }
    return Status::Ok();
  }

  Status read_inputs(bool* entry, bool* boom) {
    const int a = cfg_.entry_loop_input();
    const int b = cfg_.boom_loop_input();
    const int lo = std::min(a, b);
    const int n = std::max(a, b) - lo + 1;
    if (n <= MODBUS_MAX_READ_BITS) {
      uint8_t bits[MODBUS_MAX_READ_BITS] = {};
      if (Status st = read_bits("read discrete inputs", lo, n, bits); !st.ok()) return st;
      *entry = bits[a - lo] != 0;
      *boom = bits[b - lo] != 0;
      return Status::Ok();
    }
    uint8_t bit = 0;
    if (Status st = read_bits("read entry loop input", a, 1, &bit); !st.ok()) return st;
    *entry = bit != 0;
    if (Status st = read_bits("read boom loop input", b, 1, &bit); !st.ok()) return st;
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
  static uint8_t high(int v) { return static_cast<uint8_t>((v >> 8) & 0xFF); }
  static uint8_t low(int v) { return static_cast<uint8_t>(v & 0xFF); }

  // Reads `n` discrete inputs from `address` into bits[0..n).
  Status read_bits(const char* what, int address, int n, uint8_t* bits) {
    const uint8_t request[] = {MODBUS_FC_READ_DISCRETE_INPUTS, high(address), low(address), high(n),
                               low(n)};
    uint8_t rsp[MODBUS_MAX_ADU_LENGTH];
    Result<int> at = exchange(what, request, sizeof request, rsp);
    if (!at.ok()) return Error{at.error()};
    auto got = modbus_reply_bits(reply(rsp), at.value(), n);
    if (!got.ok()) return bad_reply(what, got.error());
    std::copy(got.value().begin(), got.value().end(), bits);
    return Status::Ok();
  }

  // One request (function code and data; the unit id is put in front) and its reply in `rsp`.
  // libmodbus frames both and waits out the response timeout; what the reply says is checked
  // here, because libmodbus takes a Modbus TCP reply from any unit id: a reply from another
  // unit, to another function, or an exception is an error. Returns where the reply's function
  // code is in `rsp`. Any error closes the connection, so a late reply can never be read as the
  // answer to a later request.
  Result<int> exchange(const char* what, const uint8_t* request, size_t length, uint8_t* rsp) {
    if (ctx_ == nullptr) return Error{where_ + ": not connected"};
    uint8_t raw[MODBUS_MAX_PDU_LENGTH + 1];
    raw[0] = static_cast<uint8_t>(cfg_.slave_id());
    std::copy(request, request + length, raw + 1);
    if (modbus_send_raw_request(ctx_, raw, static_cast<int>(length + 1)) == -1) return fail(what);
    reply_length_ = modbus_receive_confirmation(ctx_, rsp);
    if (reply_length_ == -1) return fail(what);
    const ModbusReply checked =
        check_modbus_reply(reply(rsp), modbus_get_header_length(ctx_), raw[0], request[0]);
    if (!checked.error.empty()) return bad_reply(what, checked.error);
    if (checked.exception != 0) {
      errno = MODBUS_ENOBASE + checked.exception;  // the module's exception code
      return fail(what);
    }
    return checked.pdu;
  }

  // The bytes of the last reply received into `rsp`.
  std::span<const uint8_t> reply(const uint8_t* rsp) const {
    return {rsp, static_cast<std::size_t>(std::max(reply_length_, 0))};
  }

  // A reply that is not the answer to the request: closes, like any other error.
  Error bad_reply(const char* what, const std::string& why) {
    close();
    return Error{"barrier module " + where_ + ": " + what + " failed: " + why};
  }

  // Builds the error from errno (read first, before anything can overwrite it) and closes.
  Error fail(const char* what) {
    const int err = errno;
    close();
    return Error{"barrier module " + where_ + ": " + what + " failed: " + modbus_strerror(err)};
  }

  const gate::v1::BarrierConfig& cfg_;
  const std::string where_;
  modbus_t* ctx_ = nullptr;
  int reply_length_ = 0;  // of the last reply, in bytes
};

}  // namespace

namespace {

// The tcp or rtu block: defaults for the serial line, errors naming the field.
Status normalise_transport(gate::v1::BarrierConfig& cfg) {
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
    case BarrierConfig::kCameraRelay:
      return normalise_camera_relay(cfg.mutable_camera_relay());
    case BarrierConfig::TRANSPORT_NOT_SET:
      return field_error("transport",
                         "is not set: give tcp {host, port}, rtu {device, ...} or camera_relay "
                         "{vendor, host, user, password_file, ...}");
  }
  return Status::Ok();
}

}  // namespace

Result<gate::v1::BarrierConfig> normalise_barrier_config(const gate::v1::BarrierConfig& in) {
  gate::v1::BarrierConfig cfg = in;
  if (Status st = normalise_transport(cfg); !st.ok()) return Error{st.message()};
  // The camera's relay has no Modbus map: the rest of the block does not apply.
  if (cfg.has_camera_relay()) return cfg;

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
  if (!normalised.value().has_tcp() && !normalised.value().has_rtu()) {
    throw std::invalid_argument("ModbusBarrier needs a tcp or rtu block");
  }
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

// The driver thread's side of a ModbusBarrier: the link, the outage state that spans
// connections (a kFault is reported once per outage), and the events it reports. Runs a
// Session per connection and reconnects between them.
class ModbusBarrier::DriverThread {
 public:
  explicit DriverThread(ModbusBarrier& owner) : b_(owner), link_(owner.cfg_) {}

  void run();

  Link& link() { return link_; }
  const gate::v1::BarrierConfig& cfg() const { return b_.cfg_; }
  const std::string& last_error() const { return last_error_; }
  std::string not_connected() const { return "barrier module not connected: " + last_error_; }

  void emit(BarrierEvent ev) {
    if (b_.on_event_) b_.on_event_(ev);
  }
  void emit_opened(uint64_t token, bool ok, std::string message) {
    BarrierEvent ev = make_event(BarrierEvent::Kind::kOpened);
    ev.token = token;
    ev.ok = ok;
    ev.message = std::move(message);
    emit(std::move(ev));
  }
  void fail_requests(const std::deque<uint64_t>& tokens, const std::string& why) {
    for (uint64_t token : tokens) emit_opened(token, false, why);
  }
  // Any Modbus error: drop the connection, report the fault once per outage.
  void lose_connection(const std::string& message);

  // Waits until `until`, a stop or an open request: true when stopping, else the next
  // request's token (if one came).
  bool wait_for_request(Clock::time_point until, std::optional<uint64_t>* token);
  // Waits until `until` or a stop; true when stopping.
  bool wait_for_stop(Clock::time_point until);

 private:
  bool stopping();
  // Disconnected: fails every open request that comes in until the next attempt is due.
  // False when the driver is stopping.
  bool wait_to_reconnect();
  // Connected: requests made while disconnected are failed, not served late.
  void on_connected();
  // Stopping: leave the coil at 0 if the module answers; fail what is still queued.
  void finish();

  ModbusBarrier& b_;
  Link link_;
  bool faulted_ = false;  // a kFault was sent and no kRecovered since
  std::string last_error_ = "no connection attempt yet";
};

// One connection to the module, from connect to its loss or the driver's stop: polls the
// loop inputs every poll interval, and serves open requests one at a time with a pulse of the
// open coil, polling on while the coil is held.
class ModbusBarrier::Session {
 public:
  enum class End { kLost, kStopped };

  explicit Session(DriverThread& d) : d_(d) {}
  End serve();

 private:
  // Reads the inputs and reports them when they changed (and once per connection); false when
  // the connection was lost.
  bool poll();
  void schedule_poll() { next_poll_ = Clock::now() + milliseconds(d_.cfg().poll_interval_ms()); }
  // The open pulse for `token`; nullopt while the connection stays up.
  std::optional<End> pulse(uint64_t token);
  // Holds the coil until the pulse ends, polling on; sets *interrupted on a stop. False when
  // the connection was lost.
  bool hold_pulse(bool* interrupted);

  DriverThread& d_;
  bool have_inputs_ = false;
  bool last_entry_ = false;
  bool last_boom_ = false;
  Clock::time_point next_poll_;
};

void ModbusBarrier::DriverThread::lose_connection(const std::string& message) {
  link_.close();
  {
    std::lock_guard<std::mutex> lock(b_.mu_);
    b_.connected_ = false;
  }
  last_error_ = message;
  if (!faulted_) {
    faulted_ = true;
    BarrierEvent ev = make_event(BarrierEvent::Kind::kFault);
    ev.message = message;
    emit(std::move(ev));
  }
}

bool ModbusBarrier::DriverThread::stopping() {
  std::lock_guard<std::mutex> lock(b_.mu_);
  return b_.stopping_;
}

bool ModbusBarrier::DriverThread::wait_for_request(Clock::time_point until,
                                                   std::optional<uint64_t>* token) {
  std::unique_lock<std::mutex> lock(b_.mu_);
  b_.cv_.wait_until(lock, until, [this] { return b_.stopping_ || !b_.open_requests_.empty(); });
  if (b_.stopping_) return true;
  if (!b_.open_requests_.empty()) {
    *token = b_.open_requests_.front();
    b_.open_requests_.pop_front();
  }
  return false;
}

bool ModbusBarrier::DriverThread::wait_for_stop(Clock::time_point until) {
  std::unique_lock<std::mutex> lock(b_.mu_);
  return b_.cv_.wait_until(lock, until, [this] { return b_.stopping_; });
}

bool ModbusBarrier::DriverThread::wait_to_reconnect() {
  const auto retry_at = Clock::now() + milliseconds(cfg().reconnect_interval_ms());
  while (true) {
    std::unique_lock<std::mutex> lock(b_.mu_);
    b_.cv_.wait_until(lock, retry_at,
                      [this] { return b_.stopping_ || !b_.open_requests_.empty(); });
    if (b_.stopping_) return false;
    auto tokens = std::exchange(b_.open_requests_, {});
    lock.unlock();
    fail_requests(tokens, not_connected());
    if (Clock::now() >= retry_at) return true;
  }
}

void ModbusBarrier::DriverThread::on_connected() {
  std::deque<uint64_t> stale;
  {
    std::lock_guard<std::mutex> lock(b_.mu_);
    b_.connected_ = true;
    stale = std::exchange(b_.open_requests_, {});
  }
  fail_requests(stale, not_connected());
  if (faulted_) {
    faulted_ = false;
    BarrierEvent ev = make_event(BarrierEvent::Kind::kRecovered);
    ev.message = "barrier module " + describe(cfg()) + " answers again; open coil forced to 0";
    emit(std::move(ev));
  }
}

void ModbusBarrier::DriverThread::finish() {
  if (link_.is_open()) {
    (void)link_.write_coil(false);
    link_.close();
  }
  std::deque<uint64_t> left;
  {
    std::lock_guard<std::mutex> lock(b_.mu_);
    b_.connected_ = false;
    left = std::exchange(b_.open_requests_, {});
  }
  fail_requests(left, "barrier driver stopped");
}

void ModbusBarrier::DriverThread::run() {
  while (!stopping()) {
    // Connecting forces the coil to 0 first.
    Status st = link_.connect();
    if (!st.ok()) {
      lose_connection(st.message());
      if (!wait_to_reconnect()) break;
      continue;
    }
    on_connected();
    if (Session(*this).serve() == Session::End::kStopped) break;
  }
  finish();
}

bool ModbusBarrier::Session::poll() {
  bool entry = false;
  bool boom = false;
  Status st = d_.link().read_inputs(&entry, &boom);
  if (!st.ok()) {
    d_.lose_connection(st.message());
    return false;
  }
  if (!have_inputs_ || entry != last_entry_ || boom != last_boom_) {
    have_inputs_ = true;
    last_entry_ = entry;
    last_boom_ = boom;
    BarrierEvent ev = make_event(BarrierEvent::Kind::kInputs);
    ev.entry_loop = entry;
    ev.boom_loop = boom;
    d_.emit(std::move(ev));
  }
  return true;
}

ModbusBarrier::Session::End ModbusBarrier::Session::serve() {
  if (!poll()) return End::kLost;
  schedule_poll();
  while (true) {
    std::optional<uint64_t> token;
    if (d_.wait_for_request(next_poll_, &token)) return End::kStopped;
    if (Clock::now() >= next_poll_) {
      const bool up = poll();
      schedule_poll();
      if (!up) {
        if (token) d_.emit_opened(*token, false, d_.not_connected());
        return End::kLost;
      }
    }
    if (!token) continue;
    if (auto end = pulse(*token)) return *end;
  }
}

bool ModbusBarrier::Session::hold_pulse(bool* interrupted) {
  const auto pulse_end = Clock::now() + milliseconds(d_.cfg().pulse_ms());
  while (Clock::now() < pulse_end) {
    if (d_.wait_for_stop(std::min(pulse_end, next_poll_))) {
      *interrupted = true;
      return true;
    }
    if (Clock::now() >= next_poll_) {
      if (!poll()) return false;
      schedule_poll();
    }
  }
  return true;
}

std::optional<ModbusBarrier::Session::End> ModbusBarrier::Session::pulse(uint64_t token) {
  Status st = d_.link().write_coil(true);
  if (!st.ok()) {
    d_.lose_connection(st.message());
    d_.emit_opened(token, false, "barrier open failed: " + st.message());
    return End::kLost;
  }
  bool interrupted = false;
  if (!hold_pulse(&interrupted)) {
    // The coil may still be 1: the reconnect writes 0 before anything else.
    d_.emit_opened(token, false,
                   "barrier connection lost during the open pulse: " + d_.last_error());
    return End::kLost;
  }
  st = d_.link().write_coil(false);
  if (!st.ok()) {
    d_.lose_connection(st.message());
    d_.emit_opened(token, false,
                   "barrier open pulse sent but the coil could not be reset (it is reset on "
                   "reconnect): " +
                       st.message());
    return End::kLost;
  }
  if (interrupted) {
    d_.emit_opened(token, false, "barrier driver stopped during the open pulse");
    return End::kStopped;
  }
  d_.emit_opened(token, true, "");
  return std::nullopt;
}

void ModbusBarrier::run() {
  DriverThread(*this).run();
}

}  // namespace gate::drivers
