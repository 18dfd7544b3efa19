// ModbusBarrier against the simulated barrier module (sim/devices/barrier_slave) over loopback.
#include "drivers/barrier/barrier.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "sim/devices/barrier_slave.h"

namespace gate::drivers {
namespace {

using namespace std::chrono_literals;
using Kind = BarrierEvent::Kind;

constexpr auto kDeadline = 5000ms;

// Collects driver events (delivered on the driver thread) for the test thread to wait on.
class EventLog {
 public:
  BarrierEventHandler handler() {
    return [this](const BarrierEvent& ev) {
      std::lock_guard<std::mutex> lock(mu_);
      events_.push_back(ev);
      cv_.notify_all();
    };
  }

  // Waits for the first event at index >= `from` that matches; returns its index.
  std::optional<size_t> wait_for(const std::function<bool(const BarrierEvent&)>& match,
                                 size_t from = 0, std::chrono::milliseconds timeout = kDeadline) {
    std::unique_lock<std::mutex> lock(mu_);
    std::optional<size_t> found;
    cv_.wait_for(lock, timeout, [&] {
      for (size_t i = from; i < events_.size(); ++i) {
        if (match(events_[i])) {
          found = i;
          return true;
        }
      }
      return false;
    });
    return found;
  }

  std::optional<size_t> wait_kind(Kind kind, size_t from = 0) {
    return wait_for([kind](const BarrierEvent& ev) { return ev.kind == kind; }, from);
  }

  std::optional<size_t> wait_opened(uint64_t token, size_t from = 0) {
    return wait_for(
        [token](const BarrierEvent& ev) { return ev.kind == Kind::kOpened && ev.token == token; },
        from);
  }

  BarrierEvent at(size_t i) {
    std::lock_guard<std::mutex> lock(mu_);
    return events_.at(i);
  }

  size_t size() {
    std::lock_guard<std::mutex> lock(mu_);
    return events_.size();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<BarrierEvent> events_;
};

bool eventually(const std::function<bool()>& cond, std::chrono::milliseconds timeout = kDeadline) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return cond();
}

// Distinct, non-zero addresses so that a mixed-up mapping shows.
sim::BarrierSlaveOptions slave_options() {
  sim::BarrierSlaveOptions opt;
  opt.open_coil = 4;
  opt.entry_loop_input = 2;
  opt.boom_loop_input = 7;
  opt.raise_ms = 100;
  return opt;
}

gate::v1::BarrierConfig config(uint16_t port, int pulse_ms = 200) {
  gate::v1::BarrierConfig cfg;
  cfg.mutable_tcp()->set_host("127.0.0.1");
  cfg.mutable_tcp()->set_port(port);
  cfg.set_open_coil(4);
  cfg.set_entry_loop_input(2);
  cfg.set_boom_loop_input(7);
  cfg.set_pulse_ms(pulse_ms);
  cfg.set_response_timeout_ms(300);
  cfg.set_poll_interval_ms(20);
  cfg.set_reconnect_interval_ms(100);
  return cfg;
}

std::unique_ptr<sim::BarrierSlave> start_slave() {
  auto r = sim::BarrierSlave::Start(slave_options());
  if (!r.ok()) {
    ADD_FAILURE() << r.error();
    return nullptr;
  }
  return std::move(r).value();
}

// Coil writes recorded after index `from`.
std::vector<sim::CoilWrite> writes_since(const sim::BarrierSlave& slave, size_t from) {
  auto h = slave.coil_history();
  if (from >= h.size()) return {};
  return {h.begin() + static_cast<std::ptrdiff_t>(from), h.end()};
}

// A loopback TCP relay in front of the slave that can hold back what the driver sends, to
// catch the driver in the middle of a connect attempt.
class HoldingProxy {
 public:
  explicit HoldingProxy(uint16_t target_port) : target_port_(target_port) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr = loopback(0);
    if (listen_fd_ == -1 || bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) ||
        listen(listen_fd_, 4)) {
      ADD_FAILURE() << "proxy cannot listen";
      return;
    }
    socklen_t len = sizeof(addr);
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { relay(); });
  }
  ~HoldingProxy() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
    for (int fd : {listen_fd_, client_fd_, upstream_fd_}) {
      if (fd != -1) close(fd);
    }
  }

  uint16_t port() const { return port_; }
  void hold(bool on) { held_ = on; }
  // Bytes from the driver waiting behind the hold.
  size_t held_bytes() {
    std::lock_guard<std::mutex> lock(mu_);
    return pending_.size();
  }

 private:
  static sockaddr_in loopback(uint16_t port) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return addr;
  }

  void relay() {
    char buf[512];
    while (!stopping_) {
      pollfd fds[3] = {{listen_fd_, POLLIN, 0}, {client_fd_, POLLIN, 0}, {upstream_fd_, POLLIN, 0}};
      if (poll(fds, 3, 10) < 0) continue;
      if (fds[0].revents & POLLIN) {
        const int fd = accept(listen_fd_, nullptr, nullptr);
        const int up = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr = loopback(target_port_);
        if (fd != -1 && up != -1 && client_fd_ == -1 &&
            connect(up, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
          client_fd_ = fd;
          upstream_fd_ = up;
        } else {
          if (fd != -1) close(fd);
          if (up != -1) close(up);
        }
      }
      if (fds[1].revents & (POLLIN | POLLHUP)) {
        const ssize_t n = read(client_fd_, buf, sizeof(buf));
        if (n <= 0) return;
        std::lock_guard<std::mutex> lock(mu_);
        pending_.append(buf, static_cast<size_t>(n));
      }
      if (fds[2].revents & (POLLIN | POLLHUP)) {
        const ssize_t n = read(upstream_fd_, buf, sizeof(buf));
        if (n <= 0 || write(client_fd_, buf, static_cast<size_t>(n)) != n) return;
      }
      if (!held_ && upstream_fd_ != -1) {
        std::lock_guard<std::mutex> lock(mu_);
        if (!pending_.empty() && write(upstream_fd_, pending_.data(), pending_.size()) ==
                                     static_cast<ssize_t>(pending_.size())) {
          pending_.clear();
        }
      }
    }
  }

  uint16_t target_port_;
  uint16_t port_ = 0;
  int listen_fd_ = -1;
  int client_fd_ = -1;
  int upstream_fd_ = -1;
  std::atomic<bool> held_{false};
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::string pending_;
  std::thread thread_;
};

