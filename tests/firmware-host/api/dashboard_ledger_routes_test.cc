// The dashboard's ledger changes (ledger_edit_routes.h) through DashboardRoutes, with the
// daemon's side played by a real GateStore on a temporary file: add, edit and CSV import by a
// manager, refusal for auditors and operators, line-numbered import reports, and nothing lost
// when an import is refused. Also the login throttle as the login route applies it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "firmware-host/api/dashboard_routes.h"
#include "firmware-host/api/user_store.h"
#include "firmware-host/ledger/ledger_import.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/ledger_history.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using json = nlohmann::json;
using test_support::TempDir;
using ::testing::HasSubstr;

const std::string kHeader =
    "plate,plate_color,vehicle_class,vin,emission_stage,fuel_type,fleet,valid_from,valid_until,"
    "suspended\n";

class DashboardLedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = GateStore::Open(db_);
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(store).value();
    gate::v1::Vehicle v;
    v.set_plate("豫H00001");
    v.set_vehicle_class(gate::v1::VEHICLE_CLASS_TRANSPORT);
    v.set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_V);
    v.set_fuel_type(gate::v1::FUEL_TYPE_DIESEL);
    v.set_fleet("老车队");
    ASSERT_TRUE(store_->upsert_vehicle(v, 1, "seed").ok());

    DashboardOptions opt;
    opt.database_path = db_;
    opt.login_throttle = {.free_failures = 3,
                          .address_free_failures = 10,
                          .first_delay_ms = 60000,
                          .max_delay_ms = 600000,
                          .forget_after_ms = 3600000,
                          .max_keys = 100};
    DashboardPorts ports;
    ports.write_vehicles = [this](const std::vector<gate::v1::Vehicle>& vs,
                                  const std::string& actor) {
      ++writes_;
      return import_ledger(*store_, vs, std::vector<std::vector<StoredRowDocument>>(vs.size()),
                           actor, now_);
    };
    ports.now_ms = [this] { return now_; };
    ports.log = [this](const std::string& m) { log_ += m + "\n"; };
    auto routes = DashboardRoutes::Create(opt, ports);
    ASSERT_TRUE(routes.ok()) << routes.error();
    routes_ = std::move(routes).value();
  }

  drivers::HttpResponse call(const std::string& method, const std::string& path,
                             const std::string& body, const ApiCaller& who,
                             std::map<std::string, std::string> query = {}) {
    drivers::HttpRequest req;
    req.method = method;
    req.path = path;
    req.body = body;
    req.query = std::move(query);
    req.remote = "127.0.0.1:40000";
    auto on_lanes = [](const std::function<void()>& f) {
      f();
      return true;
    };
    auto res = routes_->handle(req, who, on_lanes);
    EXPECT_TRUE(res.has_value()) << path;
    return res ? *res : drivers::HttpResponse{0, "", ""};
  }
  static json body_of(const drivers::HttpResponse& r) { return json::parse(r.body); }

  std::vector<gate::v1::Vehicle> ledger() { return store_->load_vehicles().value(); }
  std::optional<gate::v1::Vehicle> entry(const std::string& plate) {
    for (auto& v : ledger()) {
      if (v.plate() == plate) return v;
    }
    return std::nullopt;
  }

  const ApiCaller manager_{"chen", UserRole::kManager, true};
  const ApiCaller auditor_{"audit", UserRole::kAuditor, true};
  const ApiCaller operator_{"wang", UserRole::kOperator, true};
  TempDir dir_;
  std::string db_ = dir_.file("gate.db");
  std::unique_ptr<GateStore> store_;
  std::unique_ptr<DashboardRoutes> routes_;
  int64_t now_ = 1763800000000;
  int writes_ = 0;
  std::string log_;
};

const std::string kNewTruck = R"({"fields": {"plate": "豫A12345", "plate_color": "yellow",
  "vehicle_class": "transport", "vin": "LZZ5ELND3KW123456", "emission_stage": "6",
  "fuel_type": "B", "fleet": "中原钢运", "valid_from": "", "valid_until": "2027-12-31",
  "suspended": "no"}, "reason": "new contract"})";

