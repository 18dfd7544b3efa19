// The auditor API at plant level over real HTTP (ApiServer with AuditorRoutes and a plant block)
// against a private PostgreSQL cluster holding three gates' passages, pushed and their lag
// reported through the gate's own functions (plant_passages.h, gate_report.h).
#include "firmware-host/api/plant_routes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

#include "drivers/http/http_client.h"
#include "firmware-host/api/api_server.h"
#include "firmware-host/plant/gate_report.h"
#include "firmware-host/plant/plant_passages.h"
#include "firmware-host/plant/plant_schema.h"
#include "tests/support/passages.h"
#include "tests/support/pg_cluster_suite.h"

namespace gate::host {
namespace {

using sync_test::kT0;  // 2026-11-22 08:00:00 +08:00
using ::testing::HasSubstr;
using json = nlohmann::json;

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class PlantRoutesTest : public testing::PgClusterSuite {
 protected:
  void SetUp() override {
    ASSERT_TRUE(cluster());
    static int n = 0;
    auto info = cluster()->create_database("api_" + std::to_string(++n));
    ASSERT_TRUE(info.ok()) << info.error();
    conninfo_ = info.value();
    auto db = drivers::pg::Connection::Connect(conninfo_);
    ASSERT_TRUE(db.ok()) << db.error();
    ASSERT_TRUE(apply_plant_migrations(*db.value()).ok());
    // G1: 08:00 refuse, 08:01 pass; G2: 08:00:30 refuse, 09:00 refuse; G3: 08:30 pass.
    push(*db.value(), "G1", {{1, kT0, false}, {2, kT0 + 60000, true}});
    push(*db.value(), "G2", {{1, kT0 + 30000, false}, {2, kT0 + 3600000, false}});
    push(*db.value(), "G3", {{1, kT0 + 1800000, true}});
    ASSERT_TRUE(report_gate_lag(*db.value(), "G1", 2, {4, now_ms() - 60000}).ok());
    ASSERT_TRUE(report_gate_lag(*db.value(), "G2", 2, {}).ok());
    ASSERT_TRUE(report_gate_lag(*db.value(), "G3", 1, {}).ok());
    ASSERT_TRUE(db.value()
                    ->exec("UPDATE gates SET last_contact = now() - interval '1 hour' "
                           "WHERE gate_id = 'G3'")
                    .ok());
  }
  void TearDown() override { stop(); }

  static void push(drivers::pg::Connection& db, const std::string& gate,
                   const std::vector<std::tuple<int64_t, int64_t, bool>>& rows) {
    std::vector<gate::v1::Passage> ps;
    for (const auto& [seq, t, pass] : rows) {
      auto p = sync_test::passage("豫Z0000" + std::to_string(seq), t, pass);
      p.set_gate_id(gate);
      p.set_seq(seq);
      ps.push_back(p);
    }
    auto added = push_passages(db, gate, ps, 480);
    ASSERT_TRUE(added.ok()) << added.error();
  }

  void start(const std::string& conninfo) {
    AuditorRoutesOptions audit;
    audit.database_path = "/nonexistent/gate.db";  // the plant routes never open it
    audit.utc_offset_minutes = 480;
    audit.plant.set_conninfo(conninfo);
    std::vector<ApiCredential> creds = {{"bureau", gate::v1::API_ROLE_AUDITOR, "auditor-0123"}};
    auto api = ApiServer::Start(io_, "127.0.0.1", 0, std::move(creds), {}, AuditorRoutes(audit));
    ASSERT_TRUE(api.ok()) << api.error();
    api_ = std::move(api).value();
    thread_ = std::thread([this] { io_.run(); });
  }
  void stop() {
    if (!api_) return;
    api_->stop();
    work_.reset();
    io_.stop();
    thread_.join();
    api_.reset();
  }

  drivers::HttpReply get(const std::string& target, const std::string& token = "auditor-0123") {
    drivers::HttpUrl url{"127.0.0.1", api_->port(), "/"};
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    auto r = drivers::http_request(url, "GET", target, "", "application/json", 10000, headers);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error());
    return r.ok() ? r.value() : drivers::HttpReply{};
  }

