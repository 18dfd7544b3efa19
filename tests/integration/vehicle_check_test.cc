// The platform's vehicle check end to end: a real `gate-sim profile-platform` speaking the
// shipped token-REST profile answers /transport/check from its own vehicle table, and a real
// gated asks it for every plate read before the barrier opens. The platform refuses a truck the
// ledger admits: refused under platform.check with the platform's reason, the platform's serial
// kept and uploaded with the passage. A platform slower than the deadline: the truck is decided
// locally and recorded as check: unavailable, the ALARM raised, and cleared at the next answer;
// the passage is uploaded without a serial; the dashboard's live state shows degraded mode for
// as long. The platform's stage disagrees with the ledger: the passage records the ledger
// mismatch, and the dashboard lists it. The platform gone, with degraded mode refuse: every truck
// refused under platform.unreachable, none left waiting.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "drivers/http/http_client.h"
#include "tests/support/process.h"

namespace gate::testing {
namespace {

using json = nlohmann::json;
const std::string kBin = GATE_BIN_DIR;
const std::string kTokenRest =
    std::string(GATE_SOURCE_DIR) + "/deploy/platforms/token-rest.textproto";
const std::string kSettings =
    "company_code=410800001\ncompany_num=JZ01\ncompany_password=pw-1\ngate_code=G01\n";
const std::string kChinaV = "豫H50001";   // the ledger admits it
const std::string kChinaVI = "豫H60001";  // the ledger admits it; the platform knows nothing
const std::string kOperatorToken = "check-test-operator-token-0123";

struct Row {
  std::string plate;
  int verdict = 0;  // gate.v1.Verdict: 1 pass, 2 refuse
  std::string rule, reason, explanation;
  int check_status = 0;  // gate.v1.VehicleCheck.Status: 1 answered, 2 unavailable
  std::string check_reason, check_serial, ledger_mismatch, degraded_mode;
  int64_t check_latency_ms = 0;
};

std::vector<Row> passages(const std::string& db_path) {
  std::vector<Row> rows;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return rows;
  }
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db,
                         "SELECT plate_read, verdict, rule_id, reason, explanation, check_status, "
                         "check_reason, check_serial, check_ledger_mismatch, "
                         "check_degraded_mode, check_latency_ms FROM passages ORDER BY seq",
                         -1, &st, nullptr) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      auto text = [&](int c) {
        const auto* p = sqlite3_column_text(st, c);
        return p ? std::string(reinterpret_cast<const char*>(p)) : std::string();
      };
      rows.push_back({text(0), sqlite3_column_int(st, 1), text(2), text(3), text(4),
                      sqlite3_column_int(st, 5), text(6), text(7), text(8), text(9),
                      sqlite3_column_int64(st, 10)});
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return rows;
}

class VehicleCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    camera_port_ = free_port();
    api_port_ = free_port();
    import_ledger();
  }
  void TearDown() override {
    if (HasFailure()) {
      std::cerr << "--- gated stderr ---\n"
                << read_file(dir_ + "/gated.err").substr(0, 20000) << "\n--- platform ---\n"
                << read_file(dir_ + "/platform.err") << "\n";
    }
    gated_.reset();
    platform_.reset();
    remove_tree(dir_);
  }
  // Starts the platform for `profile` with its vehicle table `vehicles` and `args`, and writes
  // gated's config for it.
  void start_platform(const std::string& profile, const json& vehicles,
                      const std::vector<std::string>& args = {}) {
    write_file(dir_ + "/settings.txt", kSettings);
    write_file(dir_ + "/vehicles.json", vehicles.dump());
    std::vector<std::string> argv{
        kBin + "/gate-sim", "profile-platform",     "--profile",  profile,
        "--settings",       dir_ + "/settings.txt", "--vehicles", dir_ + "/vehicles.json"};
    argv.insert(argv.end(), args.begin(), args.end());
    write_file(dir_ + "/platform.out", "");
    platform_ =
        std::make_unique<ChildProcess>(argv, dir_ + "/platform.out", dir_ + "/platform.err");
    const std::string marker = "listening on 127.0.0.1:";
    ASSERT_TRUE(wait_until(
        [&] { return read_file(dir_ + "/platform.out").find(marker) != std::string::npos; }, 10000))
        << read_file(dir_ + "/platform.err");
    const std::string out = read_file(dir_ + "/platform.out");
    platform_port_ = std::stoi(out.substr(out.find(marker) + marker.size()));
    std::string settings_cfg;
    std::istringstream lines(kSettings);
    for (std::string l; std::getline(lines, l);) {
      const auto eq = l.find('=');
      settings_cfg += "  platform_settings { key: \"" + l.substr(0, eq) + "\" value: \"" +
                      l.substr(eq + 1) + "\" }\n";
    }
    write_file(dir_ + "/gated.textproto",
               "gate_id: \"TEST-G1\"\ndatabase_path: \"gate.db\"\nutc_offset_minutes: 480\n"
               "camera { listen_address: \"127.0.0.1\" port: " +
                   std::to_string(camera_port_) +
                   " }\n"
                   "lanes { lane_id: \"L1\" debounce_ms: 50 passage_timeout_ms: 200\n"
                   "  barrier { camera_relay { vendor: VENDOR_VZENITH } } }\n" +
                   policy_ + "uplink { url: \"http://127.0.0.1:" + std::to_string(platform_port_) +
                   "\" profile_file: \"" + profile +
                   "\"\n  interval_ms: 100 max_backoff_ms: 300 live_window_ms: 1000\n" +
                   settings_cfg + "}\napi { port: " + std::to_string(api_port_) +
                   " operator_token: \"" + kOperatorToken + "\" }\n");
  }
  void import_ledger() {
    std::string csv =
        "plate,plate_color,vehicle_class,vin,engine_no,registration_date,emission_stage,"
        "fuel_type,vehicle_type,use,fleet,owner,registration_code,valid_from,valid_until,"
        "suspended\n";
    csv += kChinaV +
           ",yellow,transport,LZZRE12G9HP1G3DB9,E170068,2016-04-10,5,B,N3,raw material,"
           "fleet,demo,,2025-01-01,2099-12-31,0\n";
    csv += kChinaVI +
           ",yellow,transport,,E170069,2021-04-10,6,B,N3,raw material,"
           "fleet,demo,,2025-01-01,2099-12-31,0\n";
    write_file(dir_ + "/ledger.csv", csv);
    std::string out;
    ASSERT_EQ(run_command({kBin + "/gatectl", "ledger", "import", "--db", dir_ + "/gate.db",
                           dir_ + "/ledger.csv"},
                          &out),
              0)
        << out;
  }
  void start_gated() {
    write_file(dir_ + "/gated.err", "");
    gated_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{kBin + "/gated", "--config", dir_ + "/gated.textproto"},
        dir_ + "/gated.out", dir_ + "/gated.err");
    ASSERT_TRUE(wait_until([&] { return log().find("gated: ready:") != std::string::npos; }, 15000))
        << log();
  }
  std::string log() const { return read_file(dir_ + "/gated.err"); }
  json mock(const std::string& method, const std::string& path, const std::string& body = "") {
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(platform_port_), "/"};
    auto r = drivers::http_request(url, method, path, body, "application/json", 5000);
    if (!r.ok() || r.value().status != 200) return json::object();
    return json::parse(r.value().body, nullptr, false);
  }
  // A dashboard route's JSON, read with the operator token; null when it did not answer 200.
  json dashboard(const std::string& path) {
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(api_port_), "/"};
    auto r = drivers::http_request(url, "GET", path, "", "application/json", 5000,
                                   {{"Authorization", "Bearer " + kOperatorToken}});
    if (!r.ok() || r.value().status != 200) return nullptr;
    return json::parse(r.value().body, nullptr, false);
  }
  // The camera's push; its answer waits for the lane's decision (the check included).
  void push(const std::string& plate) {
    json body = {
        {"AlarmInfoPlate",
         {{"serialno", "vz-1"},
          {"result",
           {{"PlateResult", {{"license", plate}, {"colorType", 2}, {"confidence", 97}}}}}}}};
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(camera_port_), "/"};
    auto r = drivers::http_request(url, "POST", "/camera/vzenith/L1", body.dump(),
                                   "application/json", 5000);
    ASSERT_TRUE(r.ok() && r.value().status == 200) << (r.ok() ? r.value().body : r.error());
  }
  Row passage(std::size_t n) {
    std::vector<Row> rows;
    EXPECT_TRUE(wait_until(
        [&] {
          rows = passages(dir_ + "/gate.db");
          return rows.size() >= n;
        },
        10000));
    return rows.size() >= n ? rows[n - 1] : Row{};
  }
  // The upload body the platform took for passage `seq` (its serialNum is our key).
  json uploaded(int seq) {
    const std::string key = "TEST-G1-" + std::to_string(seq) + "-decision";
    json found;
    wait_until(
        [&] {
          const json r = mock("GET", "/mock/report?records=1");
          if (!r.contains("bodies")) return false;
          for (const auto& b : r["bodies"]) {
            if (b.value("serialNum", "") == key) found = b;
          }
          return !found.is_null();
        },
        10000);
    return found;
  }

  std::string dir_;
  std::string policy_ = "policy { version: \"check-test\" }\n";
  int camera_port_ = 0;
  int api_port_ = 0;
  int platform_port_ = 0;
  std::unique_ptr<ChildProcess> platform_;
  std::unique_ptr<ChildProcess> gated_;
};

