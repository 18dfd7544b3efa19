// The dashboard's read routes and its route table through DashboardRoutes, with the daemon's
// side played by plain functions and a real GateStore on a temporary file: stage, fuel and
// vehicle-class codes come with their names in both languages, and each method and path keeps
// its status code.
#include "firmware-host/api/dashboard_routes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "firmware-host/store/gate_store.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using json = nlohmann::json;
using test_support::TempDir;
using ::testing::HasSubstr;

const json kChinaIV = {{"zh", "国IV"}, {"en", "China IV"}};
const json kDiesel = {{"zh", "柴油"}, {"en", "diesel"}};
const json kInPlant = {{"zh", "厂内车辆"}, {"en", "in-plant"}};

gate::v1::Passage passage(const std::string& plate, gate::v1::VehicleClass c,
                          gate::v1::EmissionStage s, gate::v1::FuelType f, int64_t t) {
  gate::v1::Passage p;
  p.set_gate_id("G1");
  p.set_lane_id("L1");
  p.set_time_unix_ms(t);
  p.mutable_read()->set_plate_text(plate);
  p.mutable_read()->set_time_unix_ms(t);
  p.set_vehicle_known(c != gate::v1::VEHICLE_CLASS_UNSPECIFIED);
  if (p.vehicle_known()) {
    p.mutable_vehicle()->set_plate(plate);
    p.mutable_vehicle()->set_vehicle_class(c);
    p.mutable_vehicle()->set_emission_stage(s);
    p.mutable_vehicle()->set_fuel_type(f);
  }
  p.mutable_decision()->set_verdict(gate::v1::VERDICT_PASS);
  return p;
}

class DashboardRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = GateStore::Open(db_);
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(store).value();
    DashboardOptions opt;
    opt.database_path = db_;
    DashboardPorts ports;
    ports.lanes = [] { return std::vector<LaneView>{{.lane = "L1", .state = "idle"}}; };
    ports.alert = [] {
      return AlertView{.source = "manual", .set_by = "wang", .reason = "", .set_unix_ms = 0};
    };
    ports.set_alert = [](std::optional<gate::v1::AlertLevel>, const std::string&,
                         const std::string&) { return Status::Ok(); };
    ports.set_suspended = [](const std::string&, bool, const std::string&) { return Status::Ok(); };
    ports.board = board_;
    ports.now_ms = [this] { return now_; };
    ports.log = [](const std::string&) {};
    auto routes = DashboardRoutes::Create(opt, ports);
    ASSERT_TRUE(routes.ok()) << routes.error();
    routes_ = std::move(routes).value();
  }

  void commit(gate::v1::Passage p) {
    auto seq = store_->commit_passage(p, p.time_unix_ms());
    ASSERT_TRUE(seq.ok()) << seq.error();
  }

  std::optional<drivers::HttpResponse> call(const std::string& method, const std::string& path,
                                            const ApiCaller& who, const std::string& body = "") {
    drivers::HttpRequest req;
    req.method = method;
    // "…?k=v&k=v" as the server splits it (plain values: no percent-decoding needed here).
    const auto q = path.find('?');
    req.path = path.substr(0, q);
    for (std::size_t at = q; at != std::string::npos;) {
      const auto next = path.find('&', at + 1);
      const std::string pair = path.substr(at + 1, next - at - 1);
      const auto eq = pair.find('=');
      req.query[pair.substr(0, eq)] = eq == std::string::npos ? "" : pair.substr(eq + 1);
      at = next;
    }
    req.body = body;
    req.remote = "127.0.0.1:40000";
    auto on_lanes = [](const std::function<void()>& f) {
      f();
      return true;
    };
    return routes_->handle(req, who, on_lanes);
  }
  // Status and the error text ("" when the answer has none).
  std::pair<int, std::string> status(const std::string& method, const std::string& path,
                                     const ApiCaller& who, const std::string& body = "") {
    auto r = call(method, path, who, body);
    if (!r) return {0, "nullopt"};
    const json j = json::parse(r->body, nullptr, false);
    return {r->status, j.is_object() && j.contains("error") ? j["error"].get<std::string>() : ""};
  }

  const ApiCaller manager_{"chen", UserRole::kManager, true};
  const ApiCaller auditor_{"audit", UserRole::kAuditor, true};
  TempDir dir_;
  std::string db_ = dir_.file("gate.db");
  std::unique_ptr<GateStore> store_;
  std::shared_ptr<LiveBoard> board_ = std::make_shared<LiveBoard>();
  std::unique_ptr<DashboardRoutes> routes_;
  int64_t now_ = 1763800000000;  // 2025-11-22 16:26 in UTC+8
};