TEST_F(DashboardLedgerTest, ManagerAddsAnEntryWithTheUserInItsHistoryAndTheLog) {
  auto r = call("POST", "/api/v1/dashboard/ledger/add", kNewTruck, manager_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body_of(r)["key"], "plate:豫A12345");
  auto v = entry("豫A12345");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->emission_stage(), gate::v1::EMISSION_STAGE_CHINA_VI);
  EXPECT_EQ(v->fleet(), "中原钢运");
  auto h = ledger_history(store_->db(), "plate:豫A12345").value();
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].action, "create");
  EXPECT_EQ(h[0].actor, "chen (dashboard): new contract");
  EXPECT_THAT(log_, HasSubstr("LEDGER plate:豫A12345 added by chen (manager): new contract"));

  // Twice is a conflict, not an overwrite.
  r = call("POST", "/api/v1/dashboard/ledger/add", kNewTruck, manager_);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_THAT(body_of(r)["error"].get<std::string>(), HasSubstr("edit that entry"));
}

TEST_F(DashboardLedgerTest, AddRefusesAWrongFieldNamingIt) {
  auto r = call("POST", "/api/v1/dashboard/ledger/add",
                R"({"fields": {"plate": "豫A12345", "vehicle_class": "transport",
                    "emission_stage": "9", "fuel_type": "B", "valid_from": "",
                    "valid_until": "", "suspended": "no"}})",
                manager_);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(body_of(r)["refused"][0]["field"], "emission_stage");
  r = call("POST", "/api/v1/dashboard/ledger/add",
           R"({"fields": {"plate": "豫A12345", "vehicle_class": "transport",
               "emission_stage": "6", "fuel_type": "B", "colour": "blue"}})",
           manager_);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_THAT(r.body, HasSubstr("'colour' is not a ledger field"));
  EXPECT_EQ(call("POST", "/api/v1/dashboard/ledger/add", "not json", manager_).status, 400);
  EXPECT_EQ(writes_, 0);
  EXPECT_EQ(ledger().size(), 1u);
}

TEST_F(DashboardLedgerTest, AuditorAndOperatorAreRefusedEveryLedgerChange) {
  for (const ApiCaller* who : {&auditor_, &operator_}) {
    for (const char* route : {"add", "edit", "import"}) {
      auto r =
          call("POST", std::string("/api/v1/dashboard/ledger/") + route,
               std::string(route) == "import" ? kHeader + "豫A12345,yellow,transport,,6,B,x,,,0\n"
                                              : kNewTruck,
               *who);
      EXPECT_EQ(r.status, 403) << who->name << " " << route << ": " << r.body;
      EXPECT_THAT(r.body, HasSubstr("may not"));
    }
  }
  EXPECT_EQ(writes_, 0);
  EXPECT_EQ(ledger().size(), 1u);
  // Reading one entry is allowed to everyone.
  auto r = call("GET", "/api/v1/dashboard/ledger/entry", "", auditor_, {{"plate", "豫H00001"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body_of(r)["fields"]["fleet"], "老车队");
  EXPECT_EQ(body_of(r)["fields"]["emission_stage"], "5");
  EXPECT_EQ(
      call("GET", "/api/v1/dashboard/ledger/entry", "", auditor_, {{"plate", "豫H99999"}}).status,
      404);
}

TEST_F(DashboardLedgerTest, EditChangesOnlyTheFieldsGivenAndNeedsAReason) {
  auto r = call("POST", "/api/v1/dashboard/ledger/edit",
                R"({"plate": "豫H00001", "fields": {"emission_stage": "6"},
                    "reason": "new engine certificate"})",
                manager_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body_of(r)["changed"], true);
  EXPECT_THAT(body_of(r)["changes"].get<std::string>(), HasSubstr("emission_stage"));
  auto v = entry("豫H00001");
  EXPECT_EQ(v->emission_stage(), gate::v1::EMISSION_STAGE_CHINA_VI);
  EXPECT_EQ(v->fleet(), "老车队");  // untouched
  auto h = ledger_history(store_->db(), "plate:豫H00001").value();
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[1].actor, "chen (dashboard): new engine certificate");
  EXPECT_THAT(log_, HasSubstr("LEDGER plate:豫H00001 edited by chen (manager)"));

  EXPECT_EQ(call("POST", "/api/v1/dashboard/ledger/edit",
                 R"({"plate": "豫H00001", "fields": {"emission_stage": "4"}})", manager_)
                .status,
            400);  // no reason
  EXPECT_EQ(call("POST", "/api/v1/dashboard/ledger/edit",
                 R"({"plate": "豫H99999", "fields": {"fleet": "x"}, "reason": "r"})", manager_)
                .status,
            404);
  r = call("POST", "/api/v1/dashboard/ledger/edit",
           R"({"plate": "豫H00001", "fields": {"plate": "豫H00002"}, "reason": "r"})", manager_);
  EXPECT_EQ(r.status, 400) << r.body;
  r = call("POST", "/api/v1/dashboard/ledger/edit",
           R"({"plate": "豫H00001", "fields": {"fuel_type": "Q"}, "reason": "r"})", manager_);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(entry("豫H00001")->emission_stage(), gate::v1::EMISSION_STAGE_CHINA_VI);
  EXPECT_EQ(entry("豫H00001")->fuel_type(), gate::v1::FUEL_TYPE_DIESEL);
}