// ---------------------------------------------------------------- normalise_barrier_config

TEST(NormaliseBarrierConfigTest, FillsDefaults) {
  gate::v1::BarrierConfig cfg;
  cfg.mutable_tcp()->set_host("192.168.1.20");
  cfg.mutable_tcp()->set_port(502);
  auto r = normalise_barrier_config(cfg);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().pulse_ms(), 500);
  EXPECT_EQ(r.value().response_timeout_ms(), 500);
  EXPECT_EQ(r.value().poll_interval_ms(), 50);
  EXPECT_EQ(r.value().reconnect_interval_ms(), 1000);
  EXPECT_EQ(r.value().slave_id(), 1);
  EXPECT_EQ(r.value().tcp().host(), "192.168.1.20");
  EXPECT_EQ(r.value().tcp().port(), 502);
}

TEST(NormaliseBarrierConfigTest, KeepsGivenValues) {
  gate::v1::BarrierConfig cfg = config(1502, 800);
  cfg.set_slave_id(17);
  auto r = normalise_barrier_config(cfg);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().pulse_ms(), 800);
  EXPECT_EQ(r.value().response_timeout_ms(), 300);
  EXPECT_EQ(r.value().poll_interval_ms(), 20);
  EXPECT_EQ(r.value().reconnect_interval_ms(), 100);
  EXPECT_EQ(r.value().slave_id(), 17);
  EXPECT_EQ(r.value().open_coil(), 4);
  EXPECT_EQ(r.value().entry_loop_input(), 2);
  EXPECT_EQ(r.value().boom_loop_input(), 7);
}

TEST(NormaliseBarrierConfigTest, AcceptsRtu) {
  gate::v1::BarrierConfig cfg;
  cfg.mutable_rtu()->set_device("/dev/ttyUSB0");
  cfg.mutable_rtu()->set_parity("E");
  auto r = normalise_barrier_config(cfg);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().rtu().parity(), "E");
  EXPECT_EQ(r.value().rtu().baud(), 9600);
  EXPECT_EQ(r.value().rtu().data_bits(), 8);
  EXPECT_EQ(r.value().rtu().stop_bits(), 1);
  EXPECT_EQ(r.value().slave_id(), 1);
}

