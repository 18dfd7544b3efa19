// gatectl plant gates / plant passages against a private PostgreSQL cluster holding three gates'
// passages, pushed and their lag reported as gated does it (plant_passages.h, gate_report.h).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <set>
#include <sstream>

#include "firmware-host/gatectl/commands.h"
#include "firmware-host/plant/gate_report.h"
#include "firmware-host/plant/passage_backlog.h"
#include "firmware-host/plant/plant_passages.h"
#include "firmware-host/plant/plant_schema.h"
#include "firmware-host/store/gate_store.h"
#include "tests/support/passages.h"
#include "tests/support/pg_cluster_suite.h"
#include "tests/support/temp_dir.h"

namespace gate::ctl {
namespace {

using host::sync_test::kT0;  // 2026-11-22 08:00:00 +08:00
using ::testing::HasSubstr;
using ::testing::Not;

struct CtlRun {
  int rc;
  std::string out, err;
};

CtlRun run_ctl(const std::vector<std::string>& argv) {
  auto a = parse_args(argv);
  if (!a.ok()) return {2, "", a.error()};
  std::ostringstream out, err;
  int rc = run_command(a.value(), out, err);
  return {rc, out.str(), err.str()};
}

std::string config_text(const std::string& plant_block) {
  return "gate_id: \"G1\"\ndatabase_path: \"gate.db\"\nutc_offset_minutes: 480\n"
         "lanes { lane_id: \"L1\" barrier { tcp { host: \"h\" port: 502 } } }\n"
         "policy { version: \"v1\" }\n" +
         plant_block;
}

class PlantCommandsTest : public testing::PgClusterSuite {
 protected:
  void SetUp() override {
    ASSERT_TRUE(cluster());
    static int n = 0;
    auto info = cluster()->create_database("view_" + std::to_string(++n));
    ASSERT_TRUE(info.ok()) << info.error();
    auto db = drivers::pg::Connection::Connect(info.value());
    ASSERT_TRUE(db.ok()) << db.error();
    ASSERT_TRUE(host::apply_plant_migrations(*db.value()).ok());
    // G1: 08:00, 08:01 (a pass), 08:02; G2: 08:00:30, 09:00 (local, +08:00).
    push(*db.value(), "G1", {{1, kT0}, {2, kT0 + 60000}, {3, kT0 + 120000}}, {2});
    push(*db.value(), "G2", {{1, kT0 + 30000}, {2, kT0 + 3600000}});
    // G1 has 2 more it has not sent, the oldest decided 2 minutes ago; G2 has sent everything
    // but was last heard from 5 minutes ago; G3 (an older release) never reports its side.
    host::PlantLag g1_lag{2, now_ms() - 120000};
    ASSERT_TRUE(host::report_gate_lag(*db.value(), "G1", 3, g1_lag).ok());
    ASSERT_TRUE(host::report_gate_lag(*db.value(), "G2", 2, {}).ok());
    ASSERT_TRUE(db.value()
                    ->exec("UPDATE gates SET last_contact = now() - interval '5 minutes' "
                           "WHERE gate_id = 'G2'")
                    .ok());
    ASSERT_TRUE(host::record_contact(*db.value(), "G3").ok());
    cfg_ = dir_.write("gated.textproto",
                      config_text("plant { conninfo: \"" + info.value() + "\" }\n"));
    conninfo_ = info.value();
  }
  static int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  static void push(drivers::pg::Connection& db, const std::string& gate,
                   const std::vector<std::pair<int64_t, int64_t>>& seq_times,
                   const std::set<int64_t>& passes = {}) {
    std::vector<gate::v1::Passage> ps;
    for (const auto& [seq, t] : seq_times) {
      auto p = host::sync_test::passage("豫Z0000" + std::to_string(seq), t, passes.count(seq) > 0);
      p.set_gate_id(gate);
      p.set_seq(seq);
      ps.push_back(p);
    }
    auto added = host::push_passages(db, gate, ps, 480);
    ASSERT_TRUE(added.ok()) << added.error();
  }
  test_support::TempDir dir_;
  std::string cfg_;
  std::string conninfo_;
};

TEST_F(PlantCommandsTest, GatesListsEachGateWithItsLinkAndLag) {
  CtlRun r = run_ctl({"plant", "gates", "--config", cfg_});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("GATE"));
  EXPECT_THAT(r.out, HasSubstr("BEHIND"));
  // G1: up, plant seq 3, gate seq 5, 2 behind, the oldest about 120 s old, 3 held.
  EXPECT_THAT(r.out, ::testing::ContainsRegex("G1 +up +[0-9-]+ [0-9:]+ +3 +5 +2 +1[12][0-9] +3\n"))
      << r.out;
  // G2: down since its last contact (local time), nothing behind.
  EXPECT_THAT(r.out, ::testing::ContainsRegex(
                         "G2 +down since [0-9-]+ [0-9:]+ +[0-9-]+ [0-9:]+ +2 +2 +0 +- +2\n"))
      << r.out;
  // G3 never reported its own side: unknown, not "0 behind".
  EXPECT_THAT(r.out, ::testing::ContainsRegex("G3 +up +[0-9-]+ [0-9:]+ +0 +\\? +\\? +- +0\n"))
      << r.out;
  EXPECT_THAT(r.out, HasSubstr("3 gate(s)"));