TEST_F(DashboardRoutesTest, TodayNamesEachCountedCodeInBothLanguages) {
  commit(passage("豫H00001", gate::v1::VEHICLE_CLASS_TRANSPORT, gate::v1::EMISSION_STAGE_CHINA_IV,
                 gate::v1::FUEL_TYPE_DIESEL, now_ - 3600000));
  commit(passage("豫H00002", gate::v1::VEHICLE_CLASS_IN_PLANT, gate::v1::EMISSION_STAGE_ELECTRIC,
                 gate::v1::FUEL_TYPE_ELECTRIC, now_ - 1800000));
  commit(passage("豫Z00001", gate::v1::VEHICLE_CLASS_UNSPECIFIED,
                 gate::v1::EMISSION_STAGE_UNSPECIFIED, gate::v1::FUEL_TYPE_UNSPECIFIED,
                 now_ - 600000));
  auto r = call("GET", "/api/v1/dashboard/today", manager_);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->status, 200) << r->body;
  const json day = json::parse(r->body)["day"];
  // The codes stay for programs.
  EXPECT_EQ(day["by_stage"]["4"], 1);
  EXPECT_EQ(day["by_fuel"]["B"], 1);
  EXPECT_EQ(day["by_class"]["in_plant"], 1);
  // Their names for people.
  const json& names = day["names"];
  EXPECT_EQ(names["by_stage"]["4"], kChinaIV);
  EXPECT_EQ(names["by_fuel"]["B"], kDiesel);
  EXPECT_EQ(names["by_class"]["in_plant"], kInPlant);
  EXPECT_EQ(names["by_stage"]["D"], (json{{"zh", "电动"}, {"en", "electric"}}));
  EXPECT_EQ(names["by_fuel"]["C"], (json{{"zh", "纯电动"}, {"en", "electric"}}));
  EXPECT_EQ(names["by_class"]["transport"], (json{{"zh", "运输车辆"}, {"en", "transport"}}));
  const json not_in_ledger = {{"zh", "未登记"}, {"en", "not in ledger"}};
  EXPECT_EQ(names["by_stage"]["?"], not_in_ledger);
  EXPECT_EQ(names["by_fuel"]["?"], not_in_ledger);
  EXPECT_EQ(names["by_class"]["unknown"], not_in_ledger);
}

TEST_F(DashboardRoutesTest, TheLaneCardsLastPassageCarriesStageAndFuelNames) {
  board_->on_decided(passage("豫H00001", gate::v1::VEHICLE_CLASS_TRANSPORT,
                             gate::v1::EMISSION_STAGE_CHINA_IV, gate::v1::FUEL_TYPE_DIESEL, now_));
  auto r = call("GET", "/api/v1/dashboard/lanes", auditor_);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->status, 200) << r->body;
  const json last = json::parse(r->body)["lanes"][0]["last"];
  EXPECT_EQ(last["emission_stage"], "4");
  EXPECT_EQ(last["stage_name"], kChinaIV);
  EXPECT_EQ(last["fuel_type"], "B");
  EXPECT_EQ(last["fuel_name"], kDiesel);
  // An unknown vehicle has codes "" and no names.
  board_->on_decided(passage("豫Z00001", gate::v1::VEHICLE_CLASS_UNSPECIFIED,
                             gate::v1::EMISSION_STAGE_UNSPECIFIED, gate::v1::FUEL_TYPE_UNSPECIFIED,
                             now_));
  const json unknown = json::parse(call("GET", "/api/v1/dashboard/lanes", auditor_)->body);
  EXPECT_EQ(unknown["lanes"][0]["last"]["emission_stage"], "");
  EXPECT_TRUE(unknown["lanes"][0]["last"]["stage_name"].is_null());
}