TEST_F(VehicleCheckTest, ThePlatformRefusesATruckTheLedgerAdmitsWithItsReasonAndSerial) {
  start_platform(kTokenRest, {{kChinaV, {{"may_pass", false}, {"reason", "重污染天气管控车辆"}}}});
  start_gated();
  push(kChinaV);
  const Row refused = passage(1);
  EXPECT_EQ(refused.verdict, 2);
  EXPECT_EQ(refused.rule, "platform.check");
  EXPECT_EQ(refused.reason, "平台不予通行 重污染天气管控车辆 platform refuses: 重污染天气管控车辆");
  EXPECT_NE(refused.explanation.find("local decision pass.all_rules"), std::string::npos)
      << refused.explanation;
  EXPECT_EQ(refused.check_status, 1);
  EXPECT_EQ(refused.check_serial, "PS-1");
  push(kChinaVI);
  const Row passed = passage(2);
  EXPECT_EQ(passed.verdict, 1);
  EXPECT_EQ(passed.check_serial, "PS-2");
  // The serial travels with the passage's record.
  EXPECT_EQ(uploaded(1).value("platformSerialNum", ""), "PS-1");
  EXPECT_EQ(uploaded(2).value("platformSerialNum", ""), "PS-2");
  EXPECT_EQ(mock("GET", "/mock/report")["checks"], 2);
}

TEST_F(VehicleCheckTest, APlatformSlowerThanTheDeadlineIsADegradedDecisionRecordedAsSuch) {
  start_platform(kTokenRest, json::object(), {"--slow-ms", "2000"});
  start_gated();
  mock("POST", "/mock/mode", R"({"mode":"slow"})");
  push(kChinaV);
  const Row degraded = passage(1);
  EXPECT_EQ(degraded.verdict, 1) << "decided from the ledger (degraded mode local)";
  EXPECT_EQ(degraded.rule, "pass.all_rules");
  EXPECT_EQ(degraded.check_status, 2);
  EXPECT_EQ(degraded.check_reason, "no answer within 800 ms");
  EXPECT_EQ(degraded.degraded_mode, "local");
  EXPECT_EQ(degraded.check_serial, "");
  EXPECT_NE(degraded.explanation.find("platform check: unavailable (no answer within 800 ms); "
                                      "decided locally, degraded mode local"),
            std::string::npos)
      << degraded.explanation;
  // A figure, not an assertion: how long past the read the degraded decision was made.
  std::cout << "degraded decision " << degraded.check_latency_ms << " ms after the read\n";
  EXPECT_TRUE(wait_until(
      [&] { return log().find("ALARM platform vehicle check unavailable") != std::string::npos; },
      5000));
  // The board changes before the ALARM is logged: the live page shows degraded mode now.
  const json during = dashboard("/api/v1/dashboard/lanes");
  ASSERT_TRUE(during.is_object() && during["check"].is_object()) << during.dump();
  EXPECT_EQ(during["check"]["degraded"], true);
  EXPECT_EQ(during["check"]["degraded_mode"], "local");
  EXPECT_EQ(during["check"]["reason"], "no answer within 800 ms");
  EXPECT_TRUE(during["check"]["since"].is_string());
  mock("POST", "/mock/mode", R"({"mode":"normal"})");
  push(kChinaVI);
  EXPECT_TRUE(wait_until(
      [&] {
        const auto rows = passages(dir_ + "/gate.db");
        return rows.size() >= 2 && rows[1].check_status == 1;
      },
      15000))
      << "the platform answers again";
  EXPECT_TRUE(
      wait_until([&] { return log().find("degraded mode ended") != std::string::npos; }, 5000));
  const json after = dashboard("/api/v1/dashboard/lanes");
  ASSERT_TRUE(after.is_object() && after["check"].is_object()) << after.dump();
  EXPECT_EQ(after["check"]["degraded"], false);
  EXPECT_EQ(after["check"]["answered"], 1);
  // Uploaded without a serial: the profile leaves platformSerialNum out when there is none.
  const json body = uploaded(1);
  ASSERT_FALSE(body.is_null());
  EXPECT_FALSE(body.contains("platformSerialNum")) << body.dump();
}

