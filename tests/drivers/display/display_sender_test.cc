// DisplaySender against gate-sim's simulated display over loopback: messages arrive in order,
// show() never blocks while the display is absent, the oldest waiting message is dropped beyond
// the limit, and a dropped connection is re-established.
#include "drivers/display/display_sender.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "sim/devices/led_display.h"

namespace gate::drivers {
namespace {

bool wait_until(const std::function<bool()>& pred, int timeout_ms) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}

// A loopback port nothing listens on (bound, then released).
uint16_t unused_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

DisplayMessage message(int i) {
  return {i % 2 ? DisplayColour::kRed : DisplayColour::kGreen,
          {"豫A0000" + std::to_string(i), i % 2 ? "禁止通行" : "请通行"}};
}

TEST(DisplaySender, MessagesArriveInOrderWithTheirAddress) {
  auto display = sim::LedDisplay::Start(0, "");
  ASSERT_TRUE(display.ok()) << display.error();
  DisplaySender sender({"127.0.0.1", display.value()->port(), 3, 8, 100, 1000}, nullptr);
  for (int i = 0; i < 5; ++i) sender.show(message(i));
  ASSERT_TRUE(wait_until([&] { return display.value()->shown().size() == 5; }, 5000));
  const auto shown = display.value()->shown();
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(shown[i].message, message(i));
    EXPECT_EQ(shown[i].address, 3);
  }
  EXPECT_EQ(sender.counters().sent, 5u);
  EXPECT_EQ(sender.counters().dropped, 0u);
  EXPECT_EQ(display.value()->bad_frames(), 0);
}

TEST(DisplaySender, AnAbsentDisplayNeverBlocksAndKeepsOnlyTheLatest) {
  const uint16_t port = unused_port();
  std::vector<std::string> log;
  std::mutex log_mu;
  DisplaySender sender({"127.0.0.1", port, 1, 3, 50, 200}, [&](const std::string& m) {
    std::lock_guard lock(log_mu);
    log.push_back(m);
  });
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 10; ++i) sender.show(message(i));
  // Queueing only: far below one connect attempt's timeout, let alone ten.
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(100));
  EXPECT_EQ(sender.counters().dropped, 7u);
  ASSERT_TRUE(wait_until(
      [&] {
        std::lock_guard lock(log_mu);
        return !log.empty();
      },
      3000));
  {
    std::lock_guard lock(log_mu);
    EXPECT_NE(log[0].find("unreachable"), std::string::npos) << log[0];
  }
  // The display comes up: the three latest messages are shown.
  auto display = sim::LedDisplay::Start(port, "");
  ASSERT_TRUE(display.ok()) << display.error();
  ASSERT_TRUE(wait_until([&] { return display.value()->shown().size() == 3; }, 5000));
  const auto shown = display.value()->shown();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(shown[i].message, message(7 + i));
}

TEST(DisplaySender, ReconnectsAfterTheDisplayDropsTheConnection) {
  auto display = sim::LedDisplay::Start(0, "");
  ASSERT_TRUE(display.ok()) << display.error();
  DisplaySender sender({"127.0.0.1", display.value()->port(), 1, 8, 50, 500}, nullptr);
  sender.show(message(0));
  ASSERT_TRUE(wait_until([&] { return display.value()->shown().size() == 1; }, 5000));
  display.value()->drop_connections();
  // A write into a connection the peer closed may still "succeed" once (TCP); keep showing
  // until a later message arrives over a new connection.
  ASSERT_TRUE(wait_until(
      [&] {
        sender.show(message(1));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return display.value()->shown().size() >= 2;
      },
      5000));
  EXPECT_EQ(display.value()->shown().back().message, message(1));
}

}  // namespace
}  // namespace gate::drivers