TEST_F(DashboardRoutesTest, EachMethodAndPathKeepsItsStatus) {
  using R = std::pair<int, std::string>;
  EXPECT_EQ(status("GET", "/api/v1/me", auditor_).first, 200);
  EXPECT_EQ(status("POST", "/api/v1/me", auditor_).first, 200);
  EXPECT_EQ(status("GET", "/api/v1/audit/passages", auditor_), (R{0, "nullopt"}));
  EXPECT_EQ(status("GET", "/api/v1/dashboard/lanes", auditor_).first, 200);
  EXPECT_EQ(status("GET", "/api/v1/dashboard/sync", auditor_).first, 200);
  EXPECT_EQ(status("GET", "/api/v1/dashboard/alarms", auditor_).first, 200);
  EXPECT_EQ(status("GET", "/api/v1/dashboard/alert", auditor_).first, 200);
  EXPECT_EQ(status("GET", "/api/v1/dashboard/nothing", auditor_),
            (R{404,
               "no dashboard route GET /api/v1/dashboard/nothing; see "
               "firmware-host/api/dashboard_routes.h"}));
  EXPECT_EQ(status("POST", "/api/v1/dashboard/lanes", manager_).first, 405);
  EXPECT_EQ(status("HEAD", "/api/v1/dashboard/today", manager_).first, 405);
  EXPECT_EQ(status("PUT", "/api/v1/dashboard/alert", manager_),
            (R{405, "use GET or POST for /api/v1/dashboard/alert"}));
  EXPECT_EQ(status("GET", "/api/v1/dashboard/alarms/1/ack", manager_),
            (R{405, "use POST for /api/v1/dashboard/alarms/1/ack"}));
  EXPECT_EQ(status("GET", "/api/v1/dashboard/ledger/suspend", manager_),
            (R{405, "use POST for /api/v1/dashboard/ledger/suspend"}));

  // Changes: the role first, then the body.
  const std::string red = R"({"level": "red", "reason": "drill"})";
  EXPECT_EQ(status("POST", "/api/v1/dashboard/alert", auditor_, red).first, 403);
  EXPECT_EQ(status("POST", "/api/v1/dashboard/alert", manager_, red), (R{200, ""}));
  EXPECT_EQ(status("POST", "/api/v1/dashboard/alert", manager_, R"({"level": "red"})"),
            (R{400, "a reason is required to set the alert level by hand"}));
  EXPECT_EQ(status("POST", "/api/v1/dashboard/alert", manager_, "{}").first, 400);
  const int64_t id = board_->raise_alarm("barrier offline", now_);
  const std::string ack = "/api/v1/dashboard/alarms/" + std::to_string(id) + "/ack";
  EXPECT_EQ(status("POST", ack, auditor_).first, 403);
  EXPECT_EQ(status("POST", ack, manager_), (R{200, ""}));
  EXPECT_EQ(status("POST", "/api/v1/dashboard/alarms/99/ack", manager_),
            (R{404, "no alarm 99 (GET /api/v1/dashboard/alarms lists them)"}));
  EXPECT_EQ(status("POST", "/api/v1/dashboard/alarms/x/ack", manager_).first, 404);
  const std::string suspend = R"({"plate": "豫H00001", "suspended": true, "reason": "expired"})";
  EXPECT_EQ(status("POST", "/api/v1/dashboard/ledger/suspend", auditor_, suspend).first, 403);
  EXPECT_EQ(status("POST", "/api/v1/dashboard/ledger/suspend", manager_, suspend), (R{200, ""}));
  EXPECT_EQ(status("POST", "/api/v1/dashboard/ledger/suspend", manager_, "{}").first, 400);
  // The ledger edit routes answer for themselves; a path they do not know falls through.
  EXPECT_EQ(status("GET", "/api/v1/dashboard/ledger/nothing", manager_).first, 404);
  EXPECT_EQ(status("POST", "/api/v1/dashboard/ledger/nothing", manager_).first, 405);
}

}  // namespace
}  // namespace gate::host

