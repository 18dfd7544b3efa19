// The platform gone for a whole scenario hour while the lanes check every vehicle with it:
// gate-sim scenario against a real gated uploading through the transport-control profile (its
// vehicle check, DEGRADED_LOCAL; the deadline raised so that the accelerated clock leaves an
// answer its real milliseconds), the mock platform down (503 to every call) from 06:10 to 07:10.
// Every truck of that hour is decided in degraded mode local and recorded so, none waited beyond
// the deadline, the gate raised the check's ALARM and cleared it at the first answer after, and
// the report's vehicle_checks judge passes with its counts. The same with DEGRADED_REFUSE for a
// shorter outage: every truck in it refused under platform.unreachable (or by the local rules).
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "tests/support/process.h"

namespace gate::testing {
namespace {

const std::string kBin = GATE_BIN_DIR;
const std::string kSource = GATE_SOURCE_DIR;
const std::string kSettings =
    "organ=JZ\nusername=u\npassword=p\nenterprise_code=E1\nenterprise_name=N\ngate_code=G01\n";
// The profile's deadline is real time (10 s); a lane counts it on the gate's clock, which runs
// kSpeed times faster, so a check's recorded latency is in simulated milliseconds.
constexpr int kDeadlineMs = 10000;
constexpr int64_t kSpeed = 100;  // the scenario's time_acceleration

// Unix ms of a local time "YYYY-MM-DD HH:MM" at UTC+8 (the scenario's zone).
int64_t local_ms(const std::string& t) {
  std::tm tm{};
  tm.tm_year = std::stoi(t.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(t.substr(5, 2)) - 1;
  tm.tm_mday = std::stoi(t.substr(8, 2));
  tm.tm_hour = std::stoi(t.substr(11, 2));
  tm.tm_min = std::stoi(t.substr(14, 2));
  return (static_cast<int64_t>(timegm(&tm)) - 8 * 3600) * 1000;
}

// Two hours at two lanes of a grade-B coking plant with no alert; the platform down for
// `outage`. Played at ×100: 72 real seconds for the two hours.
std::string scenario_text(const std::string& from, const std::string& until) {
  return R"(name: "test-platform-gone"
description: "test: the platform gone while the lanes check every vehicle"
start: "2026-11-24 06:00"
duration_hours: 2
time_acceleration: 100
policy_file: ")" +
         kSource + R"(/rules/policies/henan-jiaozuo-2025.textproto"
enterprise { name: "test coking plant" industry: "coking" grade: PERFORMANCE_GRADE_B
             double_high: false location: "jiaozuo/wuzhi" }
gates { gate_id: "HN-TEST-G1" lane_ids: ["L1", "L2"] }
arrivals { hours { from_hour: 0 to_hour: 24 per_hour: 90 } }
fleet {
  kinds {
    name: "electric tractor" weight: 50 plate_color: PLATE_COLOR_YELLOW_GREEN
    vehicle_class: VEHICLE_CLASS_TRANSPORT
    stages { stage: EMISSION_STAGE_ELECTRIC weight: 1 } fuels { fuel: FUEL_TYPE_ELECTRIC weight: 1 }
  }
  kinds {
    name: "diesel tractor" weight: 50 plate_color: PLATE_COLOR_YELLOW
    vehicle_class: VEHICLE_CLASS_TRANSPORT
    stages { stage: EMISSION_STAGE_CHINA_VI weight: 70 } stages { stage: EMISSION_STAGE_CHINA_V weight: 30 }
    fuels { fuel: FUEL_TYPE_DIESEL weight: 1 }
  }
  new_energy_share: 0.5
  off_ledger_share: 0.03
}
faults { kind: FAULT_KIND_PLATFORM_DOWN from: "2026-11-24 )" +
         from + R"(" until: "2026-11-24 )" + until + R"(" }
seed: 11
)";
}

// The shipped transport-control profile with the test's deadline and degraded mode.
std::string profile_copy(const std::string& dir, const std::string& degraded) {
  std::string text = read_file(kSource + "/deploy/platforms/transport-control.textproto");
  const std::string shipped = "check { deadline_ms: 800 degraded: DEGRADED_LOCAL";
  const auto at = text.find(shipped);
  if (at == std::string::npos) return "";
  text.replace(at, shipped.size(),
               "check { deadline_ms: " + std::to_string(kDeadlineMs) + " degraded: " + degraded);
  const std::string path = dir + "/profile.textproto";
  write_file(path, text);
  return path;
}

struct GoneRun {
  int exit_code = -1;
  std::string output, db, log;
  nlohmann::json report;
};

GoneRun run_gone(const std::string& dir, const std::string& degraded, const std::string& from,
                 const std::string& until, int max_trucks) {
  GoneRun r;
  const std::string profile = profile_copy(dir, degraded);
  if (profile.empty()) {
    r.output = "the shipped transport-control profile's check line moved; update this test";
    return r;
  }
  write_file(dir + "/settings.txt", kSettings);
  write_file(dir + "/scenario.textproto", scenario_text(from, until));
  r.exit_code =
      run_command({kBin + "/gate-sim", "scenario", dir + "/scenario.textproto", "--out",
                   dir + "/run", "--max-trucks", std::to_string(max_trucks), "--quiet",
                   "--platform-profile", profile, "--platform-settings", dir + "/settings.txt"},
                  &r.output, 300000);
  r.report = nlohmann::json::parse(read_file(dir + "/run/report.json"), nullptr, false);
  r.db = dir + "/run/HN-TEST-G1/gate.db";
  r.log = read_file(dir + "/run/HN-TEST-G1/gated.log");
  return r;
}

const nlohmann::json* check(const GoneRun& r, const std::string& id) {
  if (!r.report.is_object() || !r.report.contains("checks")) return nullptr;
  for (const auto& c : r.report["checks"]) {
    if (c["id"] == id) return &c;
  }
  return nullptr;
}

bool passed(const GoneRun& r, const std::string& id) {
  const auto* c = check(r, id);
  return c != nullptr && (*c)["passed"].get<bool>();
}

struct Row {
  int64_t time_ms = 0;
  std::string verdict_rule;  // "<verdict> <rule>"
  int check_status = 0;      // 1 answered, 2 unavailable
  std::string degraded_mode;
  int64_t latency_ms = 0;
};

std::vector<Row> passages(const std::string& db_path) {
  std::vector<Row> rows;
  sqlite3* db = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK &&
      sqlite3_prepare_v2(db,
                         "SELECT time_unix_ms, verdict || ' ' || rule_id, check_status, "
                         "check_degraded_mode, check_latency_ms FROM passages ORDER BY seq",
                         -1, &st, nullptr) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      auto text = [&](int c) {
        const auto* p = sqlite3_column_text(st, c);
        return p ? std::string(reinterpret_cast<const char*>(p)) : std::string();
      };
      rows.push_back({sqlite3_column_int64(st, 0), text(1), sqlite3_column_int(st, 2), text(3),
                      sqlite3_column_int64(st, 4)});
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return rows;
}

// The passages decided well inside [from, until): the platform was down for all of their check.
std::vector<Row> in_outage(const std::vector<Row>& rows, const std::string& from,
                           const std::string& until) {
  // Two simulated minutes (1.2 real s at ×100) either side of the switch: a loaded machine may
  // apply the fault, or send a check, that much late.
  const int64_t margin = 120000;
  std::vector<Row> out;
  for (const auto& r : rows) {
    if (r.time_ms >= local_ms("2026-11-24 " + from) + margin &&
        r.time_ms < local_ms("2026-11-24 " + until) - margin) {
      out.push_back(r);
    }
  }
  return out;
}

class PlatformGoneTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = make_temp_dir(); }
  void TearDown() override { remove_tree(dir_); }
  std::string dir_;
};

