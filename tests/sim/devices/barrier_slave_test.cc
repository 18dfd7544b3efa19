// BarrierSlave driven by a raw libmodbus client over loopback.
#include "sim/devices/barrier_slave.h"

#include <gtest/gtest.h>
#include <modbus/modbus.h>

#include <cerrno>
#include <chrono>
#include <functional>
#include <memory>
#include <thread>

namespace gate::sim {
namespace {

using namespace std::chrono_literals;

// Polls `cond` until it holds or `timeout` passes.
bool eventually(const std::function<bool()>& cond, std::chrono::milliseconds timeout = 5000ms) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return cond();
}

struct ModbusDeleter {
  void operator()(modbus_t* ctx) const {
    modbus_close(ctx);
    modbus_free(ctx);
  }
};
using Client = std::unique_ptr<modbus_t, ModbusDeleter>;

// A client context for the slave (not connected yet).
Client make_client(uint16_t port) {
  Client c(modbus_new_tcp("127.0.0.1", port));
  if (c) {
    modbus_set_slave(c.get(), 1);
    modbus_set_response_timeout(c.get(), 1, 0);
  }
  return c;
}

Client connect_client(uint16_t port) {
  Client c = make_client(port);
  if (c && modbus_connect(c.get()) == -1) c.reset();
  return c;
}

BarrierSlaveOptions options() {
  BarrierSlaveOptions opt;
  opt.open_coil = 3;
  opt.entry_loop_input = 5;
  opt.boom_loop_input = 9;
  opt.raise_ms = 50;
  return opt;
}

std::unique_ptr<BarrierSlave> start(const BarrierSlaveOptions& opt = options()) {
  auto r = BarrierSlave::Start(opt);
  if (!r.ok()) {
    ADD_FAILURE() << r.error();
    return nullptr;
  }
  return std::move(r).value();
}

// Reads one discrete input; -1 on error.
int read_input(modbus_t* ctx, int address) {
  uint8_t bit = 0;
  if (modbus_read_input_bits(ctx, address, 1, &bit) != 1) return -1;
  return bit;
}

TEST(BarrierSlaveTest, PicksAFreePort) {
  auto slave = start();
  ASSERT_TRUE(slave);
  EXPECT_NE(slave->port(), 0);
  EXPECT_TRUE(connect_client(slave->port()));
}

TEST(BarrierSlaveTest, RejectsBadAddresses) {
  for (auto set : {+[](BarrierSlaveOptions& o) { o.open_coil = -1; },
                   +[](BarrierSlaveOptions& o) { o.entry_loop_input = -2; },
                   +[](BarrierSlaveOptions& o) { o.boom_loop_input = 70000; }}) {
    BarrierSlaveOptions opt = options();
    set(opt);
    auto r = BarrierSlave::Start(opt);
    EXPECT_FALSE(r.ok());
  }
  BarrierSlaveOptions opt = options();
  opt.open_coil = -1;
  auto r = BarrierSlave::Start(opt);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("open_coil"), std::string::npos) << r.error();
}

TEST(BarrierSlaveTest, DiscreteInputsFollowTheScenario) {
  auto slave = start();
  ASSERT_TRUE(slave);
  Client c = connect_client(slave->port());
  ASSERT_TRUE(c);
  EXPECT_EQ(read_input(c.get(), 5), 0);
  EXPECT_EQ(read_input(c.get(), 9), 0);

  slave->set_entry_loop(true);
  EXPECT_EQ(read_input(c.get(), 5), 1);
  EXPECT_EQ(read_input(c.get(), 9), 0);

  slave->set_boom_loop(true);
  slave->set_entry_loop(false);
  EXPECT_EQ(read_input(c.get(), 5), 0);
  EXPECT_EQ(read_input(c.get(), 9), 1);

  // A range read covering both.
  uint8_t bits[5] = {};
  ASSERT_EQ(modbus_read_input_bits(c.get(), 5, 5, bits), 5);
  EXPECT_EQ(bits[0], 0);
  EXPECT_EQ(bits[4], 1);

  // Beyond the mapping: an exception, not a crash.
  EXPECT_EQ(modbus_read_input_bits(c.get(), 10, 1, bits), -1);
  EXPECT_EQ(read_input(c.get(), 9), 1);  // connection still usable
}