TEST_F(DashboardLedgerTest, ImportReportsCreatedAndUpdatedEntries) {
  auto r = call("POST", "/api/v1/dashboard/ledger/import",
                kHeader + "豫H00001,yellow,transport,,6,B,新车队,,,0\n" +
                    "豫A12345,yellow,transport,LZZ5ELND3KW123456,6,B,中原钢运,,,0\n" +
                    "豫A00002,blue,in_plant,,6,A,厂内,,,0\n",
                manager_);
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = body_of(r);
  EXPECT_EQ(j["imported"], true);
  EXPECT_EQ(j["accepted"], 3);
  EXPECT_EQ(j["created"], 2);
  EXPECT_EQ(j["updated"], 1);
  EXPECT_TRUE(j["refused"].empty());
  EXPECT_EQ(ledger().size(), 3u);
  EXPECT_EQ(entry("豫H00001")->fleet(), "新车队");
  EXPECT_THAT(log_, HasSubstr("LEDGER import by chen (manager): 3 entries (2 new, 1 changed)"));
  EXPECT_EQ(ledger_history(store_->db(), "plate:豫A00002").value()[0].actor,
            "chen (dashboard): CSV import");
}

TEST_F(DashboardLedgerTest, AMalformedImportGivesLineNumberedErrorsAndLosesNothing) {
  const std::string csv = kHeader + "豫H00001,yellow,transport,,6,B,改了,,,0\n" +  // line 2, valid
                          "豫A12345,yellow,transport,LZZ5ELND8KW123456,6,B,x,,,0\n" +  // 3: VIN
                          "豫A00002,blue,in_plant,,9,A,y,,,0\n" +                      // 4: stage
                          "\"豫A00003,blue,in_plant,,6,A,z,,,0\n";  // 5: open quote
  auto r = call("POST", "/api/v1/dashboard/ledger/import", csv, manager_);
  ASSERT_EQ(r.status, 422) << r.body;
  auto j = body_of(r);
  EXPECT_EQ(j["imported"], false);
  EXPECT_EQ(j["accepted"], 0);
  ASSERT_GE(j["refused"].size(), 2u) << r.body;
  EXPECT_EQ(j["refused"][0]["line"], 3);
  EXPECT_EQ(j["refused"][0]["field"], "vin");
  EXPECT_EQ(j["refused"][1]["line"], 4);
  EXPECT_EQ(j["refused"][1]["field"], "emission_stage");
  ASSERT_EQ(j["refused"].size(), 3u) << r.body;
  EXPECT_EQ(j["refused"][2]["line"], 5);
  EXPECT_THAT(j["refused"][2]["reason"].get<std::string>(), HasSubstr("not closed on this line"));
  EXPECT_THAT(j["error"].get<std::string>(), HasSubstr("nothing imported"));
  // The stored ledger is exactly as before.
  EXPECT_EQ(writes_, 0);
  ASSERT_EQ(ledger().size(), 1u);
  EXPECT_EQ(entry("豫H00001")->fleet(), "老车队");

  // A header without the required columns is one error on line 1.
  r = call("POST", "/api/v1/dashboard/ledger/import", "plate,colour\n豫A1,blue\n", manager_);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(body_of(r)["refused"][0]["line"], 1);
  EXPECT_EQ(call("POST", "/api/v1/dashboard/ledger/import", "", manager_).status, 422);

  // Asked to, the valid rows go in and the report still lists the refused ones.
  r = call("POST", "/api/v1/dashboard/ledger/import", csv, manager_, {{"skip_invalid", "1"}});
  ASSERT_EQ(r.status, 200) << r.body;
  j = body_of(r);
  EXPECT_EQ(j["imported"], true);
  EXPECT_EQ(j["updated"], 1);
  EXPECT_EQ(j["refused"][0]["line"], 3);
  EXPECT_EQ(entry("豫H00001")->fleet(), "改了");
  EXPECT_FALSE(entry("豫A12345").has_value());
}

