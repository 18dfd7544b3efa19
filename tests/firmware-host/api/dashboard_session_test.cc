// The dashboard's session cookie over real HTTP, through the ApiServer: a change sent with the
// cookie is taken only from the dashboard's own page (Origin naming this server), reads are not
// affected, API tokens need no Origin, and a manual release is recorded in the logged-in user's
// name (request_origin.h, api_server.h).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <nlohmann/json.hpp>

#include <thread>

#include "drivers/http/http_client.h"
#include "firmware-host/api/api_server.h"
#include "firmware-host/api/user_store.h"
#include "firmware-host/store/gate_store.h"
#include "tests/support/policy_host_fixtures.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using namespace gate::host::testing;
using json = nlohmann::json;
using ::testing::HasSubstr;

constexpr int64_t kNow = 1795305600000;
const std::string kToken = "operator-token-0123";

class DashboardSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(GateStore::Open(db_).ok());
    {
      auto users = UserStore::Open(db_);
      ASSERT_TRUE(users.ok()) << users.error();
      ASSERT_TRUE(users.value()->add("wang", UserRole::kOperator, "right-password", kNow).ok());
    }
    DashboardOptions opt;
    opt.database_path = db_;
    DashboardPorts ports;
    ports.board = std::make_shared<LiveBoard>();
    ports.now_ms = [] { return kNow; };
    auto dashboard = DashboardRoutes::Create(opt, ports);
    ASSERT_TRUE(dashboard.ok()) << dashboard.error();
    ApiServer::Handlers h;
    h.lane_exists = [](const std::string& lane) { return lane == "L1"; };
    h.manual_release = [this](const std::string& lane, const std::string& op,
                              const std::string& reason) -> Result<gate::v1::Passage> {
      calls_.push_back(lane + "|" + op + "|" + reason);
      return passage(42, diesel_truck(1), gate::v1::VERDICT_MANUAL_PASS, kDay);
    };
    auto api =
        ApiServer::Start(io_, "127.0.0.1", 0, {{"operator", gate::v1::API_ROLE_OPERATOR, kToken}},
                         std::move(h), std::nullopt, std::move(dashboard).value());
    ASSERT_TRUE(api.ok()) << api.error();
    api_ = std::move(api).value();
    thread_ = std::thread([this] { io_.run(); });
    origin_ = "http://127.0.0.1:" + std::to_string(api_->port());
    cookie_ = log_in();
  }
  void TearDown() override {
    if (api_) api_->stop();
    work_.reset();
    io_.stop();
    if (thread_.joinable()) thread_.join();
  }

  drivers::HttpReply request(const std::string& method, const std::string& target,
                             const std::string& body, std::map<std::string, std::string> headers) {
    drivers::HttpUrl url{"127.0.0.1", api_->port(), "/"};
    auto r = drivers::http_request(url, method, target, body, "application/json", 3000, headers);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error());
    return r.ok() ? r.value() : drivers::HttpReply{};
  }
  std::string log_in() {
    auto r = request("POST", "/api/v1/login", R"({"user":"wang","password":"right-password"})",
                     {{"Origin", origin_}});
    EXPECT_EQ(r.status, 200) << r.body;
    const std::string set_cookie = r.headers["set-cookie"];
    return set_cookie.substr(0, set_cookie.find(';'));  // "gate_session=…"
  }
  drivers::HttpReply release(std::map<std::string, std::string> headers,
                             const std::string& body = R"({"reason":"抢修物资"})") {
    return request("POST", "/api/v1/lanes/L1/manual-release", body, std::move(headers));
  }

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ =
      boost::asio::make_work_guard(io_);
  test_support::TempDir dir_;
  std::string db_ = dir_.file("gate.db");
  std::unique_ptr<ApiServer> api_;
  std::thread thread_;
  std::string origin_, cookie_;
  std::vector<std::string> calls_;
};

// Before, a change with the cookie and no Origin at all was taken.
TEST_F(DashboardSessionTest, AChangeWithTheCookieNeedsAnOriginNamingThisServer) {
  ASSERT_THAT(cookie_, HasSubstr("gate_session="));
  auto none = release({{"Cookie", cookie_}});
  EXPECT_EQ(none.status, 403) << none.body;
  EXPECT_THAT(none.body, HasSubstr("needs an Origin header naming this server (" + origin_ + ")"));
  auto foreign = release({{"Cookie", cookie_}, {"Origin", "http://evil.example"}});
  EXPECT_EQ(foreign.status, 403) << foreign.body;
  EXPECT_THAT(foreign.body, HasSubstr("came from http://evil.example"));
  auto lookalike =
      release({{"Cookie", cookie_},
               {"Origin", "http://evil.example//127.0.0.1:" + std::to_string(api_->port())}});
  EXPECT_EQ(lookalike.status, 403) << lookalike.body;
  EXPECT_TRUE(calls_.empty()) << "the lane was never asked";

  auto own = release({{"Cookie", cookie_}, {"Origin", origin_}});
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(json::parse(own.body)["operator"], "wang");
  ASSERT_EQ(calls_.size(), 1u);
  EXPECT_EQ(calls_[0], "L1|wang|抢修物资");
}

TEST_F(DashboardSessionTest, ReadsAndTokenClientsNeedNoOrigin) {
  auto me = request("GET", "/api/v1/me", "", {{"Cookie", cookie_}});
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(json::parse(me.body)["user"], "wang");
  auto token = release({{"Authorization", "Bearer " + kToken}});
  ASSERT_EQ(token.status, 200) << token.body;
  EXPECT_EQ(json::parse(token.body)["operator"], "operator");
}

// Before, a session's release silently replaced the name in the body with the user's.
TEST_F(DashboardSessionTest, ASessionReleaseNamingSomeoneElseIsRefused) {
  auto r = release({{"Cookie", cookie_}, {"Origin", origin_}},
                   R"({"operator":"李四","reason":"抢修物资"})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_THAT(r.body, HasSubstr("operator '李四' is not the caller 'wang'"));
  EXPECT_TRUE(calls_.empty());
}

// A cargo entry is a change like a release: with the session cookie it needs this server's
// Origin, and it is recorded in the logged-in user's name.
TEST_F(DashboardSessionTest, CargoFromTheDashboardNeedsTheOriginAndNamesTheUser) {
  {
    auto store = GateStore::Open(db_);
    ASSERT_TRUE(store.ok()) << store.error();
    auto p = passage(0, diesel_truck(1), gate::v1::VERDICT_PASS, kDay);
    ASSERT_TRUE(store.value()->commit_passage(p, kNow).ok());
  }
  const std::string path = "/api/v1/dashboard/passages/1/cargo";
  const std::string body = R"({"name":"煤","quantity":"31.25","unit":"t"})";
  auto foreign =
      request("POST", path, body, {{"Cookie", cookie_}, {"Origin", "http://evil.example"}});
  EXPECT_EQ(foreign.status, 403) << foreign.body;
  auto none = request("POST", path, body, {{"Cookie", cookie_}});
  EXPECT_EQ(none.status, 403) << none.body;
  auto own = request("POST", path, body, {{"Cookie", cookie_}, {"Origin", origin_}});
  ASSERT_EQ(own.status, 200) << own.body;
  const json entries = json::parse(own.body)["entries"];
  ASSERT_EQ(entries.size(), 1u) << "the refused requests recorded nothing";
  EXPECT_EQ(entries[0]["entered_by"], "wang");
  EXPECT_EQ(entries[0]["quantity"], "31.25");
}

}  // namespace
}  // namespace gate::host
