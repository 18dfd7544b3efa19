// Camera health in a real gated on 127.0.0.1 with a real `gate-sim platform` (plain HTTP): a
// declared camera that pushed is online in /metrics, on the dashboard and in the status the
// platform got with the heartbeat; silent past camera.silence_alarm_s (10 s, the shortest
// allowed) it goes offline with one ALARM naming it; its next push brings it back.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "drivers/http/http_client.h"
#include "tests/support/gate_config.h"
#include "tests/support/process.h"

namespace gate::testing {
namespace {

using json = nlohmann::json;

const std::string kBin = GATE_BIN_DIR;
const std::string kOperator = "operator-token-0123456789";
const std::string kOnline = "gate_camera_online{lane=\"L1\",camera=\"cam-in-1\"}";
const std::string kLastSeen =
    "gate_camera_last_seen_timestamp_seconds{lane=\"L1\",camera=\"cam-in-1\"}";

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The value of the sample line starting with `series` (name plus labels), or -1.
double sample(const std::string& text, const std::string& series) {
  const std::size_t at = ("\n" + text).find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 1));
}

class CameraHealthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    camera_port_ = free_port();
    api_port_ = free_port();
    platform_port_ = free_port();
    control_port_ = free_port();
  }
  // `camera_extra`: inside camera { … }, e.g. the silence window and opening hours.
  void write_config(const std::string& camera_extra) {
    OneLaneGate g;
    g.camera_port = camera_port_;
    g.database_path = dir_ + "/gate.db";
    g.camera_extra = camera_extra;
    g.lane_extra =
        "push_cameras { camera_id: \"cam-in-1\" vendor: PUSH_CAMERA_VENDOR_GENERIC "
        "source_address: \"127.0.0.1\" auth: PUSH_CAMERA_AUTH_NONE }\n";
    g.extra = "api { port: " + std::to_string(api_port_) + " operator_token: \"" + kOperator +
              "\" }\nuplink { url: \"http://127.0.0.1:" + std::to_string(platform_port_) +
              "/api/v1\" interval_ms: 100 heartbeat_interval_ms: 300 }\n";
    write_file(dir_ + "/gated.textproto", one_lane_gate_config(g));
  }
  void TearDown() override {
    gated_.reset();
    platform_.reset();
    if (HasFailure()) {
      std::cerr << "--- gated stderr ---\n" << read_file(dir_ + "/gated.err") << "\n";
      std::cerr << "--- platform stderr ---\n" << read_file(dir_ + "/platform.err") << "\n";
    }
    remove_tree(dir_);
  }
  void start() {
    platform_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{kBin + "/gate-sim", "platform", "--port",
                                 std::to_string(platform_port_), "--control-port",
                                 std::to_string(control_port_)},
        dir_ + "/platform.out", dir_ + "/platform.err");
    gated_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{kBin + "/gated", "--config", dir_ + "/gated.textproto"},
        dir_ + "/gated.out", dir_ + "/gated.err");
    ASSERT_TRUE(wait_until([&] { return get(api_port_, "/metrics").status == 200; }, 15000));
    ASSERT_TRUE(
        wait_until([&] { return get(control_port_, "/mock/status").status == 200; }, 10000));
  }
  drivers::HttpReply get(int port, const std::string& target) {
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(port), "/"};
    auto r = drivers::http_request(url, "GET", target, "", "application/json", 2000,
                                   {{"Authorization", "Bearer " + kOperator}});
    return r.ok() ? r.value() : drivers::HttpReply{};
  }
  bool push(const std::string& plate) {
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(camera_port_), "/"};
    const std::string body =
        R"({"plate":")" + plate +
        R"(","lane":"L1","camera":"cam-in-1","confidence":0.95,"time_unix_ms":)" +
        std::to_string(now_ms()) + "}";
    auto r = drivers::http_request(url, "POST", "/camera/generic", body, "application/json", 3000);
    return r.ok() && r.value().status == 200;
  }
  // The platform's last status of TEST-G1 for cam-in-1; null before a heartbeat carried it.
  json platform_camera() {
    const auto reply = get(control_port_, "/mock/status");
    const json status = json::parse(reply.body, nullptr, false);
    if (!status.is_object() || !status.contains("TEST-G1")) return nullptr;
    for (const auto& c : status["TEST-G1"]["cameras"]) {
      if (c.value("camera_id", "") == "cam-in-1" && c.value("lane_id", "") == "L1") return c;
    }
    return nullptr;
  }
  json dashboard_camera() {
    const json d = json::parse(get(api_port_, "/api/v1/dashboard/lanes").body, nullptr, false);
    if (!d.is_object() || !d.contains("cameras")) return nullptr;
    for (const auto& c : d["cameras"]) {
      if (c.value("camera", "") == "cam-in-1") return c;
    }
    return nullptr;
  }
  int count_in_log(const std::string& what) {
    const std::string log = read_file(dir_ + "/gated.err");
    int n = 0;
    for (std::size_t at = log.find(what); at != std::string::npos; at = log.find(what, at + 1)) ++n;
    return n;
  }

  std::string dir_;
  int camera_port_ = 0, api_port_ = 0, platform_port_ = 0, control_port_ = 0;
  std::unique_ptr<ChildProcess> platform_, gated_;
};