TEST_F(VehicleCheckTest, AStageDisagreementWithTheLedgerIsRecorded) {
  start_platform(kTokenRest, {{kChinaV, {{"may_pass", true}, {"stage", "4"}, {"fuel", "B"}}}});
  start_gated();
  push(kChinaV);
  const Row p = passage(1);
  EXPECT_EQ(p.verdict, 1);
  EXPECT_EQ(p.check_status, 1);
  EXPECT_EQ(p.ledger_mismatch, "stage: ledger China V, platform China IV");
  const json list = dashboard("/api/v1/dashboard/mismatches");
  ASSERT_TRUE(list.is_object() && list["passages"].size() == 1u) << list.dump();
  EXPECT_EQ(list["passages"][0]["plate"], kChinaV);
  EXPECT_EQ(list["passages"][0]["mismatch"], "stage: ledger China V, platform China IV");
  EXPECT_EQ(list["passages"][0]["serial"], p.check_serial);
}

// The plant's policy decides a plate in no ledger on the vehicle data the platform answered: a
// China VI diesel truck the platform knows passes, one it does not know is refused.
TEST_F(VehicleCheckTest, PolicyAdmitsAPlateInNoLedgerOnThePlatformsVehicleData) {
  write_file(dir_ + "/policy.textproto",
             "id: \"check-test\" version: \"v1\" source: \"test\"\n"
             "rule_sets { id: \"stage\" source: \"test\"\n"
             "  stage_rules { vehicle_class: VEHICLE_CLASS_TRANSPORT min_stage: "
             "EMISSION_STAGE_CHINA_V } }\n"
             "rule_sets { id: \"unregistered\" source: \"the plant's choice\"\n"
             "  identity { unknown_vehicle: UNKNOWN_VEHICLE_PLATFORM_DATA } }\n");
  policy_ =
      "policy_file: \"policy.textproto\"\n"
      "enterprise { industry: \"steel\" grade: PERFORMANCE_GRADE_B double_high: true }\n";
  start_platform(kTokenRest, {{"豫H70001", {{"may_pass", true}, {"stage", "6"}, {"fuel", "B"}}},
                              {"豫H70002", {{"may_pass", true}, {"stage", "4"}, {"fuel", "B"}}}});
  start_gated();
  push("豫H70001");
  const Row admitted = passage(1);
  EXPECT_EQ(admitted.verdict, 1) << admitted.explanation;
  EXPECT_EQ(admitted.check_status, 1);
  EXPECT_NE(admitted.explanation.find("decided on the platform's vehicle data"), std::string::npos)
      << admitted.explanation;
  push("豫H70002");
  EXPECT_EQ(passage(2).rule, "stage.min_by_class") << "the platform's China IV meets the rules";
  push("豫H70003");
  EXPECT_EQ(passage(3).rule, "identity.unknown_vehicle") << "unknown to both";
}

TEST_F(VehicleCheckTest, WithThePlatformGoneRefuseModeRefusesEveryTruckWithoutBlocking) {
  std::string profile = read_file(kTokenRest);
  profile.replace(profile.find("degraded: DEGRADED_LOCAL"), 24, "degraded: DEGRADED_REFUSE");
  write_file(dir_ + "/token-rest-refuse.textproto", profile);
  start_platform(dir_ + "/token-rest-refuse.textproto", json::object());
  start_gated();
  platform_->stop();
  for (const std::string& plate : {kChinaV, kChinaVI, std::string("豫H70001")}) push(plate);
  for (std::size_t n = 1; n <= 3; ++n) {
    const Row p = passage(n);
    EXPECT_EQ(p.check_status, 2) << p.plate;
    EXPECT_EQ(p.degraded_mode, "refuse") << p.plate;
    // The unknown plate keeps its own, local refusal; the ledger's trucks are refused for the
    // platform.
    EXPECT_EQ(p.rule, n == 3 ? "identity.unknown_vehicle" : "platform.unreachable") << p.plate;
    EXPECT_EQ(p.verdict, 2) << p.plate;
  }
  EXPECT_NE(log().find("ALARM platform vehicle check unavailable"), std::string::npos);
}

}  // namespace
}  // namespace gate::testing
