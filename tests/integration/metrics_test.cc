// /metrics in a real gated on 127.0.0.1: served without a token to loopback callers, in the
// Prometheus text format, counting the decisions just made, their latency, the outbox backlog
// and the data disk; the rest of the API still needs a token.
#include <gtest/gtest.h>
#include <unistd.h>

#include <map>
#include <regex>
#include <string>

#include "drivers/http/http_client.h"
#include "tests/support/gate_config.h"
#include "tests/support/process.h"

namespace gate::testing {
namespace {

const std::string kBin = GATE_BIN_DIR;
const std::string kSource = GATE_SOURCE_DIR;

// The value of the sample line starting with `series` (name plus labels), or -1.
double sample(const std::string& text, const std::string& series) {
  const std::size_t at = ("\n" + text).find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 1));
}

class MetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    camera_port_ = free_port();
    api_port_ = free_port();
    OneLaneGate g;
    g.camera_port = camera_port_;
    g.database_path = dir_ + "/gate.db";
    g.policy_version = "metrics-test";
    g.extra = "api { port: " + std::to_string(api_port_) +
              " operator_token: \"operator-token-0123456789\" }\n";
    write_file(dir_ + "/gated.textproto", one_lane_gate_config(g));
  }
  void TearDown() override {
    if (HasFailure()) std::cerr << "--- gated stderr ---\n" << read_file(dir_ + "/gated.err");
    remove_tree(dir_);
  }
  drivers::HttpReply get(const std::string& target) {
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(api_port_), "/"};
    auto r = drivers::http_request(url, "GET", target, "", "text/plain", 5000);
    EXPECT_TRUE(r.ok()) << target << ": " << (r.ok() ? "" : r.error());
    return r.ok() ? r.value() : drivers::HttpReply{};
  }
  bool push(const std::string& plate) {
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(camera_port_), "/"};
    auto r = drivers::http_request(
        url, "POST", "/camera/generic",
        R"({"plate":")" + plate + R"(","lane":"L1","confidence":0.95,"color":"yellow"})",
        "application/json", 2000);
    return r.ok() && r.value().status == 200;
  }
  std::string dir_;
  int camera_port_ = 0, api_port_ = 0;
};

TEST_F(MetricsTest, LoopbackScrapeCountsDecisionsLatencyBacklogAndDisk) {
  ChildProcess gated({kBin + "/gated", "--config", dir_ + "/gated.textproto"}, dir_ + "/gated.out",
                     dir_ + "/gated.err");
  drivers::HttpUrl api{"127.0.0.1", static_cast<uint16_t>(api_port_), "/"};
  ASSERT_TRUE(wait_until(
      [&] { return drivers::http_request(api, "GET", "/metrics", "", "text/plain", 300).ok(); },
      15000));

  const std::string before = get("/metrics").body;
  EXPECT_EQ(sample(before, "gate_decisions_total{result=\"refuse\"}"), 0) << before;
  EXPECT_EQ(sample(before, "gate_decision_latency_seconds_count"), 0) << before;

  // Two trucks not in any ledger, decided on arrival: two decisions, two latency samples.
  ASSERT_TRUE(push("豫Z00001"));
  usleep(120 * 1000);  // past the lane's debounce window
  ASSERT_TRUE(push("豫Z00002"));
  std::string text;
  ASSERT_TRUE(wait_until(
      [&] {
        text = get("/metrics").body;
        return sample(text, "gate_decision_latency_seconds_count") == 2;
      },
      10000))
      << text;
  double decided = 0;
  for (const char* r : {"pass", "refuse", "hold", "manual_pass"}) {
    decided += sample(text, std::string("gate_decisions_total{result=\"") + r + "\"}");
  }
  EXPECT_EQ(decided, 2) << text;
  EXPECT_EQ(sample(text, "gate_decision_latency_seconds_bucket{le=\"+Inf\"}"), 2) << text;
  EXPECT_GT(sample(text, "gate_decision_latency_seconds_sum"), 0) << text;
  // No uplink configured: both passages wait in the outbox.
  EXPECT_EQ(sample(text, "gate_metrics_source_up{source=\"outbox\"}"), 1) << text;
  EXPECT_GE(sample(text, "gate_outbox_backlog_records"), 2) << text;
  EXPECT_GE(sample(text, "gate_outbox_oldest_unacked_age_seconds"), 0) << text;
  EXPECT_GT(sample(text, "gate_data_disk_total_bytes"), 0) << text;
  EXPECT_GT(sample(text, "gate_database_bytes"), 0) << text;
  EXPECT_GE(sample(text, "gate_uptime_seconds"), 0) << text;
  EXPECT_NE(text.find("# TYPE gate_decision_latency_seconds histogram\n"), std::string::npos);
  // Every non-comment line is `name{labels} value`.
  const std::regex line(R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? [-+0-9.eEInfNa]+)");
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = text.find('\n', pos);
    const std::string l = text.substr(pos, end - pos);
    if (!l.starts_with("#")) {
      EXPECT_TRUE(std::regex_match(l, line)) << l;
    }
    pos = end == std::string::npos ? text.size() : end + 1;
  }
  // Only /metrics is open to loopback without a token.
  EXPECT_EQ(get("/api/v1/share").status, 401);
  EXPECT_EQ(gated.stop(), 0);
}

}  // namespace
}  // namespace gate::testing