TEST_F(CameraHealthTest, PushedIsOnlineSilentIsOfflineWithOneAlarmAndAPushBringsItBack) {
  write_config("silence_alarm_s: 10");
  start();
  ASSERT_TRUE(push("豫Z00001"));
  std::string text;
  ASSERT_TRUE(wait_until(
      [&] {
        text = get(api_port_, "/metrics").body;
        return sample(text, kOnline) == 1 && sample(text, kLastSeen) > 0;
      },
      5000))
      << text;
  EXPECT_NE(text.find("# TYPE gate_camera_online gauge\n"), std::string::npos) << text;
  EXPECT_NE(text.find("# HELP gate_camera_last_seen_timestamp_seconds "), std::string::npos);
  const double seen_s = sample(text, kLastSeen);
  EXPECT_NEAR(seen_s, static_cast<double>(now_ms()) / 1000.0, 10.0);
  json on_platform;
  ASSERT_TRUE(wait_until(
      [&] {
        on_platform = platform_camera();
        return on_platform.is_object() && on_platform.value("online", false) &&
               !on_platform.value("last_seen", "").empty();
      },
      5000))
      << get(control_port_, "/mock/status").body;
  EXPECT_EQ(on_platform["last_seen"].get<std::string>().size(), 25u) << on_platform;  // +08:00
  json on_dashboard = dashboard_camera();
  ASSERT_TRUE(on_dashboard.is_object());
  EXPECT_EQ(on_dashboard["online"], true);
  EXPECT_EQ(on_dashboard["never_seen"], false);
  EXPECT_EQ(on_dashboard["lane"], "L1");
  EXPECT_TRUE(on_dashboard["last_plate"].is_string()) << on_dashboard;
  EXPECT_EQ(count_in_log("camera cam-in-1 silent for"), 0);

  // Silent: offline after the 10 s window, one ALARM on the board and in the log.
  ASSERT_TRUE(
      wait_until([&] { return sample(get(api_port_, "/metrics").body, kOnline) == 0; }, 20000));
  ASSERT_TRUE(wait_until([&] { return count_in_log("camera cam-in-1 silent for") == 1; }, 3000));
  EXPECT_EQ(count_in_log("ALARM lane L1: camera cam-in-1 silent for"), 1);
  const json alarms = json::parse(get(api_port_, "/api/v1/dashboard/alarms").body, nullptr, false);
  ASSERT_TRUE(alarms.is_object()) << alarms;
  int on_board = 0;
  for (const auto& a : alarms["alarms"]) {
    on_board += a.value("text", "").find("camera cam-in-1 silent for") != std::string::npos;
  }
  EXPECT_EQ(on_board, 1) << alarms;
  EXPECT_EQ(dashboard_camera()["online"], false);
  ASSERT_TRUE(wait_until(
      [&] {
        on_platform = platform_camera();
        return on_platform.is_object() && !on_platform.value("online", true);
      },
      5000))
      << get(control_port_, "/mock/status").body;

  // Heard again: online, "heard again" logged, no second ALARM.
  ASSERT_TRUE(push("豫Z00002"));
  ASSERT_TRUE(
      wait_until([&] { return sample(get(api_port_, "/metrics").body, kOnline) == 1; }, 5000));
  ASSERT_TRUE(
      wait_until([&] { return count_in_log("camera cam-in-1 heard again after") == 1; }, 3000));
  EXPECT_EQ(count_in_log("camera cam-in-1 silent for"), 1);
  EXPECT_EQ(gated_->stop(), 0);
}

// Opening hours that exclude the present (local +08:00): offline all the same, but no ALARM. The
// check that would raise it runs before the status /metrics reads is updated, so once the camera
// shows offline the ALARM would already be in the log.
TEST_F(CameraHealthTest, SilenceOutsideOpeningHoursRaisesNoAlarm) {
  const int64_t local_minute = (now_ms() / 60000 + 480) % 1440;
  auto clock = [](int64_t minute) {
    const int64_t m = minute % 1440;
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(m / 60), static_cast<int>(m % 60));
    return std::string(buf);
  };
  write_config("silence_alarm_s: 10 opening_hours: \"" + clock(local_minute + 120) + "-" +
               clock(local_minute + 180) + "\"");
  start();
  ASSERT_TRUE(push("豫Z00003"));
  ASSERT_TRUE(
      wait_until([&] { return sample(get(api_port_, "/metrics").body, kLastSeen) > 0; }, 5000));
  ASSERT_TRUE(
      wait_until([&] { return sample(get(api_port_, "/metrics").body, kOnline) == 0; }, 20000));
  EXPECT_EQ(count_in_log("camera cam-in-1 silent for"), 0);
  EXPECT_EQ(count_in_log("opening hours ("), 1);  // the start line names the hours
  EXPECT_EQ(gated_->stop(), 0);
}

}  // namespace
}  // namespace gate::testing