struct BadConfig {
  const char* name;
  std::function<void(gate::v1::BarrierConfig&)> mutate;
  const char* field;  // must appear in the error
};

TEST(NormaliseBarrierConfigTest, RejectsBadConfigNamingTheField) {
  const BadConfig cases[] = {
      {"no transport", [](auto& c) { c.clear_tcp(); }, "transport"},
      {"port 0", [](auto& c) { c.mutable_tcp()->set_port(0); }, "tcp.port"},
      {"port too big", [](auto& c) { c.mutable_tcp()->set_port(65536); }, "tcp.port"},
      {"negative port", [](auto& c) { c.mutable_tcp()->set_port(-1); }, "tcp.port"},
      {"empty host", [](auto& c) { c.mutable_tcp()->set_host(""); }, "tcp.host"},
      {"bad parity",
       [](auto& c) {
         c.mutable_rtu()->set_device("/dev/ttyS0");
         c.mutable_rtu()->set_parity("X");
       },
       "rtu.parity"},
      {"negative open coil", [](auto& c) { c.set_open_coil(-1); }, "open_coil"},
      {"negative entry input", [](auto& c) { c.set_entry_loop_input(-3); }, "entry_loop_input"},
      {"negative boom input", [](auto& c) { c.set_boom_loop_input(-1); }, "boom_loop_input"},
      {"pulse too long", [](auto& c) { c.set_pulse_ms(10001); }, "pulse_ms"},
      {"negative pulse", [](auto& c) { c.set_pulse_ms(-5); }, "pulse_ms"},
  };
  for (const auto& bad : cases) {
    gate::v1::BarrierConfig cfg = config(502);
    bad.mutate(cfg);
    auto r = normalise_barrier_config(cfg);
    ASSERT_FALSE(r.ok()) << bad.name;
    EXPECT_NE(r.error().find(bad.field), std::string::npos) << bad.name << ": " << r.error();
  }
  // The limit itself is allowed.
  gate::v1::BarrierConfig cfg = config(502, 10000);
  EXPECT_TRUE(normalise_barrier_config(cfg).ok());
}

TEST(ModbusBarrierTest, ConstructorRejectsBadConfig) {
  gate::v1::BarrierConfig cfg;
  EXPECT_THROW(ModbusBarrier(cfg, nullptr), std::invalid_argument);
}

// ---------------------------------------------------------------- against the simulator

TEST(ModbusBarrierTest, OpenPulsesTheCoilAndRaisesTheBoom) {
  auto slave = start_slave();
  ASSERT_TRUE(slave);
  slave->set_plate_at_gate("冀B12345");
  EventLog log;
  constexpr int kPulseMs = 200;
  ModbusBarrier barrier(config(slave->port(), kPulseMs), log.handler());
  barrier.start();

  // After connecting: the coil is forced to 0 and the inputs are reported.
  auto inputs = log.wait_kind(Kind::kInputs);
  ASSERT_TRUE(inputs);
  EXPECT_TRUE(barrier.connected());
  EXPECT_FALSE(log.at(*inputs).entry_loop);
  EXPECT_FALSE(log.at(*inputs).boom_loop);
  auto h = slave->coil_history();
  ASSERT_EQ(h.size(), 1u);
  EXPECT_FALSE(h[0].value);
  EXPECT_EQ(h[0].address, 4);

  barrier.request_open(42);
  auto opened = log.wait_opened(42);
  ASSERT_TRUE(opened);
  EXPECT_TRUE(log.at(*opened).ok) << log.at(*opened).message;
  EXPECT_EQ(slave->open_count(), 1);

  auto w = writes_since(*slave, 1);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_TRUE(w[0].value);
  EXPECT_FALSE(w[1].value);
  EXPECT_EQ(w[0].plate_at_gate, "冀B12345");
  EXPECT_GE(w[1].time_unix_ms - w[0].time_unix_ms, kPulseMs - 20);

  EXPECT_TRUE(eventually([&] { return slave->boom_up(); }));
  slave->set_boom_loop(true);
  slave->set_boom_loop(false);
  EXPECT_FALSE(slave->boom_up());

  for (size_t i = 0; i < log.size(); ++i) {
    EXPECT_NE(log.at(i).kind, Kind::kFault) << log.at(i).message;
  }
}

