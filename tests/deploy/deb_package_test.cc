// The Debian package end to end without installing it: `cpack -G DEB` on this build tree,
// `dpkg-deb -x` into a temporary root, the files, conffile, maintainer scripts and the systemd
// unit's keys checked; then the unpacked gated, run on the shipped default configuration (paths
// moved into the temporary root, ports made free), tells a NOTIFY_SOCKET the test listens on
// that it is READY and keeps the watchdog fed, as systemd would see it.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>

#include "tests/support/process.h"

namespace gate::testing {
namespace {

namespace fs = std::filesystem;
const std::string kBuild = GATE_BUILD_DIR;
const std::string kCpack = GATE_CPACK;
const std::string kDpkgDeb = GATE_DPKG_DEB;

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

// The unit's [Service]/[Unit]/[Install] keys (last value wins, as in systemd for these keys).
std::map<std::string, std::string> unit_keys(const std::string& text) {
  std::map<std::string, std::string> keys;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line[0] == '[') continue;
    const auto eq = line.find('=');
    if (eq != std::string::npos) keys[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return keys;
}

class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
    bound_ = ::bind(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
    timeval tv{0, 250 * 1000};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~NotifySocket() { ::close(fd_); }
  bool bound() const { return bound_; }
  // Waits up to `timeout_ms` for a datagram containing `text`; returns it, or "".
  std::string wait_for(const std::string& text, int timeout_ms) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < end) {
      char buf[1024];
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) continue;
      std::string msg(buf, static_cast<std::size_t>(n));
      if (msg.find(text) != std::string::npos) return msg;
    }
    return "";
  }

 private:
  int fd_ = -1;
  bool bound_ = false;
};

class DebPackageTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = make_temp_dir(); }
  void TearDown() override {
    ::unsetenv("NOTIFY_SOCKET");
    ::unsetenv("WATCHDOG_USEC");
    if (HasFailure() && fs::exists(dir_ + "/gated.err")) {
      std::cerr << "--- gated stderr ---\n" << read_file(dir_ + "/gated.err");
    }
    remove_tree(dir_);
  }
  std::string dir_;
};

