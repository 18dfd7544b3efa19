// The platform's control strategy end to end: a real `gate-sim profile-platform` speaking the
// shipped transport-control profile announces strategy 2 (China IV and below banned) in its
// policy pull; a real gated pulls it at start, and then refuses a China IV diesel truck under
// rule platform.strategy with an explanation naming the strategy, while a China V diesel truck
// passes. The strategy is kept with the platform state: after a restart with the platform gone,
// the China IV truck is still refused. The §4 platform (company-control) with MD5 header
// signing takes the right secret only.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

#include "drivers/http/http_client.h"
#include "tests/support/process.h"

namespace gate::testing {
namespace {

using json = nlohmann::json;
const std::string kBin = GATE_BIN_DIR;
const std::string kTransportControl =
    std::string(GATE_SOURCE_DIR) + "/deploy/platforms/transport-control.textproto";
const std::string kCompanyControl =
    std::string(GATE_SOURCE_DIR) + "/deploy/platforms/company-control.textproto";
const std::string kSettings =
    "organ=JZ-EPB\nusername=gate01\npassword=pw-1\nenterprise_code=410800001\n"
    "enterprise_name=焦作某钢厂\ngate_code=G01\n";
const std::string kChinaIV = "豫H40001";
const std::string kChinaV = "豫H50001";

struct Row {
  std::string plate;
  int verdict;  // gate.v1.Verdict: 1 pass, 2 refuse
  std::string rule;
  std::string explanation;
  std::string strategy;  // as recorded with the passage
  std::string strategy_code;
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
                         "SELECT plate_read, verdict, rule_id, explanation, platform_strategy, "
                         "platform_strategy_code FROM passages ORDER BY seq",
                         -1, &st, nullptr) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      auto text = [&](int c) {
        const auto* p = sqlite3_column_text(st, c);
        return p ? std::string(reinterpret_cast<const char*>(p)) : std::string();
      };
      rows.push_back({text(0), sqlite3_column_int(st, 1), text(2), text(3), text(4), text(5)});
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return rows;
}

class PlatformStrategyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    camera_port_ = free_port();
    import_ledger();
  }
  // Starts `gate-sim profile-platform` for `profile` with `settings` (key=value lines) and
  // `args`, and writes gated's config for it with `uplink_extra` inside uplink { }.
  void start_platform(const std::string& profile, const std::string& settings,
                      const std::vector<std::string>& args, const std::string& uplink_extra = "") {
    write_file(dir_ + "/settings.txt", settings);
    std::vector<std::string> argv{kBin + "/gate-sim", "profile-platform",    "--profile", profile,
                                  "--settings",       dir_ + "/settings.txt"};
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
    std::string lines_cfg;
    std::istringstream lines(settings);
    for (std::string l; std::getline(lines, l);) {
      const auto eq = l.find('=');
      lines_cfg += "  platform_settings { key: \"" + l.substr(0, eq) + "\" value: \"" +
                   l.substr(eq + 1) + "\" }\n";
    }
    write_file(dir_ + "/gated.textproto",
               "gate_id: \"TEST-G1\"\ndatabase_path: \"gate.db\"\nutc_offset_minutes: 480\n"
               "camera { listen_address: \"127.0.0.1\" port: " +
                   std::to_string(camera_port_) +
                   " }\n"
                   "lanes { lane_id: \"L1\" debounce_ms: 50 passage_timeout_ms: 200\n"
                   "  barrier { camera_relay { vendor: VENDOR_VZENITH } } }\n"
                   "policy { version: \"strategy-test\" }\n"
                   "uplink { url: \"http://127.0.0.1:" +
                   std::to_string(platform_port_) + "\" profile_file: \"" + profile +
                   "\"\n  interval_ms: 100 max_backoff_ms: 300 live_window_ms: 1000\n" + lines_cfg +
                   uplink_extra + "}\n");
  }
  json report() const {
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(platform_port_), "/"};
    auto r = drivers::http_request(url, "GET", "/mock/report", "", "text/plain", 3000);
    if (!r.ok() || r.value().status != 200) return json::object();
    return json::parse(r.value().body, nullptr, false);
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
  void import_ledger() {
    std::string csv =
        "plate,plate_color,vehicle_class,vin,engine_no,registration_date,emission_stage,"
        "fuel_type,vehicle_type,use,fleet,owner,registration_code,valid_from,valid_until,"
        "suspended\n";
    csv += kChinaIV +
           ",yellow,transport,LZZRE12G9HP1G3DB9,E170067,2012-04-10,4,B,N3,raw material,"
           "fleet,demo,,2025-01-01,2099-12-31,0\n";
    csv += kChinaV +
           ",yellow,transport,,E170068,2016-04-10,5,B,N3,raw material,"
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
  // The passage of the `n`th truck (1-based), once recorded.
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

  std::string dir_;
  int camera_port_ = 0;
  int platform_port_ = 0;
  std::unique_ptr<ChildProcess> platform_;
  std::unique_ptr<ChildProcess> gated_;
};

