// sd_notify without libsystemd: the datagrams arrive on a unix socket the test binds, in the
// file system and in the abstract namespace; the watchdog pings at half the interval; outside
// systemd nothing is sent.
#include "firmware-host/gated/systemd_notify.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string>

#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

// A datagram socket bound to `path` ("@name": abstract), with a receive timeout.
class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path.data(), path.size());
    if (path[0] == '@') addr.sun_path[0] = '\0';
    const auto len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size());
    bound_ = ::bind(fd_, reinterpret_cast<const sockaddr*>(&addr), len) == 0;
    timeval tv{0, 200 * 1000};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~NotifySocket() { ::close(fd_); }
  bool bound() const { return bound_; }
  // The next datagram, or "" after the timeout.
  std::string receive() {
    char buf[512];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "";
  }

 private:
  int fd_ = -1;
  bool bound_ = false;
};

TEST(SystemdNotifier, SendsReadyToThePathSocket) {
  test_support::TempDir dir;
  const std::string path = dir.file("notify");
  NotifySocket sock(path);
  ASSERT_TRUE(sock.bound());
  SystemdNotifier n(path, 0);
  EXPECT_TRUE(n.active());
  Status st = n.notify("READY=1\nSTATUS=deciding trucks");
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(sock.receive(), "READY=1\nSTATUS=deciding trucks");
}

TEST(SystemdNotifier, SendsToAnAbstractSocket) {
  const std::string name = "@gate-notify-test-" + std::to_string(::getpid());
  NotifySocket sock(name);
  ASSERT_TRUE(sock.bound());
  ASSERT_TRUE(SystemdNotifier(name, 0).notify("STOPPING=1").ok());
  EXPECT_EQ(sock.receive(), "STOPPING=1");
}

TEST(SystemdNotifier, WatchdogPingsAtHalfTheInterval) {
  test_support::TempDir dir;
  const std::string path = dir.file("notify");
  NotifySocket sock(path);
  SystemdNotifier n(path, 1'000'000);  // WatchdogSec=1s: ping every 500 ms
  EXPECT_TRUE(n.watchdog(10'000));
  EXPECT_EQ(sock.receive(), "WATCHDOG=1");
  EXPECT_FALSE(n.watchdog(10'100));
  EXPECT_FALSE(n.watchdog(10'499));
  EXPECT_TRUE(n.watchdog(10'500));
  EXPECT_EQ(sock.receive(), "WATCHDOG=1");
  EXPECT_EQ(sock.receive(), "");  // nothing else was sent
}

TEST(SystemdNotifier, WithoutSystemdNothingIsSent) {
  ::unsetenv("NOTIFY_SOCKET");
  SystemdNotifier n = SystemdNotifier::FromEnvironment();
  EXPECT_FALSE(n.active());
  EXPECT_TRUE(n.notify("READY=1").ok());
  EXPECT_FALSE(n.watchdog(0));
}

TEST(SystemdNotifier, ReadsTheEnvironment) {
  ::setenv("NOTIFY_SOCKET", "/run/test/notify", 1);
  ::setenv("WATCHDOG_USEC", "30000000", 1);
  ::setenv("WATCHDOG_PID", std::to_string(::getpid()).c_str(), 1);
  SystemdNotifier mine = SystemdNotifier::FromEnvironment();
  EXPECT_TRUE(mine.active());
  EXPECT_EQ(mine.watchdog_usec(), 30'000'000);
  ::setenv("WATCHDOG_PID", "1", 1);  // meant for another process
  EXPECT_EQ(SystemdNotifier::FromEnvironment().watchdog_usec(), 0);
  ::unsetenv("NOTIFY_SOCKET");
  ::unsetenv("WATCHDOG_USEC");
  ::unsetenv("WATCHDOG_PID");
}

TEST(SystemdNotifier, AnUnreachableSocketIsAnError) {
  test_support::TempDir dir;
  Status st = SystemdNotifier(dir.file("nobody-listens"), 0).notify("READY=1");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("nobody-listens"), std::string::npos) << st.message();
  EXPECT_FALSE(SystemdNotifier("relative/path", 0).notify("READY=1").ok());
}

}  // namespace
}  // namespace gate::host