TEST_F(DebPackageTest, PackageUnpacksWithItsFilesAndUnitAndGatedNotifiesReady) {
  std::string out;
  ASSERT_EQ(run_command({kCpack, "-G", "DEB", "--config", kBuild + "/CPackConfig.cmake", "-B",
                         dir_ + "/pkg"},
                        &out, 300000),
            0)
      << out;
  std::string deb;
  for (const auto& e : fs::directory_iterator(dir_ + "/pkg")) {
    if (e.path().extension() == ".deb") deb = e.path().string();
  }
  ASSERT_FALSE(deb.empty()) << out;
  std::cout << "package " << fs::path(deb).filename().string() << ": " << fs::file_size(deb)
            << " bytes\n";

  const std::string root = dir_ + "/root", control = dir_ + "/control";
  ASSERT_EQ(run_command({kDpkgDeb, "-x", deb, root}, &out), 0) << out;
  ASSERT_EQ(run_command({kDpkgDeb, "-e", deb, control}, &out), 0) << out;
  ASSERT_EQ(run_command({kDpkgDeb, "-f", deb, "Package", "Depends"}, &out), 0) << out;
  EXPECT_NE(out.find("Package: gate-controller"), std::string::npos) << out;
  EXPECT_NE(out.find("adduser"), std::string::npos) << out;
  // The evidence photos' Chinese text needs a CJK font (drivers/caption/caption_font.h).
  EXPECT_NE(out.find("fonts-noto-cjk | fonts-wqy-microhei"), std::string::npos) << out;
  EXPECT_NE(out.find("libsqlite3"), std::string::npos) << "shared-library dependencies: " << out;

  for (const char* f : {"usr/bin/gated", "usr/bin/gatectl", "usr/bin/gate-sim"}) {
    EXPECT_EQ(::access((root + "/" + f).c_str(), X_OK), 0) << f;
  }
  EXPECT_TRUE(fs::exists(root + "/usr/share/gate/policies/henan-jiaozuo-2025.textproto"));
  EXPECT_TRUE(fs::exists(root + "/usr/share/gate/policies/henan-kaifeng-2025.textproto"));
  EXPECT_TRUE(fs::exists(root + "/etc/gate/gated.textproto"));
  // The plate model: a lane with a plain camera and no model_path loads it from here.
  EXPECT_GT(fs::file_size(root + "/usr/share/gate/models/plate_recognizer.onnx"), 100000u);
  // The plate-recognition plugin where gated looks for it (lpr_plugin_loader.h), and the OpenCV
  // modules it links among the package's dependencies (gated itself no longer links them).
  EXPECT_TRUE(fs::is_regular_file(root + "/usr/lib/gate/gate-lpr-plugin.so"));
  EXPECT_NE(out.find("libopencv-videoio"), std::string::npos) << out;
  EXPECT_NE(out.find("libopencv-dnn"), std::string::npos) << out;
  EXPECT_TRUE(fs::exists(root + "/usr/share/doc/gate-controller/README.md"));
  EXPECT_EQ(read_file(control + "/conffiles"), "/etc/gate/gated.textproto\n");
  const std::string postinst = read_file(control + "/postinst");
  EXPECT_NE(postinst.find("adduser --system"), std::string::npos);
  EXPECT_NE(postinst.find("useradd --system"), std::string::npos);
  struct stat st {};
  ASSERT_EQ(::stat((control + "/postinst").c_str(), &st), 0);
  EXPECT_TRUE(st.st_mode & S_IXUSR);
  // The maintainer scripts are valid sh.
  for (const char* s : {"postinst", "prerm", "postrm"}) {
    EXPECT_EQ(run_command({"/bin/sh", "-n", control + "/" + s}, &out), 0) << s << ": " << out;
  }

  const std::string unit_text = read_file(root + "/lib/systemd/system/gated.service");
  ASSERT_FALSE(unit_text.empty());
  auto unit = unit_keys(unit_text);
  EXPECT_EQ(unit["Type"], "notify");
  EXPECT_EQ(unit["WatchdogSec"], "30s");
  EXPECT_EQ(unit["Restart"], "on-failure");
  EXPECT_EQ(unit["User"], "gate");
  EXPECT_EQ(unit["StateDirectory"], "gate");
  EXPECT_EQ(unit["StandardError"], "journal");
  EXPECT_EQ(unit["ExecStart"], "/usr/bin/gated --config /etc/gate/gated.textproto");
  EXPECT_EQ(unit["WantedBy"], "multi-user.target");

  // The shipped configuration, moved into the temporary root, with free loopback ports.
  const std::string state = dir_ + "/var/lib/gate", etc = dir_ + "/etc/gate";
  fs::create_directories(state);
  fs::create_directories(etc);
  std::string cfg = read_file(root + "/etc/gate/gated.textproto");
  cfg = replace_all(cfg, "/var/lib/gate", state);
  cfg = replace_all(cfg, "/usr/share/gate", root + "/usr/share/gate");
  cfg = replace_all(cfg, "/etc/gate", etc);
  cfg = replace_all(cfg, "\"0.0.0.0\"", "\"127.0.0.1\"");
  cfg = replace_all(cfg, "port: 8080", "port: " + std::to_string(free_port()));
  cfg = replace_all(cfg, "port: 8070", "port: " + std::to_string(free_port()));
  cfg = replace_all(cfg, "host: \"192.168.1.50\" port: 502",
                    "host: \"127.0.0.1\" port: " + std::to_string(free_port()));
  write_file(etc + "/gated.textproto", cfg);
  write_file(etc + "/operator.token", "0123456789abcdef0123456789abcdef\n");
  const std::string gated = root + "/usr/bin/gated";
  ASSERT_EQ(run_command({gated, "--config", etc + "/gated.textproto", "--check"}, &out), 0) << out;

  const std::string sock_path = dir_ + "/notify";
  NotifySocket sock(sock_path);
  ASSERT_TRUE(sock.bound());
  ::setenv("NOTIFY_SOCKET", sock_path.c_str(), 1);
  ::setenv("WATCHDOG_USEC", "1000000", 1);  // pings every 500 ms
  ChildProcess daemon({gated, "--config", etc + "/gated.textproto"}, dir_ + "/gated.out",
                      dir_ + "/gated.err");
  ::unsetenv("NOTIFY_SOCKET");
  ::unsetenv("WATCHDOG_USEC");
  const std::string ready = sock.wait_for("READY=1", 30000);
  EXPECT_NE(ready, "") << "no READY=1 from the unpacked gated";
  EXPECT_NE(ready.find("STATUS="), std::string::npos) << ready;
  EXPECT_NE(sock.wait_for("WATCHDOG=1", 5000), "") << "no watchdog ping";
  EXPECT_NE(sock.wait_for("WATCHDOG=1", 5000), "") << "watchdog pings stopped";
  EXPECT_EQ(daemon.stop(), 0);
  EXPECT_NE(sock.wait_for("STOPPING=1", 2000), "");
  EXPECT_TRUE(fs::exists(state + "/gate.db"));
  // The seal key is outside the data folder (the shipped audit { … }); postinst makes it.
  EXPECT_TRUE(fs::exists(etc + "/seal.key"));
  EXPECT_FALSE(fs::exists(state + "/gate.db.key"));
  EXPECT_NE(postinst.find("openssl genpkey -algorithm ed25519 -out /etc/gate/seal.key"),
            std::string::npos);
}

}  // namespace
}  // namespace gate::testing