TEST(ModbusBarrierTest, EveryRequestGetsItsOwnPulse) {
  auto slave = start_slave();
  ASSERT_TRUE(slave);
  EventLog log;
  ModbusBarrier barrier(config(slave->port(), 50), log.handler());
  barrier.start();
  ASSERT_TRUE(log.wait_kind(Kind::kInputs));
  barrier.request_open(1);
  barrier.request_open(2);
  auto a = log.wait_opened(1);
  auto b = log.wait_opened(2);
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(log.at(*a).ok);
  EXPECT_TRUE(log.at(*b).ok);
  EXPECT_LT(*a, *b);
  EXPECT_EQ(slave->open_count(), 2);
  auto h = slave->coil_history();
  ASSERT_FALSE(h.empty());
  EXPECT_FALSE(h.back().value);
}

TEST(ModbusBarrierTest, LoopInputsFlowThroughAsEvents) {
  auto slave = start_slave();
  ASSERT_TRUE(slave);
  EventLog log;
  ModbusBarrier barrier(config(slave->port()), log.handler());
  barrier.start();
  auto first = log.wait_kind(Kind::kInputs);
  ASSERT_TRUE(first);

  auto inputs_are = [](bool entry, bool boom) {
    return [=](const BarrierEvent& ev) {
      return ev.kind == Kind::kInputs && ev.entry_loop == entry && ev.boom_loop == boom;
    };
  };
  slave->set_entry_loop(true);
  auto e1 = log.wait_for(inputs_are(true, false), *first + 1);
  ASSERT_TRUE(e1);
  slave->set_boom_loop(true);
  auto e2 = log.wait_for(inputs_are(true, true), *e1 + 1);
  ASSERT_TRUE(e2);
  slave->set_entry_loop(false);
  auto e3 = log.wait_for(inputs_are(false, true), *e2 + 1);
  ASSERT_TRUE(e3);
  slave->set_boom_loop(false);
  auto e4 = log.wait_for(inputs_are(false, false), *e3 + 1);
  ASSERT_TRUE(e4);

  // Unchanged inputs are not repeated.
  const size_t n = log.size();
  std::this_thread::sleep_for(150ms);  // several poll periods
  EXPECT_EQ(log.size(), n);
}

TEST(ModbusBarrierTest, FaultFailsOpensAtOnceAndRecoveryForcesCoilToZero) {
  auto slave = start_slave();
  ASSERT_TRUE(slave);
  EventLog log;
  ModbusBarrier barrier(config(slave->port()), log.handler());
  barrier.start();
  ASSERT_TRUE(log.wait_kind(Kind::kInputs));

  slave->set_offline(true);
  auto fault = log.wait_kind(Kind::kFault);
  ASSERT_TRUE(fault);
  EXPECT_FALSE(barrier.connected());
  const std::string message = log.at(*fault).message;
  EXPECT_NE(message.find("127.0.0.1:" + std::to_string(slave->port())), std::string::npos)
      << message;

  // While the module is away an open fails at once and is never served later.
  const size_t writes_before = slave->coil_history().size();
  const auto asked = std::chrono::steady_clock::now();
  barrier.request_open(7);
  auto refused = log.wait_opened(7);
  ASSERT_TRUE(refused);
  EXPECT_LT(std::chrono::steady_clock::now() - asked, 2000ms);
  EXPECT_FALSE(log.at(*refused).ok);
  EXPECT_NE(log.at(*refused).message.find("not connected"), std::string::npos)
      << log.at(*refused).message;

  const size_t before_recovery = log.size();
  slave->set_offline(false);
  auto recovered = log.wait_kind(Kind::kRecovered, before_recovery);
  ASSERT_TRUE(recovered);
  ASSERT_TRUE(log.wait_kind(Kind::kInputs, *recovered + 1)) << "inputs reported after reconnect";
  EXPECT_TRUE(barrier.connected());

  // The first write after reconnecting is coil 0; the refused open never pulsed.
  auto w = writes_since(*slave, writes_before);
  ASSERT_FALSE(w.empty());
  EXPECT_FALSE(w[0].value);
  for (const auto& x : w) EXPECT_FALSE(x.value);
  EXPECT_EQ(slave->open_count(), 0);

  // Only one fault per outage, and token 7 reported exactly once.
  int faults = 0;
  int sevens = 0;
  for (size_t i = 0; i < log.size(); ++i) {
    const auto ev = log.at(i);
    faults += ev.kind == Kind::kFault;
    sevens += ev.kind == Kind::kOpened && ev.token == 7;
  }
  EXPECT_EQ(faults, 1);
  EXPECT_EQ(sevens, 1);

  barrier.request_open(8);
  auto opened = log.wait_opened(8);
  ASSERT_TRUE(opened);
  EXPECT_TRUE(log.at(*opened).ok) << log.at(*opened).message;
  EXPECT_EQ(slave->open_count(), 1);
  EXPECT_FALSE(slave->coil_history().back().value);
}