  r = run_ctl({"plant", "gates", "--config", cfg_, "--format", "json"});
  ASSERT_EQ(r.rc, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 3u);
  EXPECT_EQ(j[0]["gate_id"], "G1");
  EXPECT_EQ(j[0]["link"], "up");
  EXPECT_EQ(j[0]["plant_seq"], 3);
  EXPECT_EQ(j[0]["gate_seq"], 5);
  EXPECT_EQ(j[0]["behind"], 2);
  EXPECT_NEAR(j[0]["oldest_behind_age_s"].get<int64_t>(), 120, 30);
  EXPECT_EQ(j[0]["passages"], 3);
  EXPECT_NEAR(j[0]["last_contact_unix_ms"].get<int64_t>(), now_ms(), 60000);
  EXPECT_EQ(j[0]["last_contact"], rules::local_time(j[0]["last_contact_unix_ms"], 480));
  EXPECT_EQ(j[1]["gate_id"], "G2");
  EXPECT_EQ(j[1]["link"], "down");
  EXPECT_EQ(j[1]["behind"], 0);
  EXPECT_TRUE(j[1]["oldest_behind_age_s"].is_null());
  EXPECT_NEAR(j[1]["last_contact_unix_ms"].get<int64_t>(), now_ms() - 300000, 60000);
  EXPECT_EQ(j[2]["gate_id"], "G3");
  EXPECT_TRUE(j[2]["gate_seq"].is_null());
  EXPECT_TRUE(j[2]["behind"].is_null());
}

TEST_F(PlantCommandsTest, PassagesFilterByPlateAndDecisionAndWriteCsv) {
  CtlRun r =
      run_ctl({"plant", "passages", "--config", cfg_, "--decision", "pass", "--format", "json"});
  ASSERT_EQ(r.rc, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 1u) << r.out;
  EXPECT_EQ(j[0]["gate_id"], "G1");
  EXPECT_EQ(j[0]["seq"], 2);

  r = run_ctl({"plant", "passages", "--config", cfg_, "--plate", "豫Z00001", "--format", "json"});
  ASSERT_EQ(r.rc, 0) << r.err;
  j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 2u) << r.out;  // seq 1 of each gate
  EXPECT_EQ(j[0]["gate_id"], "G2");
  EXPECT_EQ(j[1]["gate_id"], "G1");