TEST(BarrierSlaveTest, CoilWritesAreRecordedAndRaiseTheBoom) {
  BarrierSlaveOptions opt = options();
  opt.raise_ms = 300;
  auto slave = start(opt);
  ASSERT_TRUE(slave);
  Client c = connect_client(slave->port());
  ASSERT_TRUE(c);

  slave->set_plate_at_gate("京A12345");
  ASSERT_EQ(modbus_write_bit(c.get(), 3, 0), 1);
  EXPECT_EQ(slave->open_count(), 0);
  EXPECT_FALSE(slave->boom_up());

  ASSERT_EQ(modbus_write_bit(c.get(), 3, 1), 1);
  EXPECT_EQ(slave->open_count(), 1);
  EXPECT_FALSE(slave->boom_up()) << "the boom needs raise_ms to travel";
  EXPECT_TRUE(eventually([&] { return slave->boom_up(); }));

  ASSERT_EQ(modbus_write_bit(c.get(), 3, 1), 1);  // still 1: no new rising edge
  EXPECT_EQ(slave->open_count(), 1);
  slave->set_plate_at_gate("");
  ASSERT_EQ(modbus_write_bit(c.get(), 3, 0), 1);
  // Writes to other coils are not the open coil.
  ASSERT_EQ(modbus_write_bit(c.get(), 2, 1), 1);
  EXPECT_EQ(slave->open_count(), 1);

  auto h = slave->coil_history();
  ASSERT_EQ(h.size(), 4u);
  EXPECT_FALSE(h[0].value);
  EXPECT_TRUE(h[1].value);
  EXPECT_TRUE(h[2].value);
  EXPECT_FALSE(h[3].value);
  EXPECT_EQ(h[1].plate_at_gate, "京A12345");
  EXPECT_EQ(h[3].plate_at_gate, "");
  for (const auto& w : h) EXPECT_EQ(w.address, 3);
  EXPECT_LE(h[0].time_unix_ms, h[3].time_unix_ms);
  EXPECT_GT(h[0].time_unix_ms, 1600000000000);

  // The boom stays up until a truck has passed under it.
  EXPECT_TRUE(slave->boom_up());
  slave->set_boom_loop(true);
  EXPECT_TRUE(slave->boom_up());
  slave->set_boom_loop(false);
  EXPECT_FALSE(slave->boom_up());
}

TEST(BarrierSlaveTest, MultipleCoilWriteCoveringTheOpenCoilCounts) {
  auto slave = start();
  ASSERT_TRUE(slave);
  Client c = connect_client(slave->port());
  ASSERT_TRUE(c);
  const uint8_t on[4] = {1, 1, 1, 1};
  ASSERT_EQ(modbus_write_bits(c.get(), 0, 4, on), 4);
  EXPECT_EQ(slave->open_count(), 1);
  ASSERT_EQ(slave->coil_history().size(), 1u);
  EXPECT_TRUE(slave->coil_history()[0].value);
  // Out of range: refused, nothing recorded.
  const uint8_t off[8] = {};
  EXPECT_EQ(modbus_write_bits(c.get(), 0, 8, off), -1);
  EXPECT_EQ(slave->coil_history().size(), 1u);
}

TEST(BarrierSlaveTest, ClientCanReconnect) {
  auto slave = start();
  ASSERT_TRUE(slave);
  {
    Client c = connect_client(slave->port());
    ASSERT_TRUE(c);
    EXPECT_EQ(read_input(c.get(), 5), 0);
  }
  Client c = connect_client(slave->port());
  ASSERT_TRUE(c);
  slave->set_entry_loop(true);
  EXPECT_EQ(read_input(c.get(), 5), 1);

  // A second client replaces the first (one client at a time).
  Client d = connect_client(slave->port());
  ASSERT_TRUE(d);
  EXPECT_EQ(read_input(d.get(), 5), 1);
}

TEST(BarrierSlaveTest, OfflineRefusesConnectionsAndComesBackOnTheSamePort) {
  auto slave = start();
  ASSERT_TRUE(slave);
  const uint16_t port = slave->port();
  Client c = connect_client(port);
  ASSERT_TRUE(c);
  ASSERT_EQ(modbus_write_bit(c.get(), 3, 1), 1);

  slave->set_offline(true);
  EXPECT_EQ(read_input(c.get(), 5), -1) << "the open connection is closed";
  Client refused = make_client(port);
  ASSERT_TRUE(refused);
  EXPECT_EQ(modbus_connect(refused.get()), -1);

  slave->set_offline(false);
  EXPECT_EQ(slave->port(), port);
  Client back = connect_client(port);
  ASSERT_TRUE(back);
  slave->set_entry_loop(true);
  EXPECT_EQ(read_input(back.get(), 5), 1);
  // The module kept its coil state while away; a write of 0 is recorded as usual.
  ASSERT_EQ(modbus_write_bit(back.get(), 3, 0), 1);
  auto h = slave->coil_history();
  ASSERT_EQ(h.size(), 2u);
  EXPECT_TRUE(h[0].value);
  EXPECT_FALSE(h[1].value);
  EXPECT_EQ(slave->open_count(), 1);
}