TEST(ModbusBarrierTest, ConnectionLostDuringPulseResetsCoilOnReconnect) {
  auto slave = start_slave();
  ASSERT_TRUE(slave);
  EventLog log;
  ModbusBarrier barrier(config(slave->port(), 5000), log.handler());
  barrier.start();
  ASSERT_TRUE(log.wait_kind(Kind::kInputs));

  barrier.request_open(9);
  ASSERT_TRUE(eventually([&] { return slave->open_count() == 1; }));
  slave->set_offline(true);  // the module vanishes with the coil still at 1

  auto opened = log.wait_opened(9);
  ASSERT_TRUE(opened);
  EXPECT_FALSE(log.at(*opened).ok);
  ASSERT_TRUE(log.wait_kind(Kind::kFault));
  EXPECT_TRUE(slave->coil_history().back().value);

  slave->set_offline(false);
  ASSERT_TRUE(log.wait_kind(Kind::kRecovered));
  auto h = slave->coil_history();
  ASSERT_GE(h.size(), 3u);
  EXPECT_FALSE(h.back().value) << "reconnect writes coil 0 first";
  EXPECT_EQ(slave->open_count(), 1);
}

TEST(ModbusBarrierTest, ModuleAbsentAtStartFaultsThenRecovers) {
  auto slave = start_slave();
  ASSERT_TRUE(slave);
  slave->set_offline(true);
  EventLog log;
  ModbusBarrier barrier(config(slave->port()), log.handler());
  barrier.start();

  auto fault = log.wait_kind(Kind::kFault);
  ASSERT_TRUE(fault);
  EXPECT_FALSE(barrier.connected());
  barrier.request_open(3);
  auto refused = log.wait_opened(3);
  ASSERT_TRUE(refused);
  EXPECT_FALSE(log.at(*refused).ok);

  slave->set_offline(false);
  ASSERT_TRUE(log.wait_kind(Kind::kRecovered));
  ASSERT_TRUE(log.wait_kind(Kind::kInputs));
  ASSERT_FALSE(slave->coil_history().empty());
  EXPECT_FALSE(slave->coil_history().front().value);
  EXPECT_EQ(slave->open_count(), 0);
}

TEST(ModbusBarrierTest, OpenRequestedDuringConnectAttemptIsFailedNotServedLate) {
  auto slave = start_slave();
  ASSERT_TRUE(slave);
  HoldingProxy proxy(slave->port());
  ASSERT_NE(proxy.port(), 0);
  proxy.hold(true);
  EventLog log;
  gate::v1::BarrierConfig cfg = config(proxy.port());
  cfg.set_response_timeout_ms(3000);  // the held coil-0 write must not time out
  ModbusBarrier barrier(cfg, log.handler());
  barrier.start();

  // TCP is up and the coil-0 write is stuck in the proxy: the driver is still connecting.
  ASSERT_TRUE(eventually([&] { return proxy.held_bytes() > 0; }));
  EXPECT_FALSE(barrier.connected());
  barrier.request_open(21);
  proxy.hold(false);

  auto opened = log.wait_opened(21);
  ASSERT_TRUE(opened);
  EXPECT_FALSE(log.at(*opened).ok) << "an open asked for while disconnected must not fire later";
  ASSERT_TRUE(log.wait_kind(Kind::kInputs));
  EXPECT_TRUE(barrier.connected());
  EXPECT_EQ(slave->open_count(), 0);
  for (const auto& w : slave->coil_history()) EXPECT_FALSE(w.value);
}