namespace gate::host {
namespace {

// A passage's cargo from the dashboard: an operator enters it and corrects it (both kept, each
// queued for upload), an auditor may read but not enter, and a wrong entry is a 400 that says
// what to write.
TEST_F(DashboardRoutesTest, CargoIsEnteredAndCorrectedByOperatorsOnly) {
  commit(passage("豫H00001", gate::v1::VEHICLE_CLASS_TRANSPORT, gate::v1::EMISSION_STAGE_CHINA_VI,
                 gate::v1::FUEL_TYPE_DIESEL, now_ - 60000));
  const ApiCaller op{"wang", UserRole::kOperator, true};
  const std::string path = "/api/v1/dashboard/passages/1/cargo";
  EXPECT_EQ(status("POST", path, auditor_, R"({"name":"coal","quantity":"3","unit":"t"})"),
            std::make_pair(403, std::string("'audit' has the auditor role, which may not enter a "
                                            "passage's cargo")));
  auto first = call("POST", path, op, R"({"name":"铁矿石","quantity":"31.25","unit":"t"})");
  ASSERT_TRUE(first.has_value());
  ASSERT_EQ(first->status, 200) << first->body;
  auto fix = call("POST", path, manager_, R"({"name":"铁矿石","quantity":"30.5","unit":"t"})");
  ASSERT_TRUE(fix.has_value());
  ASSERT_EQ(fix->status, 200) << fix->body;

  auto read = call("GET", path, auditor_);
  ASSERT_TRUE(read.has_value());
  ASSERT_EQ(read->status, 200) << read->body;
  const json j = json::parse(read->body);
  ASSERT_EQ(j["entries"].size(), 2u);
  EXPECT_EQ(j["entries"][0]["quantity"], "31.25");
  EXPECT_EQ(j["entries"][0]["entered_by"], "wang");
  EXPECT_EQ(j["entries"][1]["revision"], 2);
  EXPECT_EQ(j["entries"][1]["quantity"], "30.5");
  EXPECT_EQ(j["entries"][1]["entered_by"], "chen");
  EXPECT_EQ(j["entries"][1]["time"], "2025-11-22 16:26:40");

  std::vector<std::string> kinds;
  auto rows = store_->next_outbox(100);
  ASSERT_TRUE(rows.ok()) << rows.error();
  for (const auto& r : rows.value())
    if (r.cargo) kinds.push_back(r.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"cargo", "cargo_2"}));
}

TEST_F(DashboardRoutesTest, AWrongCargoEntryIsRefusedSayingWhatToWrite) {
  commit(passage("豫H00001", gate::v1::VEHICLE_CLASS_TRANSPORT, gate::v1::EMISSION_STAGE_CHINA_VI,
                 gate::v1::FUEL_TYPE_DIESEL, now_ - 60000));
  const std::string path = "/api/v1/dashboard/passages/1/cargo";
  auto [code, why] =
      status("POST", path, manager_, R"({"name":"coal","quantity":31.25,"unit":"t"})");
  EXPECT_EQ(code, 400);
  EXPECT_THAT(why, HasSubstr("the quantity as text"));
  std::tie(code, why) =
      status("POST", path, manager_, R"({"name":"coal","quantity":"31.2567","unit":"t"})");
  EXPECT_EQ(code, 400);
  EXPECT_THAT(why, HasSubstr("more than 3 decimals"));
  std::tie(code, why) =
      status("POST", path, manager_, R"({"name":"coal","quantity":"3","unit":"m3"})");
  EXPECT_EQ(code, 400);
  EXPECT_THAT(why, HasSubstr("t (tonnes) or L (litres)"));
  std::tie(code, why) = status("POST", "/api/v1/dashboard/passages/9/cargo", manager_,
                               R"({"name":"coal","quantity":"3","unit":"t"})");
  EXPECT_EQ(code, 404);
  EXPECT_THAT(why, HasSubstr("no passage 9"));
  EXPECT_EQ(status("PUT", path, manager_).first, 405);
  EXPECT_EQ(status("GET", "/api/v1/dashboard/passages/x/cargo", manager_).first, 404);
  auto entries = store_->cargo_entries(1);
  ASSERT_TRUE(entries.ok()) << entries.error();
  EXPECT_TRUE(entries.value().empty());
}

// The platform's vehicle check as it reaches the dashboard: the list of passages whose check
// disagreed with the ledger, and the degraded-mode state the live page shows.
gate::v1::Passage checked(const std::string& plate, int64_t t, const std::string& mismatch,
                          const std::string& serial) {
  auto p = passage(plate, gate::v1::VEHICLE_CLASS_TRANSPORT, gate::v1::EMISSION_STAGE_CHINA_V,
                   gate::v1::FUEL_TYPE_DIESEL, t);
  auto* c = p.mutable_check();
  c->set_status(gate::v1::VehicleCheck::STATUS_ANSWERED);
  c->set_may_pass(true);
  c->set_reason("正常");
  c->set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_IV);
  c->set_serial(serial);
  c->set_latency_ms(42);
  c->set_ledger_mismatch(mismatch);
  return p;
}

gate::v1::VehicleCheck check_ended(bool answered, int64_t latency_ms) {
  gate::v1::VehicleCheck c;
  c.set_status(answered ? gate::v1::VehicleCheck::STATUS_ANSWERED
                        : gate::v1::VehicleCheck::STATUS_UNAVAILABLE);
  c.set_latency_ms(latency_ms);
  if (!answered) {
    c.set_reason("no answer within 800 ms");
    c.set_degraded_mode("refuse");
  }
  return c;
}