TEST_F(PlatformGoneTest, AWholeHourWithoutThePlatformIsDecidedLocallyRecordedAndJudged) {
  // About 130 trucks: ten minutes before the outage, its hour, and about twenty minutes after.
  const GoneRun r = run_gone(dir_, "DEGRADED_LOCAL", "06:10", "07:10", 130);
  ASSERT_TRUE(r.report.is_object()) << r.output;
  const auto* vc = check(r, "vehicle_checks");
  ASSERT_NE(vc, nullptr) << r.output;
  EXPECT_TRUE((*vc)["passed"].get<bool>()) << vc->dump(1);
  for (const char* id : {"openings_recorded", "no_refused_passed", "decisions_match_policy",
                         "upload_complete", "backfill_flagged", "nothing_lost"}) {
    EXPECT_TRUE(passed(r, id)) << id << "\n" << r.output;
  }
  const auto& f = r.report["vehicle_checks"];
  EXPECT_EQ(f["silent"], 0) << f;
  EXPECT_EQ(f["degraded_mode"], "local") << f;
  EXPECT_GT(f["answered"].get<int>(), 10) << f;
  EXPECT_GT(f["degraded"].get<int>(), 30) << f;
  EXPECT_GE(f["alarms_raised"].get<int>(), 1) << f;
  EXPECT_GE(f["alarms_cleared"].get<int>(), 1) << f;
  EXPECT_EQ(f["wrong"], 0) << f;

  // The gate's own records: every truck of the hour decided in degraded mode local, none past
  // the deadline; trucks after the hour answered again.
  const std::vector<Row> rows = passages(r.db);
  const std::vector<Row> gone = in_outage(rows, "06:10", "07:10");
  EXPECT_GT(gone.size(), 30u) << rows.size() << " passages";
  for (const Row& p : gone) {
    EXPECT_EQ(p.check_status, 2) << p.time_ms << " " << p.verdict_rule;
    EXPECT_EQ(p.degraded_mode, "local") << p.time_ms;
    // Decided within the deadline + 50 ms of real time (the platform's 503 comes at once).
    EXPECT_LE(p.latency_ms, (kDeadlineMs + 50) * kSpeed) << p.time_ms;
  }
  int answered_after = 0;
  for (const Row& p : rows) {
    answered_after += p.time_ms > local_ms("2026-11-24 07:12") && p.check_status == 1 ? 1 : 0;
  }
  EXPECT_GT(answered_after, 3) << "the run goes on past the hour, with the platform answering";

  // The ALARM was raised for the outage and cleared after it, in that order.
  const auto raised = r.log.find("ALARM platform vehicle check unavailable");
  const auto cleared = r.log.find("platform vehicle check answering again", raised);
  EXPECT_NE(raised, std::string::npos) << r.log.substr(0, 3000);
  EXPECT_NE(cleared, std::string::npos) << r.log.substr(0, 3000);
  EXPECT_NE(r.output.find("PASS  Every platform check answer applied"), std::string::npos)
      << r.output;
}

