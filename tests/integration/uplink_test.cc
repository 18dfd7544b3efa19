// The uplink with real processes on 127.0.0.1: gated uploading to `gate-sim platform` (the
// strict mock platform, TLS with a CA made at test time, signed requests), for both profiles.
// Faults are switched on the platform's control port while trucks arrive; the platform's own
// SQLite file and gated's database are checked afterwards.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sqlite3.h>
#include <sys/stat.h>
#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "drivers/http/http_client.h"
#include "tests/support/process.h"
#include "tests/support/tls_fixture.h"

namespace gate::testing {
namespace {

using ::testing::HasSubstr;

const std::string kBin = GATE_BIN_DIR;
const std::string kSource = GATE_SOURCE_DIR;
constexpr const char* kSecret = "integration-secret-0123456789abcdef";

// Rows of an SQLite query, each column as text.
std::vector<std::vector<std::string>> query(const std::string& db_path, const std::string& sql) {
  std::vector<std::vector<std::string>> rows;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << db_path;
    sqlite3_close(db);
    return rows;
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << sqlite3_errmsg(db) << " in " << sql;
  }
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(st); ++i) {
      const auto* t = sqlite3_column_text(st, i);
      row.push_back(t ? reinterpret_cast<const char*>(t) : "");
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return rows;
}

struct Profile {
  bool tcp;
};

class UplinkTest : public ::testing::TestWithParam<Profile> {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    camera_port_ = free_port();
    platform_port_ = free_port();
    control_port_ = free_port();
    tls_ = make_tls_files(dir_);
    write_file(dir_ + "/secret", std::string(kSecret) + "\n");
    ::chmod((dir_ + "/secret").c_str(), 0600);
  }
  void TearDown() override {
    gated_.reset();
    platform_.reset();
    if (HasFailure()) {
      std::cerr << "--- gated stderr (earlier runs) ---\n"
                << read_file(dir_ + "/gated.err") << "\n--- gated stderr (last run) ---\n"
                << read_file(current_log_) << "\n";
      std::cerr << "--- platform stdout ---\n" << read_file(dir_ + "/platform.out") << "\n";
      std::cerr << "--- platform stderr ---\n" << read_file(dir_ + "/platform.err") << "\n";
    }
    remove_tree(dir_);
  }

  bool tcp() const { return GetParam().tcp; }

  void start_platform(const std::string& mode = "normal", int slow_ms = 1500) {
    std::vector<std::string> argv = {kBin + "/gate-sim",
                                     "platform",
                                     tcp() ? "--tcp-port" : "--port",
                                     std::to_string(platform_port_),
                                     "--tls-cert",
                                     tls_.server_cert,
                                     "--tls-key",
                                     tls_.server_key,
                                     "--app-key",
                                     "gate-TEST-G1",
                                     "--secret-file",
                                     dir_ + "/secret",
                                     "--db",
                                     dir_ + "/platform.db",
                                     "--control-port",
                                     std::to_string(control_port_),
                                     "--slow-ms",
                                     std::to_string(slow_ms),
                                     "--mode",
                                     mode};
    platform_ =
        std::make_unique<ChildProcess>(argv, dir_ + "/platform.out", dir_ + "/platform.err");
    ASSERT_TRUE(wait_until([&] { return control("GET", "/mock/report", "").ok(); }, 10000))
        << "the mock platform did not start";
  }

  std::string config(int timeout_ms) const {
    const std::string url = tcp()
                                ? "tls://127.0.0.1:" + std::to_string(platform_port_)
                                : "https://127.0.0.1:" + std::to_string(platform_port_) + "/api/v1";
    return "gate_id: \"TEST-G1\"\n"
           "database_path: \"gate.db\"\n"
           "utc_offset_minutes: 480\n"
           "camera { listen_address: \"127.0.0.1\" port: " +
           std::to_string(camera_port_) +
           " }\n"
           "lanes { lane_id: \"L1\" debounce_ms: 1000 passage_timeout_ms: 2000\n"
           "  barrier { tcp { host: \"127.0.0.1\" port: " +
           std::to_string(free_port()) +
           " } pulse_ms: 100 response_timeout_ms: 200 reconnect_interval_ms: 500 }\n"
           "}\n"
           "uplink {\n"
           "  profile: " +
           (tcp() ? "UPLINK_PROFILE_TCP_JSON" : "UPLINK_PROFILE_HTTP_JSON") + "\n  url: \"" + url +
           "\"\n"
           "  app_key: \"gate-TEST-G1\" app_secret_file: \"secret\" ca_file: \"ca.pem\"\n"
           "  batch_size: 20 interval_ms: 50 max_backoff_ms: 400 timeout_ms: " +
           std::to_string(timeout_ms) +
           "\n"
           "  heartbeat_interval_ms: 300 downlink_poll_interval_ms: 300\n"
           "  live_window_ms: 1500 backlog_alarm_age_ms: 1500 metrics_log_interval_ms: 500\n"
           "}\n"
           "policy { version: \"test-1\" min_confidence: 0.8\n"
           "  stage_rules { vehicle_class: VEHICLE_CLASS_TRANSPORT min_stage: "
           "EMISSION_STAGE_CHINA_V }\n"
           "  alert_rules { level: ALERT_LEVEL_RED vehicle_class: VEHICLE_CLASS_TRANSPORT "
           "min_stage: EMISSION_STAGE_CHINA_VI }\n"
           "}\n";
  }