TEST_F(PlatformStrategyTest, StrategyTwoRefusesChinaIVAndPassesChinaVAcrossARestart) {
  start_platform(kTransportControl, kSettings,
                 {"--control", "alert_level=0,response_level=0,strategy=2"});
  start_gated();
  ASSERT_TRUE(wait_until(
      [&] { return log().find("strategy ban_stage_4_and_below") != std::string::npos; }, 10000))
      << "the pull at start is applied and logged";
  push(kChinaIV);
  const Row refused = passage(1);
  EXPECT_EQ(refused.plate, kChinaIV);
  EXPECT_EQ(refused.verdict, 2);
  EXPECT_EQ(refused.rule, "platform.strategy");
  EXPECT_NE(refused.explanation.find("platform strategy ban_stage_4_and_below (platform code 2)"),
            std::string::npos)
      << refused.explanation;
  EXPECT_NE(refused.explanation.find("China IV and below banned"), std::string::npos)
      << refused.explanation;
  EXPECT_EQ(refused.strategy, "ban_stage_4_and_below") << "kept with the passage for replays";
  EXPECT_EQ(refused.strategy_code, "2");
  push(kChinaV);
  const Row passed = passage(2);
  EXPECT_EQ(passed.plate, kChinaV);
  EXPECT_EQ(passed.verdict, 1) << passed.rule << ": " << passed.explanation;
  EXPECT_NE(passed.explanation.find("platform strategy ban_stage_4_and_below"), std::string::npos)
      << passed.explanation;

  // Kept with the platform state: in force after a restart while the platform is gone.
  gated_.reset();
  platform_.reset();
  start_gated();
  push(kChinaIV);
  const Row again = passage(3);
  EXPECT_EQ(again.verdict, 2);
  EXPECT_EQ(again.rule, "platform.strategy") << again.explanation;
}

// The §4 platform signs with MD5 headers: with the right key and secret the pull is taken
// (strategy 3: China IV diesel refused, China V diesel passes) and both passages arrive; with a
// wrong secret the platform refuses every call 401 and takes nothing.
TEST_F(PlatformStrategyTest, AnMD5SignedPlatformTakesTheRightSecretOnly) {
  write_file(dir_ + "/platform.secret", "0123456789abcdef-right\n");
  ::chmod((dir_ + "/platform.secret").c_str(), 0600);
  write_file(dir_ + "/wrong.secret", "0123456789abcdef-wrong\n");
  ::chmod((dir_ + "/wrong.secret").c_str(), 0600);
  start_platform(kCompanyControl, "enterprise_code=410800001\ngate_code=G01\n",
                 {"--app-key", "gate-key-1", "--app-secret-file", dir_ + "/platform.secret",
                  "--control", "alert_level=1,strategy=3"},
                 "  app_key: \"gate-key-1\" app_secret_file: \"" + dir_ + "/platform.secret\"\n");
  start_gated();
  ASSERT_TRUE(wait_until(
      [&] { return log().find("strategy ban_diesel_4_gas_5_and_below") != std::string::npos; },
      10000));
  push(kChinaIV);
  EXPECT_EQ(passage(1).rule, "platform.strategy") << passage(1).explanation;
  push(kChinaV);
  EXPECT_EQ(passage(2).verdict, 1) << passage(2).explanation;
  ASSERT_TRUE(wait_until([&] { return report().value("records", 0) >= 2; }, 10000))
      << report().dump();
  EXPECT_EQ(report().value("signature_refusals", -1), 0) << report().dump();
  EXPECT_GE(report().value("pulls", 0), 1);

  gated_.reset();
  std::string cfg = read_file(dir_ + "/gated.textproto");
  cfg.replace(cfg.find("platform.secret"), 15, "wrong.secret");
  write_file(dir_ + "/gated.textproto", cfg);
  start_gated();
  push(kChinaV);
  ASSERT_TRUE(wait_until([&] { return report().value("signature_refusals", 0) >= 1; }, 10000))
      << report().dump();
  EXPECT_EQ(report().value("records", 0), 2) << "nothing taken with a wrong signature";
}

}  // namespace
}  // namespace gate::testing