TEST(ModbusBarrierTest, StopDuringPulseLeavesCoilAtZero) {
  auto slave = start_slave();
  ASSERT_TRUE(slave);
  EventLog log;
  ModbusBarrier barrier(config(slave->port(), 10000), log.handler());
  barrier.start();
  ASSERT_TRUE(log.wait_kind(Kind::kInputs));

  barrier.request_open(11);
  ASSERT_TRUE(eventually([&] { return slave->open_count() == 1; }));
  const auto t0 = std::chrono::steady_clock::now();
  barrier.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5000ms) << "stop cuts the pulse short";
  EXPECT_FALSE(barrier.connected());
  EXPECT_FALSE(slave->coil_history().back().value);

  auto opened = log.wait_opened(11);  // already sent before stop() returned
  ASSERT_TRUE(opened);
  EXPECT_FALSE(log.at(*opened).ok);

  // Requests after stop are not served.
  barrier.request_open(12);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(slave->open_count(), 1);
}

TEST(ModbusBarrierTest, NothingListeningGivesFaultWithAddress) {
  // Find a free port by starting and dropping a slave.
  uint16_t port = 0;
  {
    auto slave = start_slave();
    ASSERT_TRUE(slave);
    port = slave->port();
  }
  EventLog log;
  ModbusBarrier barrier(config(port), log.handler());
  barrier.start();
  auto fault = log.wait_kind(Kind::kFault);
  ASSERT_TRUE(fault);
  EXPECT_NE(log.at(*fault).message.find("127.0.0.1:" + std::to_string(port)), std::string::npos)
      << log.at(*fault).message;
  barrier.request_open(5);
  auto refused = log.wait_opened(5);
  ASSERT_TRUE(refused);
  EXPECT_FALSE(log.at(*refused).ok);
}

// ---------------------------------------------------------------- a module that misbehaves
//
// The faults of libmodbus's own test server, set on the module's coil writes while its loop
// inputs still read normally: the open request itself meets the fault. Each must fail closed:
// the open is answered as failed with a message naming the fault, the driver reports the module
// fault, no open is ever reported that the module did not make, and once the fault clears the
// driver reconnects with the coil at 0 and opens again.

struct FaultedOpen {
  BarrierEvent opened;        // the kOpened event of the open asked for under the fault
  BarrierEvent fault;         // the kFault event
  BarrierEvent while_down;    // the kOpened event of a second open asked for during the outage
  int opens_under_fault = 0;  // rising edges of the coil while the fault was set
};