  void start_gated(int timeout_ms = 1000) {
    write_file(dir_ + "/gated.textproto", config(timeout_ms));
    // One log per run; gated.err collects the finished runs.
    const std::string run_log = dir_ + "/gated.run" + std::to_string(++runs_) + ".err";
    gated_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{kBin + "/gated", "--config", dir_ + "/gated.textproto"},
        dir_ + "/gated.out", run_log);
    current_log_ = run_log;
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(camera_port_), "/"};
    ASSERT_TRUE(wait_until(
        [&] { return drivers::http_request(url, "GET", "/", "", "text/plain", 300).ok(); }, 15000))
        << "gated did not start";
  }
  void stop_gated() {
    ASSERT_EQ(gated_->stop(10000), 0);
    write_file(dir_ + "/gated.err", read_file(dir_ + "/gated.err") + read_file(current_log_));
    gated_.reset();
  }
  std::string gated_log() const { return read_file(current_log_); }

  Result<drivers::HttpReply> control(const std::string& method, const std::string& path,
                                     const std::string& body) const {
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(control_port_), "/"};
    return drivers::http_request(url, method, path, body, "application/json", 2000);
  }
  void set_mode(const std::string& mode) {
    auto r = control("POST", "/mock/mode", R"({"mode":")" + mode + R"("})");
    ASSERT_TRUE(r.ok()) << r.error();
    ASSERT_EQ(r.value().status, 200) << r.value().body;
  }
  nlohmann::json report() const {
    auto r = control("GET", "/mock/report", "");
    if (!r.ok()) return nlohmann::json::object();
    return nlohmann::json::parse(r.value().body, nullptr, false);
  }
  int64_t platform_records() const {
    auto j = report();
    return j.is_object() && j.contains("records") ? j["records"].get<int64_t>() : -1;
  }

  // One truck at the camera; unknown plates are refused at once (one decision record each).
  void push(const std::string& plate) {
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(camera_port_), "/"};
    auto r = drivers::http_request(url, "POST", "/camera/generic",
                                   R"({"plate":")" + plate + R"(","lane":"L1","confidence":0.95})",
                                   "application/json", 3000);
    ASSERT_TRUE(r.ok()) << r.error();
    ASSERT_EQ(r.value().status, 200) << r.value().body;
    ++pushed_;
  }
  void push_unknown(int n) {
    for (int i = 0; i < n; ++i) push("豫H" + std::to_string(20000 + pushed_));
  }

  // Keys the platform stored, with their backfill flag, from its own SQLite file.
  std::map<std::string, bool> stored_keys() const {
    std::map<std::string, bool> out;
    for (const auto& r : query(dir_ + "/platform.db", "SELECT key, backfill FROM records")) {
      out[r[0]] = r[1] == "1";
    }
    return out;
  }
  int64_t count(const std::string& db, const std::string& sql) const {
    auto rows = query(db, sql);
    return rows.empty() ? -1 : std::stoll(rows[0][0]);
  }
  std::string sync_status() const {
    std::string out;
    run_command({kBin + "/gatectl", "sync", "status", "--config", dir_ + "/gated.textproto"}, &out,
                20000);
    return out;
  }
  std::set<std::string> expected_keys(int n) const {
    std::set<std::string> keys;
    for (int i = 1; i <= n; ++i) keys.insert("TEST-G1-" + std::to_string(i) + "-decision");
    return keys;
  }
  static std::set<std::string> keys_of(const std::map<std::string, bool>& m) {
    std::set<std::string> s;
    for (const auto& [k, v] : m) s.insert(k);
    return s;
  }

  std::string dir_;
  int camera_port_ = 0, platform_port_ = 0, control_port_ = 0;
  TlsFiles tls_;
  std::unique_ptr<ChildProcess> platform_;
  std::unique_ptr<ChildProcess> gated_;
  std::string current_log_;
  int runs_ = 0;
  int pushed_ = 0;
};