  r = run_ctl({"plant", "passages", "--config", cfg_, "--plate", "豫Z00001", "--decision", "refuse",
               "--gate", "G1", "--format", "csv"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(r.out,
            "gate,seq,time,lane,plate,plate_color,confidence,vehicle_known,emission_stage,"
            "fuel_type,decision,rule,reason,outcome,camera_time\n"
            "G1,1,2026-11-22 08:00:00,L1,豫Z00001,yellow,0.9,0,,,REFUSE,"
            "identity.unknown_vehicle,未登记车辆,turned_away,\n");

  r = run_ctl({"plant", "passages", "--config", cfg_, "--decision", "maybe"});
  EXPECT_EQ(r.rc, 2);
  EXPECT_THAT(r.err, HasSubstr("--decision must be pass, refuse, hold or manual_pass"));
}

TEST_F(PlantCommandsTest, PassagesAcrossGatesNewestFirst) {
  CtlRun r = run_ctl({"plant", "passages", "--config", cfg_});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("5 passage(s)"));  // G3 has none
  const auto g2_2 = r.out.find("2026-11-22 09:00:00");
  const auto g1_3 = r.out.find("2026-11-22 08:02:00");
  const auto g1_1 = r.out.find("2026-11-22 08:00:00");
  ASSERT_NE(g2_2, std::string::npos) << r.out;
  EXPECT_LT(g2_2, g1_3);
  EXPECT_LT(g1_3, g1_1);
  EXPECT_THAT(r.out, ::testing::ContainsRegex("G2 +2 +2026-11-22 09:00:00 L1 +豫Z00002 +refuse "
                                              "+identity.unknown_vehicle\n"));

  r = run_ctl({"plant", "passages", "--config", cfg_, "--format", "json", "--limit", "2"});
  ASSERT_EQ(r.rc, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["gate_id"], "G2");
  EXPECT_EQ(j[0]["seq"], 2);
  EXPECT_EQ(j[0]["plate"], "豫Z00002");  // the stored record, not a summary
  EXPECT_EQ(j[1]["gate_id"], "G1");
  EXPECT_EQ(j[1]["seq"], 3);
}

TEST_F(PlantCommandsTest, PassagesFilterByGateAndLocalWindow) {
  CtlRun r = run_ctl({"plant", "passages", "--config", cfg_, "--gate", "G2", "--format", "json"});
  ASSERT_EQ(r.rc, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 2u);
  for (const auto& p : j) EXPECT_EQ(p["gate_id"], "G2");

  // From inclusive, to exclusive, in the configuration's +08:00.
  r = run_ctl({"plant", "passages", "--config", cfg_, "--from", "2026-11-22 08:00:30", "--to",
               "2026-11-22 08:02", "--format", "json"});
  ASSERT_EQ(r.rc, 0) << r.err;
  j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 2u) << r.out;
  EXPECT_EQ(j[0]["gate_id"], "G1");
  EXPECT_EQ(j[0]["seq"], 2);
  EXPECT_EQ(j[1]["gate_id"], "G2");
  EXPECT_EQ(j[1]["seq"], 1);