TEST_F(DashboardLedgerTest, ImportRefusesRowsNamingDocumentFiles) {
  auto r = call(
      "POST", "/api/v1/dashboard/ledger/import",
      "plate,vehicle_class,emission_stage,fuel_type,doc_license,valid_from,valid_until,suspended\n"
      "豫A12345,transport,6,B,/etc/passwd,,,0\n",
      manager_);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(body_of(r)["refused"][0]["line"], 2);
  EXPECT_EQ(body_of(r)["refused"][0]["field"], "doc_license");
  EXPECT_THAT(r.body, HasSubstr("gatectl ledger attach"));
  EXPECT_EQ(writes_, 0);
}

// The dashboard's import reads the file with the same strict rules as `gatectl ledger import`:
// a misspelt safety column and a row cut short are refused, even with "valid rows only".
TEST_F(DashboardLedgerTest, ImportRefusesAMisspeltColumnAndAShortRow) {
  const std::string misspelt =
      "plate,vehicle_class,emission_stage,fuel_type,valid_from,valid_until,suspend\n"
      "豫A12345,transport,6,B,,,1\n";
  auto r =
      call("POST", "/api/v1/dashboard/ledger/import", misspelt, manager_, {{"skip_invalid", "1"}});
  ASSERT_EQ(r.status, 422) << r.body;
  auto j = body_of(r);
  EXPECT_EQ(j["refused"][0]["line"], 1);
  EXPECT_EQ(j["refused"][0]["field"], "suspend");
  EXPECT_THAT(j["refused"][0]["reason"].get<std::string>(), HasSubstr("did you mean 'suspended'?"));
  EXPECT_FALSE(entry("豫A12345").has_value());

  const std::string short_row = kHeader + "豫A12345,yellow,transport,,6,B,x,,,1\n" +  // line 2
                                "豫A22222,yellow,transport,,6,B\n";                   // line 3
  r = call("POST", "/api/v1/dashboard/ledger/import", short_row, manager_, {{"skip_invalid", "1"}});
  ASSERT_EQ(r.status, 200) << r.body;
  j = body_of(r);
  EXPECT_EQ(j["accepted"], 1);
  ASSERT_EQ(j["refused"].size(), 1u);
  EXPECT_EQ(j["refused"][0]["line"], 3);
  EXPECT_THAT(j["refused"][0]["reason"].get<std::string>(),
              HasSubstr("the row has 6 fields but the header has 10"));
  EXPECT_TRUE(entry("豫A12345")->suspended());
  EXPECT_FALSE(entry("豫A22222").has_value());
}

// A stranger guessing a user's password is made to wait at the stranger's own address; the user
// logs in from another address at once (the old rule locked the name for everyone).
TEST_F(DashboardLedgerTest, RepeatedFailedLoginsHoldUpTheGuessingAddressOnly) {
  {
    auto users = UserStore::Open(db_);
    ASSERT_TRUE(users.ok()) << users.error();
    ASSERT_TRUE(users.value()->add("chen", UserRole::kManager, "right-password", now_).ok());
  }
  auto login = [&](const std::string& password, const std::string& remote) {
    drivers::HttpRequest req;
    req.method = "POST";
    req.path = "/api/v1/login";
    req.remote = remote;
    req.body = json{{"user", "chen"}, {"password", password}}.dump();
    return *routes_->handle_public(req);
  };
  const std::string stranger = "10.0.0.66:5000", chen = "10.0.0.7:5000";
  for (int i = 0; i < 3; ++i) EXPECT_EQ(login("guess", stranger).status, 401) << i;
  now_ += 1000;
  auto r = login("right-password", stranger);  // even the right password waits there
  ASSERT_EQ(r.status, 429) << r.body;
  EXPECT_THAT(r.body, HasSubstr("too many failed logins for user 'chen' from 10.0.0.66"));
  EXPECT_EQ(body_of(r)["retry_after_s"], 59);
  bool retry_header = false;
  for (const auto& [k, v] : r.headers) retry_header |= k == "Retry-After" && v == "59";
  EXPECT_TRUE(retry_header);
  EXPECT_THAT(log_, HasSubstr("too many failed logins for user 'chen' from 10.0.0.66"));

  EXPECT_EQ(login("right-password", chen).status, 200);  // the real user is not locked out

  now_ += 59000;
  EXPECT_EQ(login("guess", stranger).status, 401);
  EXPECT_EQ(body_of(login("guess", stranger))["retry_after_s"], 120);  // the wait doubled
}

}  // namespace
}  // namespace gate::host