// The platform goes down for a while, then comes back: every record arrives exactly once,
// the ones sent late flagged backfill; the backlog alarm is raised and cleared.
TEST_P(UplinkTest, PlatformDownThenBackDeliversEveryRecordOnceWithBackfillFlags) {
  start_platform();
  start_gated();
  push_unknown(5);
  ASSERT_TRUE(wait_until([&] { return platform_records() == 5; }, 20000));

  set_mode("down");
  push_unknown(10);
  ASSERT_TRUE(wait_until(
      [&] { return gated_log().find("ALARM uplink: backlog older than") != std::string::npos; },
      20000));
  EXPECT_THAT(sync_status(), HasSubstr("backlog:    10 record(s) waiting"));
  // All 10 are committed; let the newest outgrow the live window (1500 ms) so that every one of
  // them is backfill when it is sent. The alarm alone only says the oldest has (seen in CI).
  std::this_thread::sleep_for(std::chrono::milliseconds(1700));
  set_mode("normal");
  ASSERT_TRUE(wait_until([&] { return platform_records() == 15; }, 30000));
  ASSERT_TRUE(wait_until(
      [&] { return gated_log().find("backlog alarm cleared") != std::string::npos; }, 20000));

  auto stored = stored_keys();
  EXPECT_EQ(keys_of(stored), expected_keys(15));
  for (int i = 1; i <= 15; ++i) {
    EXPECT_EQ(stored["TEST-G1-" + std::to_string(i) + "-decision"], i > 5)
        << "record " << i << (i > 5 ? " was sent late" : " was sent live");
  }
  EXPECT_EQ(count(dir_ + "/platform.db", "SELECT COUNT(*) FROM repeats WHERE same_content=0"), 0);
  EXPECT_GE(count(dir_ + "/platform.db", "SELECT COUNT(*) FROM heartbeats"), 1);
  const std::string status = sync_status();
  EXPECT_THAT(status, HasSubstr("delivered:  15 record(s)"));
  EXPECT_THAT(status, HasSubstr("backlog:    0 record(s)"));
  const std::string log = gated_log();
  EXPECT_THAT(log, HasSubstr("uplink metrics:"));
  EXPECT_THAT(log, HasSubstr("platform reachable again"));
  stop_gated();
}

// The reference profile carries cargo (docs/uplink.md §3.6): cargo entered with gatectl beside
// the running gated, and its correction entered while the platform is down, each arrive once by
// key, checked strictly by the reference platform.
TEST_P(UplinkTest, CargoRecordsArriveOnceByKeyAcrossAnOutage) {
  start_platform();
  start_gated();
  push_unknown(2);
  ASSERT_TRUE(wait_until([&] { return platform_records() == 2; }, 20000));
  auto cargo = [&](const std::string& quantity) {
    std::string out;
    ASSERT_EQ(
        run_command({kBin + "/gatectl", "passages", "cargo", "--config", dir_ + "/gated.textproto",
                     "1", "--name", "coal", "--quantity", quantity, "--unit", "t"},
                    &out),
        0)
        << out;
  };
  cargo("31.25");
  ASSERT_TRUE(wait_until([&] { return platform_records() == 3; }, 20000)) << report().dump();
  set_mode("down");
  cargo("30.5");
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  set_mode("normal");
  ASSERT_TRUE(wait_until([&] { return platform_records() == 4; }, 30000)) << report().dump();
  auto keys = keys_of(stored_keys());
  EXPECT_EQ(keys.count("TEST-G1-1-cargo"), 1u);
  EXPECT_EQ(keys.count("TEST-G1-1-cargo_2"), 1u);
  EXPECT_EQ(report().value("cargo", 0), 2);
  EXPECT_EQ(count(dir_ + "/platform.db", "SELECT COUNT(*) FROM repeats WHERE same_content=0"), 0);
  EXPECT_THAT(sync_status(), HasSubstr("backlog:    0 record(s)"));
  stop_gated();
}