// ---------------------------------------------------------------- fault modes

TEST(BarrierSlaveFaultTest, NamesRoundTrip) {
  for (BarrierFault f : {BarrierFault::kNone, BarrierFault::kBusy, BarrierFault::kLateReply,
                         BarrierFault::kWrongUnitId, BarrierFault::kIllegalAddress}) {
    EXPECT_EQ(barrier_fault_from_name(barrier_fault_name(f)), f) << barrier_fault_name(f);
  }
  EXPECT_FALSE(barrier_fault_from_name("flaky"));
}

TEST(BarrierSlaveFaultTest, ExceptionsChangeNothingAndClearAgain) {
  auto slave = start();
  ASSERT_TRUE(slave);
  Client c = connect_client(slave->port());
  ASSERT_TRUE(c);
  slave->set_fault(BarrierFault::kBusy);
  EXPECT_EQ(modbus_write_bit(c.get(), 3, 1), -1);
  EXPECT_EQ(errno, EMBXSBUSY);
  slave->set_fault(BarrierFault::kIllegalAddress);
  uint8_t bits[16] = {};
  EXPECT_EQ(modbus_read_input_bits(c.get(), 5, 5, bits), -1);
  EXPECT_EQ(errno, EMBXILADD);
  EXPECT_EQ(slave->open_count(), 0);
  EXPECT_TRUE(slave->coil_history().empty());
  EXPECT_EQ(slave->faulted_replies(), 2);

  slave->set_fault(BarrierFault::kNone);
  EXPECT_EQ(modbus_write_bit(c.get(), 3, 1), 1);
  EXPECT_EQ(slave->open_count(), 1);
}

TEST(BarrierSlaveFaultTest, CoilWritesOnlyLeavesTheInputsReadable) {
  auto slave = start();
  ASSERT_TRUE(slave);
  Client c = connect_client(slave->port());
  ASSERT_TRUE(c);
  slave->set_fault(BarrierFault::kBusy, /*coil_writes_only=*/true);
  slave->set_entry_loop(true);
  uint8_t bits[16] = {};
  ASSERT_EQ(modbus_read_input_bits(c.get(), 5, 5, bits), 5);
  EXPECT_EQ(bits[0], 1);
  EXPECT_EQ(modbus_write_bit(c.get(), 3, 1), -1);
  EXPECT_EQ(errno, EMBXSBUSY);
  EXPECT_EQ(slave->open_count(), 0);
}

TEST(BarrierSlaveFaultTest, LateReplyComesAfterTheClientGaveUpButTheWriteIsTaken) {
  BarrierSlaveOptions opt = options();
  opt.late_reply_ms = 400;
  auto slave = start(opt);
  ASSERT_TRUE(slave);
  Client c = connect_client(slave->port());
  ASSERT_TRUE(c);
  modbus_set_response_timeout(c.get(), 0, 100000);  // 100 ms
  slave->set_fault(BarrierFault::kLateReply);
  EXPECT_EQ(modbus_write_bit(c.get(), 3, 1), -1);
  EXPECT_EQ(errno, ETIMEDOUT);
  EXPECT_TRUE(eventually([&] { return slave->open_count() == 1; }))
      << "the module takes the write when it finally answers";
}

TEST(BarrierSlaveFaultTest, WrongUnitIdAnswersAsAnotherUnitAndChangesNothing) {
  auto slave = start();
  ASSERT_TRUE(slave);
  Client c = connect_client(slave->port());
  ASSERT_TRUE(c);
  slave->set_fault(BarrierFault::kWrongUnitId);
  // A raw exchange shows the unit id of the reply (libmodbus does not check it for TCP).
  const uint8_t raw[] = {1, MODBUS_FC_WRITE_SINGLE_COIL, 0x00, 0x03, 0xFF, 0x00};
  ASSERT_NE(modbus_send_raw_request(c.get(), raw, sizeof raw), -1);
  uint8_t rsp[MODBUS_TCP_MAX_ADU_LENGTH];
  const int n = modbus_receive_confirmation(c.get(), rsp);
  ASSERT_GT(n, 7);
  EXPECT_EQ(rsp[6], 2) << "unit id of the reply";
  EXPECT_EQ(rsp[7], MODBUS_FC_WRITE_SINGLE_COIL);
  EXPECT_EQ(slave->open_count(), 0);
  EXPECT_TRUE(slave->coil_history().empty());
}

}  // namespace
}  // namespace gate::sim