  std::string conninfo_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ =
      boost::asio::make_work_guard(io_);
  std::unique_ptr<ApiServer> api_;
  std::thread thread_;
};

TEST_F(PlantRoutesTest, GatesWithTheirLinkAndLag) {
  start(conninfo_);
  EXPECT_EQ(get("/api/v1/plant/gates", "").status, 401);
  auto r = get("/api/v1/plant/gates");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = json::parse(r.body);
  EXPECT_EQ(j["link_up_within_s"], 10);
  ASSERT_EQ(j["gates"].size(), 3u);
  const auto& g1 = j["gates"][0];
  EXPECT_EQ(g1["gate_id"], "G1");
  EXPECT_EQ(g1["link"], "up");
  EXPECT_EQ(g1["plant_seq"], 2);
  EXPECT_EQ(g1["gate_seq"], 6);
  EXPECT_EQ(g1["behind"], 4);
  EXPECT_NEAR(g1["oldest_behind_age_s"].get<int64_t>(), 60, 30);
  EXPECT_EQ(j["gates"][1]["behind"], 0);
  const auto& g3 = j["gates"][2];
  EXPECT_EQ(g3["gate_id"], "G3");
  EXPECT_EQ(g3["link"], "down");
  EXPECT_NEAR(g3["last_contact_unix_ms"].get<int64_t>(), now_ms() - 3600000, 60000);
}

TEST_F(PlantRoutesTest, PassagesFilteredByGateTimePlateAndDecision) {
  start(conninfo_);
  auto r = get("/api/v1/plant/passages");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = json::parse(r.body);
  EXPECT_EQ(j["count"], 5);
  EXPECT_EQ(j["more"], false);
  EXPECT_EQ(j["passages"][0]["gate_id"], "G2");  // 09:00, newest first
  EXPECT_EQ(j["passages"][0]["seq"], 2);
  EXPECT_EQ(j["passages"][0]["plate"], "豫Z00002");

  j = json::parse(get("/api/v1/plant/passages?gate=G2").body);
  EXPECT_EQ(j["count"], 2);
  for (const auto& p : j["passages"]) EXPECT_EQ(p["gate_id"], "G2");

  // from inclusive, to exclusive, local (+08:00): 08:00:30 .. 08:30 holds G2/1 and G1/2.
  j = json::parse(
      get("/api/v1/plant/passages?from=2026-11-22%2008:00:30&to=2026-11-22%2008:30").body);
  ASSERT_EQ(j["count"], 2) << j.dump();
  EXPECT_EQ(j["passages"][0]["gate_id"], "G1");
  EXPECT_EQ(j["passages"][1]["gate_id"], "G2");

  j = json::parse(get("/api/v1/plant/passages?decision=pass").body);
  ASSERT_EQ(j["count"], 2);
  EXPECT_EQ(j["passages"][0]["gate_id"], "G3");
  EXPECT_EQ(j["passages"][1]["gate_id"], "G1");

  j = json::parse(get("/api/v1/plant/passages?plate=%E8%B1%ABZ00001&limit=2").body);
  EXPECT_EQ(j["count"], 2);
  EXPECT_EQ(j["more"], true);  // G1, G2 and G3 each have a 豫Z00001

  EXPECT_EQ(get("/api/v1/plant/passages?decision=maybe").status, 400);
  EXPECT_EQ(get("/api/v1/plant/passages?limit=0").status, 400);
  EXPECT_EQ(get("/api/v1/plant/passages?from=yesterday").status, 400);
  EXPECT_EQ(get("/api/v1/plant/nothing").status, 404);
}

TEST_F(PlantRoutesTest, AnUnreachablePlantIs503NamingTheSetting) {
  start("host=127.0.0.1 port=1 dbname=plant user=plant");
  for (const char* route : {"/api/v1/plant/gates", "/api/v1/plant/passages"}) {
    auto r = get(route);
    EXPECT_EQ(r.status, 503) << route;
    EXPECT_THAT(json::parse(r.body)["error"].get<std::string>(), HasSubstr("plant.conninfo"));
  }
}

TEST_F(PlantRoutesTest, WithoutAPlantBlockThe404SaysWhatToAdd) {
  start("");
  auto r = get("/api/v1/plant/gates");
  EXPECT_EQ(r.status, 404);
  EXPECT_THAT(r.body, HasSubstr("plant { conninfo }"));
}

}  // namespace
}  // namespace gate::host