  r = run_ctl({"plant", "passages", "--config", cfg_, "--gate", "G3"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("0 passage(s)"));
  EXPECT_EQ(run_ctl({"plant", "passages", "--config", cfg_, "--from", "yesterday"}).rc, 2);
}

// Gate G4's own file, pushed as the pusher pushes; then one passage changed at the plant.
TEST_F(PlantCommandsTest, CompareChecksThePlantsCopyAgainstTheGatesFile) {
  const std::string db_path = dir_.file("g4.db");
  {
    auto store = host::GateStore::Open(db_path);
    ASSERT_TRUE(store.ok()) << store.error();
    for (int i = 1; i <= 4; ++i) {
      auto p = host::sync_test::passage("豫Z0001" + std::to_string(i), kT0 + i, false);
      p.set_gate_id("G4");
      ASSERT_TRUE(store.value()->commit_passage(p, p.time_unix_ms()).ok());
    }
  }
  auto db = drivers::pg::Connection::Connect(conninfo_);
  ASSERT_TRUE(db.ok()) << db.error();
  auto backlog = host::PassageBacklog::Open(db_path);
  ASSERT_TRUE(backlog.ok()) << backlog.error();
  auto batch = backlog.value()->settled_after(0, 500);
  ASSERT_TRUE(batch.ok()) << batch.error();
  ASSERT_TRUE(host::push_passages(*db.value(), "G4", batch.value(), 480).ok());
  const std::string cfg = dir_.write(
      "g4.textproto", "gate_id: \"G4\"\ndatabase_path: \"" + db_path +
                          "\"\nutc_offset_minutes: 480\n"
                          "lanes { lane_id: \"L1\" barrier { tcp { host: \"h\" port: 502 } } }\n"
                          "policy { version: \"v1\" }\nplant { conninfo: \"" +
                          conninfo_ + "\" }\n");

  CtlRun r = run_ctl({"plant", "compare", "--config", cfg});
  ASSERT_EQ(r.rc, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("4 passage(s) of the gate up to it, 4 identical"));
  EXPECT_THAT(r.out, HasSubstr("OK"));

  ASSERT_TRUE(db.value()
                  ->exec("UPDATE passages SET canonical = canonical || 'x' "
                         "WHERE gate_id = 'G4' AND seq = 2")
                  .ok());
  ASSERT_TRUE(db.value()->exec("DELETE FROM passages WHERE gate_id = 'G4' AND seq = 3").ok());
  r = run_ctl({"plant", "compare", "--config", cfg});
  EXPECT_EQ(r.rc, 1);
  EXPECT_THAT(r.out, HasSubstr("MISSING at the plant: 1 (seq 3)"));
  EXPECT_THAT(r.out, HasSubstr("DIFFERING canonical text: 1 (seq 2)"));
  EXPECT_THAT(r.out, HasSubstr("FAILED"));

  r = run_ctl({"plant", "compare", "--config", cfg, "--format", "json"});
  EXPECT_EQ(r.rc, 1);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["missing"], nlohmann::json::array({3}));
  EXPECT_EQ(j["differing"], nlohmann::json::array({2}));
  EXPECT_EQ(j["ok"], false);

  // Another gate's passages against this file: named apart, not as matching.
  r = run_ctl({"plant", "compare", "--config", cfg, "--gate", "G1"});
  EXPECT_EQ(r.rc, 1) << r.out;
  EXPECT_THAT(r.out, HasSubstr("DIFFERING"));
}

TEST_F(PlantCommandsTest, UnreachablePlantNamesTheSetting) {
  const std::string cfg = dir_.write(
      "down.textproto",
      config_text("plant { conninfo: \"host=127.0.0.1 port=1 dbname=plant user=plant\" }\n"));
  for (const char* cmd : {"gates", "passages"}) {
    CtlRun r = run_ctl({"plant", cmd, "--config", cfg});
    EXPECT_EQ(r.rc, 1) << cmd;
    EXPECT_THAT(r.err, HasSubstr("cannot reach the plant database")) << r.err;
    EXPECT_THAT(r.err, HasSubstr("plant.conninfo")) << r.err;
    EXPECT_THAT(r.out, Not(HasSubstr("GATE")));
  }
}

TEST_F(PlantCommandsTest, ConfigWithoutPlantBlockOrNoConfigIsRefused) {
  const std::string cfg = dir_.write("noplant.textproto", config_text(""));
  CtlRun r = run_ctl({"plant", "gates", "--config", cfg});
  EXPECT_EQ(r.rc, 1);
  EXPECT_THAT(r.err, HasSubstr("has no plant { conninfo } block"));
  r = run_ctl({"plant", "passages"});
  EXPECT_EQ(r.rc, 2);
  EXPECT_THAT(r.err, HasSubstr("--config"));
  EXPECT_EQ(run_ctl({"plant", "gates", "--config", cfg_, "--format", "csv"}).rc, 2);
  EXPECT_EQ(run_ctl({"plant", "passages", "--config", cfg_, "--format", "xml"}).rc, 2);
}

}  // namespace
}  // namespace gate::ctl