// Garbage, 500, dropped connections and slow answers: retried, nothing lost, no repeat that
// differs in content.
TEST_P(UplinkTest, GarbageErrorsDropsAndSlowAnswersAreRetriedAndNothingIsLost) {
  start_platform("normal", 1500);
  start_gated();
  const std::vector<std::pair<std::string, std::string>> phases = {
      {"garbage", tcp() ? "not a TcpFrame" : "not a valid UploadReply"},
      {"500", tcp() ? "asked to send again" : "HTTP 500"},
      {"drop", "closed by the peer"},
      {"slow", "timeout"},
  };
  for (const auto& [mode, symptom] : phases) {
    set_mode(mode);
    push_unknown(4);
    ASSERT_TRUE(wait_until([&] { return gated_log().find(symptom) != std::string::npos; }, 20000))
        << "no sign of the " << mode << " fault (\"" << symptom << "\") in gated's log";
  }
  set_mode("normal");
  ASSERT_TRUE(wait_until([&] { return platform_records() == 16; }, 30000));
  ASSERT_TRUE(
      wait_until([&] { return sync_status().find("backlog:    0") != std::string::npos; }, 20000));
  EXPECT_EQ(keys_of(stored_keys()), expected_keys(16));
  auto r = report();
  EXPECT_EQ(r["conflicting_duplicates"], 0);
  EXPECT_GE(r["duplicates"].get<int>(), 1) << "dropped and slow answers make the gate resend";
  EXPECT_EQ(r["rejected"], 0);
  stop_gated();
}

// kill -9 of gated while a batch is at the platform but not yet acknowledged: after the
// restart every record arrives, and the only repeats are identical (ignorable by key).
TEST_P(UplinkTest, KillDuringUploadLosesNothingAndRepeatsAreIgnorable) {
  start_platform("down", 3000);
  start_gated(5000);
  push_unknown(50);
  ASSERT_EQ(count(dir_ + "/gate.db", "SELECT COUNT(*) FROM passages"), 50);
  set_mode("slow");  // taken at once, answered after 3 s
  ASSERT_TRUE(wait_until([&] { return platform_records() > 0; }, 20000));
  gated_->kill_hard();
  gated_.reset();
  const int64_t before = platform_records();
  EXPECT_LT(before, 50);
  EXPECT_LT(count(dir_ + "/gate.db", "SELECT COUNT(*) FROM outbox WHERE acked_unix_ms IS NOT NULL"),
            before)
      << "the batch at the platform was not acknowledged before the kill";

  set_mode("normal");
  start_gated();
  ASSERT_TRUE(wait_until([&] { return platform_records() == 50; }, 30000));
  ASSERT_TRUE(wait_until(
      [&] {
        return count(dir_ + "/gate.db",
                     "SELECT COUNT(*) FROM outbox WHERE acked_unix_ms IS NULL") == 0;
      },
      20000));
  EXPECT_EQ(keys_of(stored_keys()), expected_keys(50));
  EXPECT_EQ(count(dir_ + "/gate.db", "SELECT COUNT(*) FROM passages"), 50);
  EXPECT_GE(count(dir_ + "/platform.db", "SELECT COUNT(*) FROM repeats"), 1)
      << "the unacknowledged batch is sent again";
  EXPECT_EQ(count(dir_ + "/platform.db", "SELECT COUNT(*) FROM repeats WHERE same_content=0"), 0)
      << "a repeat must carry the same content";
  stop_gated();
}

// A record the platform rejects as invalid is parked with the reason, visible in gatectl, and
// the others go on — whether the platform rejects it alone or refuses its whole batch.
TEST_P(UplinkTest, InvalidRecordsAreParkedWithoutBlockingTheRest) {
  start_platform();
  ASSERT_TRUE(control("POST", "/mock/reject", R"({"plate":"豫H66661"})").ok());
  ASSERT_TRUE(control("POST", "/mock/reject", R"({"plate":"豫H66662","whole_batch":true})").ok());
  set_mode("down");
  start_gated();
  push_unknown(3);
  push("豫H66661");
  push_unknown(3);
  push("豫H66662");
  push_unknown(3);
  set_mode("normal");
  ASSERT_TRUE(wait_until([&] { return platform_records() == 9; }, 30000));
  ASSERT_TRUE(
      wait_until([&] { return sync_status().find("parked:     2") != std::string::npos; }, 20000))
      << sync_status();
  const std::string status = sync_status();
  EXPECT_THAT(status, HasSubstr("TEST-G1-4-decision"));
  EXPECT_THAT(status, HasSubstr("TEST-G1-8-decision"));
  EXPECT_THAT(status, HasSubstr("under review"));
  auto stored = stored_keys();
  EXPECT_EQ(stored.size(), 9u);
  EXPECT_FALSE(stored.count("TEST-G1-4-decision"));
  EXPECT_FALSE(stored.count("TEST-G1-8-decision"));
  EXPECT_THAT(gated_log(), HasSubstr("ALARM uplink: the platform rejected record"));
  stop_gated();
}

