// The local API: token required, manual release routed to the lane, share and policy status.
#include "firmware-host/api/api_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <nlohmann/json.hpp>

#include <thread>

#include "drivers/http/http_client.h"
#include "tests/support/policy_host_fixtures.h"

namespace gate::host {
namespace {

using namespace gate::host::testing;
using ::testing::HasSubstr;

class ApiServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ApiServer::Handlers h;
    h.lane_exists = [](const std::string& lane) { return lane == "L1"; };
    h.manual_release = [this](const std::string& lane, const std::string& op,
                              const std::string& reason) -> Result<gate::v1::Passage> {
      calls.push_back(lane + "|" + op + "|" + reason);
      if (reason == "no") return Error{"lane L1: no refused or held truck to release"};
      auto p = passage(42, diesel_truck(1), gate::v1::VERDICT_MANUAL_PASS, kDay);
      p.mutable_decision()->set_explanation("manual.override: …");
      return p;
    };
    h.share_status = [] {
      ShareStatus s;
      s.window_day = "2026-11-22";
      ShareLine l;
      l.counter = "green";
      l.rule_id = "share.green";
      l.target_percent = 70;
      l.released = 10;
      l.qualifying = 7;
      l.share_percent = 70;
      s.lines.push_back(l);
      HoldEntry e;
      e.plate = "豫H10001";
      e.lane_id = "L1";
      s.queue.push_back(e);
      return s;
    };
    h.policy = [] { return engine_with_share("SHARE_MODE_BUDGET", 70, 0, 0); };
    h.local_date = [] { return std::string("2026-11-22"); };
    std::vector<ApiCredential> creds = {
        {"operator", gate::v1::API_ROLE_OPERATOR, "secret-token"},
        {"王工", gate::v1::API_ROLE_OPERATOR, "wang-token-0123"},
        {"bureau", gate::v1::API_ROLE_AUDITOR, "auditor-token-0123"}};
    auto api = ApiServer::Start(io, "127.0.0.1", 0, std::move(creds), std::move(h), std::nullopt);
    ASSERT_TRUE(api.ok()) << api.error();
    api_ = std::move(api).value();
    thread_ = std::thread([this] { io.run(); });
  }
  void TearDown() override {
    api_->stop();
    work_.reset();
    io.stop();
    thread_.join();
  }

  drivers::HttpReply request(const std::string& method, const std::string& target,
                             const std::string& body, const std::string& token) {
    drivers::HttpUrl url{"127.0.0.1", api_->port(), "/"};
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    auto r = drivers::http_request(url, method, target, body, "application/json", 3000, headers);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error());
    return r.ok() ? r.value() : drivers::HttpReply{};
  }

  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ =
      boost::asio::make_work_guard(io);
  std::unique_ptr<ApiServer> api_;
  std::thread thread_;
  std::vector<std::string> calls;
};

TEST_F(ApiServerTest, TokenIsRequired) {
  const std::string body = R"({"operator":"王工","reason":"抢修"})";
  EXPECT_EQ(request("POST", "/api/v1/lanes/L1/manual-release", body, "").status, 401);
  EXPECT_EQ(request("POST", "/api/v1/lanes/L1/manual-release", body, "wrong").status, 401);
  EXPECT_EQ(request("GET", "/api/v1/share", "", "secret-tokenX").status, 401);
  EXPECT_TRUE(calls.empty());
}

TEST_F(ApiServerTest, ManualReleaseGoesToTheLane) {
  auto ok = request("POST", "/api/v1/lanes/L1/manual-release", R"({"reason":"抢修物资"})",
                    "secret-token");
  ASSERT_EQ(ok.status, 200) << ok.body;
  auto j = nlohmann::json::parse(ok.body);
  EXPECT_EQ(j["seq"], 42);
  EXPECT_EQ(j["verdict"], "manual_pass");
  EXPECT_EQ(j["plate"], diesel_truck(1).plate());
  EXPECT_EQ(j["operator"], "operator");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0], "L1|operator|抢修物资");

  auto none =
      request("POST", "/api/v1/lanes/L1/manual-release", R"({"reason":"no"})", "secret-token");
  EXPECT_EQ(none.status, 409);
  EXPECT_THAT(none.body, HasSubstr("no refused or held truck"));
  EXPECT_EQ(request("POST", "/api/v1/lanes/L9/manual-release",
                    R"({"operator":"王工","reason":"x"})", "secret-token")
                .status,
            404);
  EXPECT_EQ(
      request("POST", "/api/v1/lanes/L1/manual-release", R"({"operator":"王工"})", "secret-token")
          .status,
      400);
  EXPECT_EQ(request("GET", "/api/v1/lanes/L1/manual-release", "", "secret-token").status, 405);
}

// A token holder used to be able to put any name on the record.
TEST_F(ApiServerTest, AManualReleaseIsRecordedInTheCallersNameAndAnotherNameIsRefused) {
  auto forged = request("POST", "/api/v1/lanes/L1/manual-release",
                        R"({"operator":"王工","reason":"抢修物资"})", "secret-token");
  EXPECT_EQ(forged.status, 400) << forged.body;
  EXPECT_THAT(forged.body, HasSubstr("operator '王工' is not the caller 'operator'"));
  EXPECT_TRUE(calls.empty()) << "the lane was never asked";

  auto own = request("POST", "/api/v1/lanes/L1/manual-release",
                     R"({"operator":"王工","reason":"抢修物资"})", "wang-token-0123");
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(nlohmann::json::parse(own.body)["operator"], "王工");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0], "L1|王工|抢修物资");
  EXPECT_EQ(request("POST", "/api/v1/lanes/L1/manual-release", R"({"operator":7,"reason":"r"})",
                    "wang-token-0123")
                .status,
            400);
}

TEST_F(ApiServerTest, AuditorsReadButCannotRelease) {
  auto refused = request("POST", "/api/v1/lanes/L1/manual-release",
                         R"({"operator":"王工","reason":"抢修物资"})", "auditor-token-0123");
  EXPECT_EQ(refused.status, 403);
  EXPECT_THAT(refused.body, HasSubstr("change nothing"));
  EXPECT_TRUE(calls.empty()) << "the lane was never asked";
  EXPECT_EQ(request("GET", "/api/v1/share", "", "auditor-token-0123").status, 200);
  auto audit = request("GET", "/api/v1/audit/passages", "", "auditor-token-0123");
  EXPECT_EQ(audit.status, 404) << "no auditor routes configured in this server";
  EXPECT_THAT(audit.body, HasSubstr("not enabled"));
}

TEST_F(ApiServerTest, ShareAndPolicyStatus) {
  auto share = request("GET", "/api/v1/share", "", "secret-token");
  ASSERT_EQ(share.status, 200);
  auto j = nlohmann::json::parse(share.body);
  EXPECT_EQ(j["day"], "2026-11-22");
  EXPECT_EQ(j["rules"][0]["counter"], "green");
  EXPECT_EQ(j["rules"][0]["released"], 10);
  EXPECT_EQ(j["queue"][0]["plate"], "豫H10001");
  auto policy = request("GET", "/api/v1/policy", "", "secret-token");
  ASSERT_EQ(policy.status, 200);
  auto p = nlohmann::json::parse(policy.body);
  EXPECT_EQ(p["id"], "share-test");
  EXPECT_EQ(p["rule_sets_in_force"][0]["id"], "green");
  EXPECT_EQ(request("GET", "/api/v1/nothing", "", "secret-token").status, 404);
}

}  // namespace
}  // namespace gate::host