TEST_F(PlatformGoneTest, UnderDegradedModeRefuseEveryTruckOfTheOutageIsRefused) {
  const GoneRun r = run_gone(dir_, "DEGRADED_REFUSE", "06:05", "06:20", 35);
  ASSERT_TRUE(r.report.is_object()) << r.output;
  const auto* vc = check(r, "vehicle_checks");
  ASSERT_NE(vc, nullptr) << r.output;
  EXPECT_TRUE((*vc)["passed"].get<bool>()) << vc->dump(1);
  // The oracle joins the check: the platform's absence refuses as the profile states.
  for (const char* id : {"no_refused_passed", "decisions_match_policy", "nothing_lost"}) {
    EXPECT_TRUE(passed(r, id)) << id << "\n" << r.output;
  }
  const auto& f = r.report["vehicle_checks"];
  EXPECT_EQ(f["degraded_mode"], "refuse") << f;
  EXPECT_GT(f["degraded_refused"].get<int>(), 3) << f;
  EXPECT_EQ(f["silent"], 0) << f;
  const std::vector<Row> gone = in_outage(passages(r.db), "06:05", "06:20");
  EXPECT_GT(gone.size(), 3u);
  for (const Row& p : gone) {
    EXPECT_EQ(p.check_status, 2) << p.time_ms;
    EXPECT_EQ(p.degraded_mode, "refuse") << p.time_ms;
    EXPECT_EQ(p.verdict_rule.substr(0, 2), "2 ") << p.verdict_rule << ": refused";
  }
}

}  // namespace
}  // namespace gate::testing