// Asks for an open while `fault` is set on coil writes, then one more during the outage, then
// clears the fault and checks the recovery.
FaultedOpen open_under_fault(sim::BarrierFault fault, int late_reply_ms = 1000) {
  FaultedOpen out;
  sim::BarrierSlaveOptions opt = slave_options();
  opt.late_reply_ms = late_reply_ms;
  auto started = sim::BarrierSlave::Start(opt);
  if (!started.ok()) {
    ADD_FAILURE() << started.error();
    return out;
  }
  auto& slave = *started.value();
  EventLog log;
  ModbusBarrier barrier(config(slave.port()), log.handler());
  barrier.start();
  if (!log.wait_kind(Kind::kInputs)) {
    ADD_FAILURE() << "no inputs from the healthy module";
    return out;
  }
  slave.set_fault(fault, /*coil_writes_only=*/true);
  barrier.request_open(1);
  const auto opened = log.wait_opened(1);
  const auto faulted = log.wait_kind(Kind::kFault);
  if (!opened || !faulted) {
    ADD_FAILURE() << "no answer to the open, or no fault, under " << sim::barrier_fault_name(fault);
    return out;
  }
  out.opened = log.at(*opened);
  out.fault = log.at(*faulted);
  EXPECT_FALSE(barrier.connected());

  // During the outage an open fails at once.
  const auto asked = std::chrono::steady_clock::now();
  barrier.request_open(2);
  const auto refused = log.wait_opened(2);
  EXPECT_LT(std::chrono::steady_clock::now() - asked, 2000ms);
  if (refused) out.while_down = log.at(*refused);
  out.opens_under_fault = slave.open_count();

  const size_t before_recovery = log.size();
  slave.set_fault(sim::BarrierFault::kNone);
  const auto recovered = log.wait_kind(Kind::kRecovered, before_recovery);
  EXPECT_TRUE(recovered) << "the driver recovers when the fault clears";
  if (!recovered) return out;
  EXPECT_TRUE(barrier.connected());
  EXPECT_FALSE(slave.coil_history().back().value) << "the reconnect writes coil 0 first";
  const int opens_before = slave.open_count();
  barrier.request_open(3);
  const auto reopened = log.wait_opened(3);
  EXPECT_TRUE(reopened && log.at(*reopened).ok) << "opens again after the fault";
  EXPECT_EQ(slave.open_count(), opens_before + 1);
  EXPECT_GT(slave.faulted_replies(), 0);

  // Fail closed: no open reported as done while the fault was set.
  for (size_t i = 0; i < log.size(); ++i) {
    const BarrierEvent ev = log.at(i);
    if (ev.kind == Kind::kOpened && ev.token != 3) {
      EXPECT_FALSE(ev.ok) << "token " << ev.token;
    }
  }
  return out;
}

bool names(const BarrierEvent& ev, const std::string& what) {
  return ev.message.find(what) != std::string::npos;
}

TEST(ModbusBarrierFaultTest, BusyModuleFailsTheOpenAndRecovers) {
  const FaultedOpen r = open_under_fault(sim::BarrierFault::kBusy);
  EXPECT_FALSE(r.opened.ok);
  EXPECT_TRUE(names(r.opened, "busy")) << r.opened.message;
  EXPECT_TRUE(names(r.fault, "busy")) << r.fault.message;
  EXPECT_FALSE(r.while_down.ok);
  EXPECT_EQ(r.opens_under_fault, 0) << "a busy module changed nothing";
}

TEST(ModbusBarrierFaultTest, ReplyAfterTheTimeoutFailsTheOpenAndTheCoilEndsAtZero) {
  // The module takes the write but answers after the driver's 300 ms response timeout.
  const FaultedOpen r = open_under_fault(sim::BarrierFault::kLateReply, 700);
  EXPECT_FALSE(r.opened.ok);
  EXPECT_TRUE(names(r.opened, "timed out")) << r.opened.message;
  EXPECT_TRUE(names(r.fault, "timed out")) << r.fault.message;
  EXPECT_FALSE(r.while_down.ok);
  EXPECT_TRUE(names(r.while_down, "not connected")) << r.while_down.message;
}

TEST(ModbusBarrierFaultTest, ReplyFromAnotherUnitIsNotTakenAsTheOpen) {
  const FaultedOpen r = open_under_fault(sim::BarrierFault::kWrongUnitId);
  EXPECT_FALSE(r.opened.ok) << "another unit's answer is no open";
  EXPECT_TRUE(names(r.opened, "unit")) << r.opened.message;
  EXPECT_TRUE(names(r.fault, "unit")) << r.fault.message;
  EXPECT_FALSE(r.while_down.ok);
  EXPECT_EQ(r.opens_under_fault, 0) << "the module itself never took the write";
}

TEST(ModbusBarrierFaultTest, IllegalAddressFailsTheOpenNamingIt) {
  const FaultedOpen r = open_under_fault(sim::BarrierFault::kIllegalAddress);
  EXPECT_FALSE(r.opened.ok);
  EXPECT_TRUE(names(r.opened, "Illegal data address")) << r.opened.message;
  EXPECT_TRUE(names(r.fault, "Illegal data address")) << r.fault.message;
  EXPECT_FALSE(r.while_down.ok);
  EXPECT_EQ(r.opens_under_fault, 0);
}

}  // namespace
}  // namespace gate::drivers
