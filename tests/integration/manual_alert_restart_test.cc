// A manual alert level set through the dashboard API survives a restart of a real gated on
// 127.0.0.1: after the restart the lanes use it, it is still shown as manual with who set it
// and why, and the start-up log says so; ending it ("platform") also survives a restart.
#include <gtest/gtest.h>

#include <map>
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

class ManualAlertRestartTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    camera_port_ = free_port();
    api_port_ = free_port();
    OneLaneGate g;
    g.camera_port = camera_port_;
    g.policy_version = "alert-test";
    g.extra = "alert_level: ALERT_LEVEL_NONE\napi { port: " + std::to_string(api_port_) +
              " operator_token: \"" + kOperator + "\" }\n";
    write_file(dir_ + "/gated.textproto", one_lane_gate_config(g));
  }
  void TearDown() override {
    if (HasFailure()) std::cerr << "--- gated stderr ---\n" << read_file(err_) << "\n";
    remove_tree(dir_);
  }
  std::unique_ptr<ChildProcess> start_gated(int run) {
    err_ = dir_ + "/gated" + std::to_string(run) + ".err";
    auto p = std::make_unique<ChildProcess>(
        std::vector<std::string>{kBin + "/gated", "--config", dir_ + "/gated.textproto"},
        dir_ + "/gated" + std::to_string(run) + ".out", err_);
    EXPECT_TRUE(
        wait_until([&] { return call("GET", "/api/v1/dashboard/alert").status == 200; }, 15000));
    return p;
  }
  drivers::HttpReply call(const std::string& method, const std::string& target,
                          const std::string& body = "") {
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(api_port_), "/"};
    auto r = drivers::http_request(url, method, target, body, "application/json", 5000,
                                   {{"Authorization", "Bearer " + kOperator}});
    return r.ok() ? r.value() : drivers::HttpReply{};
  }
  json lanes() { return json::parse(call("GET", "/api/v1/dashboard/lanes").body); }

  std::string dir_, err_;
  int camera_port_ = 0, api_port_ = 0;
};

TEST_F(ManualAlertRestartTest, AManualLevelIsStillInForceAndMarkedManualAfterARestart) {
  {
    auto gated = start_gated(1);
    auto j = lanes();
    EXPECT_EQ(j["alert"]["level"], "none");
    auto r = call("POST", "/api/v1/dashboard/alert",
                  R"({"level": "orange", "reason": "platform link down, bureau phoned"})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(lanes()["lanes"][0]["alert_level"], "orange");
    EXPECT_EQ(gated->stop(), 0);
  }
  {
    auto gated = start_gated(2);
    auto j = lanes();
    EXPECT_EQ(j["alert"]["level"], "orange") << j.dump();
    EXPECT_EQ(j["alert"]["source"], "manual");
    EXPECT_EQ(j["alert"]["set_by"], "operator");
    EXPECT_EQ(j["alert"]["reason"], "platform link down, bureau phoned");
    EXPECT_FALSE(j["alert"]["set_time"].get<std::string>().empty());
    EXPECT_EQ(j["lanes"][0]["alert_level"], "orange");
    EXPECT_NE(read_file(err_).find("still in force after the restart"), std::string::npos);
    // Ending it is kept too.
    auto r = call("POST", "/api/v1/dashboard/alert",
                  R"({"level": "platform", "reason": "link restored"})");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(gated->stop(), 0);
  }
  auto gated = start_gated(3);
  auto j = lanes();
  EXPECT_EQ(j["alert"]["level"], "none") << j.dump();
  EXPECT_NE(j["alert"]["source"], "manual");
  EXPECT_EQ(j["lanes"][0]["alert_level"], "none");
}

}  // namespace
}  // namespace gate::testing
