// A lane's LED display in a real gated: each decision reaches `gate-sim display` (the simulated
// display of docs/display.md) with the plate and the verdict's colour; a display that is not
// there does not hold up the lane.
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "drivers/http/http_client.h"
#include "tests/support/gate_config.h"
#include "tests/support/process.h"

namespace gate::testing {
namespace {

const std::string kBin = GATE_BIN_DIR;

class DisplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    camera_port_ = free_port();
    display_port_ = free_port();
  }
  void TearDown() override {
    if (HasFailure()) std::cerr << "--- gated stderr ---\n" << read_file(dir_ + "/gated.err");
    remove_tree(dir_);
  }
  void write_config() {
    OneLaneGate g;
    g.camera_port = camera_port_;
    g.policy_version = "display-test";
    g.lane_extra = "  display { host: \"127.0.0.1\" port: " + std::to_string(display_port_) +
                   " address: 1 reconnect_interval_ms: 100 }\n";
    write_file(dir_ + "/gated.textproto", one_lane_gate_config(g));
  }
  bool push(const std::string& plate) {
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(camera_port_), "/"};
    auto r = drivers::http_request(
        url, "POST", "/camera/generic",
        R"({"plate":")" + plate + R"(","lane":"L1","confidence":0.95,"color":"yellow"})",
        "application/json", 2000);
    return r.ok() && r.value().status == 200;
  }
  bool camera_up() {
    drivers::HttpUrl cam{"127.0.0.1", static_cast<uint16_t>(camera_port_), "/"};
    return wait_until(
        [&] { return drivers::http_request(cam, "GET", "/", "", "text/plain", 300).ok(); }, 15000);
  }
  std::string dir_;
  int camera_port_ = 0, display_port_ = 0;
};

TEST_F(DisplayTest, EachDecisionIsShownOnTheSimulatedDisplay) {
  write_config();
  const std::string log = dir_ + "/display.jsonl";
  ChildProcess display(
      {kBin + "/gate-sim", "display", "--port", std::to_string(display_port_), "--log", log},
      dir_ + "/display.out", dir_ + "/display.err");
  ASSERT_TRUE(wait_until(
      [&] { return read_file(dir_ + "/display.out").find("listening") != std::string::npos; },
      10000));
  ChildProcess gated({kBin + "/gated", "--config", dir_ + "/gated.textproto"}, dir_ + "/gated.out",
                     dir_ + "/gated.err");
  ASSERT_TRUE(camera_up());
  ASSERT_TRUE(push("豫Z00001"));  // in no ledger: refused
  ASSERT_TRUE(
      wait_until([&] { return read_file(log).find("豫Z00001") != std::string::npos; }, 10000))
      << read_file(log);
  const std::string shown = read_file(log);
  EXPECT_NE(shown.find("\"colour\":\"red\""), std::string::npos) << shown;
  EXPECT_NE(shown.find("未登记车辆"), std::string::npos) << shown;
  EXPECT_NE(shown.find("\"address\":1"), std::string::npos) << shown;
  EXPECT_EQ(gated.stop(), 0);
  EXPECT_EQ(display.stop(), 0);
  EXPECT_NE(read_file(dir_ + "/display.out").find("1 message(s) shown"), std::string::npos)
      << read_file(dir_ + "/display.out");
}

TEST_F(DisplayTest, AnAbsentDisplayDoesNotHoldUpTheLane) {
  write_config();  // nothing listens on the display port
  ChildProcess gated({kBin + "/gated", "--config", dir_ + "/gated.textproto"}, dir_ + "/gated.out",
                     dir_ + "/gated.err");
  ASSERT_TRUE(camera_up());
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(push("豫Z0000" + std::to_string(i)));
    usleep(80 * 1000);  // past the debounce window
  }
  // Every truck is decided (one line each on stdout) although the display never answered.
  ASSERT_TRUE(wait_until(
      [&] {
        const std::string out = read_file(dir_ + "/gated.out");
        int n = 0;
        for (std::size_t at = out.find("豫Z0000"); at != std::string::npos;
             at = out.find("豫Z0000", at + 1)) {
          ++n;
        }
        return n >= 5;
      },
      10000))
      << read_file(dir_ + "/gated.out");
  EXPECT_NE(read_file(dir_ + "/gated.err").find("unreachable"), std::string::npos);
  EXPECT_EQ(gated.stop(), 0);
}

}  // namespace
}  // namespace gate::testing