TEST_F(DashboardRoutesTest, TheMismatchListShowsWhatThePlatformDisagreedOnNewestFirst) {
  commit(checked("豫H00001", now_ - 3000, "stage: ledger China V, platform China IV", "PS-1"));
  commit(checked("豫H00002", now_ - 2000, "", "PS-2"));  // agreed: not listed
  commit(passage("豫H00003", gate::v1::VEHICLE_CLASS_TRANSPORT, gate::v1::EMISSION_STAGE_CHINA_VI,
                 gate::v1::FUEL_TYPE_DIESEL, now_ - 1500));  // no check: not listed
  commit(checked("豫H00004", now_ - 1000, "fuel: ledger diesel, platform gasoline", "PS-4"));

  auto r = call("GET", "/api/v1/dashboard/mismatches", auditor_);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->status, 200) << r->body;
  const json j = json::parse(r->body);
  ASSERT_EQ(j["passages"].size(), 2u) << r->body;
  EXPECT_FALSE(j["more"]);
  const json& newest = j["passages"][0];
  EXPECT_EQ(newest["plate"], "豫H00004");
  EXPECT_EQ(newest["mismatch"], "fuel: ledger diesel, platform gasoline");
  EXPECT_EQ(newest["serial"], "PS-4");
  const json& first = j["passages"][1];
  EXPECT_EQ(first["seq"], 1);
  EXPECT_EQ(first["plate"], "豫H00001");
  EXPECT_EQ(first["lane"], "L1");
  EXPECT_EQ(first["time"], "2025-11-22 16:26:37");
  EXPECT_EQ(first["mismatch"], "stage: ledger China V, platform China IV");
  EXPECT_EQ(first["serial"], "PS-1");
  EXPECT_EQ(first["decision"], "PASS");

  // The limit keeps the latest and says that there are more.
  const json one = json::parse(call("GET", "/api/v1/dashboard/mismatches?limit=1", auditor_)->body);
  ASSERT_EQ(one["passages"].size(), 1u);
  EXPECT_EQ(one["passages"][0]["plate"], "豫H00004");
  EXPECT_TRUE(one["more"]);
  EXPECT_EQ(status("GET", "/api/v1/dashboard/mismatches?limit=0", auditor_),
            std::make_pair(400, std::string("limit must be a number from 1 to 500, got '0'")));
  EXPECT_EQ(status("POST", "/api/v1/dashboard/mismatches", manager_).first, 405);
}

TEST_F(DashboardRoutesTest, TheLivePageShowsDegradedModeWhileTheCheckGoesUnanswered) {
  auto check = [this] {
    auto r = call("GET", "/api/v1/dashboard/lanes", auditor_);
    EXPECT_TRUE(r.has_value() && r->status == 200);
    return json::parse(r->body)["check"];
  };
  EXPECT_TRUE(check().is_null());  // no check has ended yet

  // The first unanswered check turns degraded mode on (the daemon's ALARM), a second keeps it
  // on since the first.
  EXPECT_TRUE(board_->on_check_done(check_ended(false, 800), now_));
  EXPECT_FALSE(board_->on_check_done(check_ended(false, 800), now_ + 60000));
  json c = check();
  EXPECT_EQ(c["degraded"], true);
  EXPECT_EQ(c["degraded_mode"], "refuse");
  EXPECT_EQ(c["reason"], "no answer within 800 ms");
  EXPECT_EQ(c["since"], "2025-11-22 16:26:40");
  EXPECT_EQ(c["last_time"], "2025-11-22 16:27:40");
  EXPECT_EQ(c["unavailable"], 2);
  EXPECT_EQ(c["answered"], 0);

  // An answered check ends it.
  EXPECT_TRUE(board_->on_check_done(check_ended(true, 37), now_ + 90000));
  c = check();
  EXPECT_EQ(c["degraded"], false);
  EXPECT_EQ(c["degraded_mode"], "");
  EXPECT_TRUE(c["since"].is_null());
  EXPECT_EQ(c["last_latency_ms"], 37);
  EXPECT_EQ(c["answered"], 1);
  EXPECT_EQ(c["unavailable"], 2);
  EXPECT_FALSE(board_->on_check_done(check_ended(true, 40), now_ + 95000));
}

}  // namespace
}  // namespace gate::host