// The platform raises the alert to red and lists a truck: the lanes apply it at once, and it
// is still in force after a restart with the platform gone.
TEST_P(UplinkTest, DownlinkIsAppliedAtOnceAndSurvivesARestart) {
  // A China V transport truck from the demo ledger: passes normally, refused under red.
  const std::string ledger = kSource + "/sim/scenarios/demo/ledger.csv";
  std::string plate;
  {
    std::istringstream in(read_file(ledger));
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line) && plate.empty()) {
      std::vector<std::string> f;
      std::stringstream ss(line);
      for (std::string x; std::getline(ss, x, ',');) f.push_back(x);
      if (f.size() > 15 && f[2] == "transport" && f[6] == "5" && f[15] == "0") plate = f[0];
    }
  }
  ASSERT_FALSE(plate.empty()) << "no China V transport truck in " << ledger;
  std::string out;
  ASSERT_EQ(
      run_command({kBin + "/gatectl", "ledger", "import", "--db", dir_ + "/gate.db", ledger}, &out),
      0)
      << out;

  start_platform();
  start_gated();
  auto r = control("POST", "/mock/control",
                   R"({"alert_level":3,"response_level":1,"measures":["仅国六及新能源车辆通行"]})");
  ASSERT_TRUE(r.ok() && r.value().status == 200);
  r = control("POST", "/mock/list",
              R"({"list":"excess_emission","op":"add","plate":"豫H55555","reason":"遥感超标"})");
  ASSERT_TRUE(r.ok() && r.value().status == 200);
  ASSERT_TRUE(wait_until(
      [&] { return gated_log().find("lanes use alert level red") != std::string::npos; }, 20000));
  push(plate);
  ASSERT_TRUE(wait_until(
      [&] {
        return count(dir_ + "/gate.db",
                     "SELECT COUNT(*) FROM passages WHERE plate_read='" + plate + "'") == 1;
      },
      10000));
  auto row = query(dir_ + "/gate.db", "SELECT verdict, rule_id, alert_level FROM passages");
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row[0][0], "2") << "refused";
  EXPECT_EQ(row[0][1], "alert.min_stage");
  EXPECT_EQ(row[0][2], "4") << "ALERT_LEVEL_RED recorded with the passage";
  ASSERT_TRUE(wait_until([&] { return platform_records() == 1; }, 20000));
  EXPECT_THAT(sync_status(), HasSubstr("alert red (response I)"));
  // Lists come on their own downlink poll, possibly after the alert level: wait for them.
  EXPECT_TRUE(wait_until(
      [&] { return sync_status().find("1 excess-emission") != std::string::npos; }, 20000))
      << sync_status();
  stop_gated();

  // The platform is gone; gated restarts with what it was told.
  platform_.reset();
  start_gated();
  EXPECT_THAT(gated_log(), HasSubstr("platform: alert red"));
  EXPECT_THAT(gated_log(), HasSubstr("1 excess-emission"));
  push(plate);
  ASSERT_TRUE(wait_until(
      [&] {
        return count(dir_ + "/gate.db",
                     "SELECT COUNT(*) FROM passages WHERE plate_read='" + plate + "'") == 2;
      },
      10000));
  row = query(dir_ + "/gate.db", "SELECT verdict, rule_id FROM passages ORDER BY seq DESC LIMIT 1");
  EXPECT_EQ(row[0][1], "alert.min_stage") << "the red alert survived the restart";
  stop_gated();
}

INSTANTIATE_TEST_SUITE_P(Profiles, UplinkTest, ::testing::Values(Profile{false}, Profile{true}),
                         [](const ::testing::TestParamInfo<Profile>& p) {
                           return std::string(p.param.tcp ? "TcpJson" : "HttpJson");
                         });

}  // namespace
}  // namespace gate::testing
