// gatectl plant audit sample|days|export against a private PostgreSQL cluster holding three
// gates' passages, each committed in the gate's own SQLite file and pushed as the pusher pushes
// them (PassageBacklog::settled_after, push_passages): the figures are those of the inputs, and
// one gate's rows are those of its own `audit days` and `audit export`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "firmware-host/gatectl/commands.h"
#include "firmware-host/plant/passage_backlog.h"
#include "firmware-host/plant/plant_passages.h"
#include "firmware-host/plant/plant_schema.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/photo_store.h"
#include "tests/support/passages.h"
#include "tests/support/pg_cluster_suite.h"
#include "tests/support/temp_dir.h"

namespace gate::ctl {
namespace {

using host::sync_test::kT0;  // 2026-11-22 08:00:00 +08:00
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr int64_t kDay = 86400000;

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

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

enum class Kind { kPass, kGreenPass, kRefuse, kHold, kManualGreen, kRefuseNoCamera };

// One passage as a lane decides it; passes are PENDING until the barrier confirms them.
gate::v1::Passage decided(const std::string& gate, int64_t t, Kind k) {
  const bool known = k != Kind::kRefuse && k != Kind::kRefuseNoCamera;
  auto p = host::sync_test::passage("豫Z" + gate + std::to_string(t % 100000), t, known);
  p.set_gate_id(gate);
  if (k == Kind::kGreenPass || k == Kind::kManualGreen) {
    p.mutable_vehicle()->set_fuel_type(gate::v1::FUEL_TYPE_ELECTRIC);
    p.mutable_vehicle()->set_emission_stage(gate::v1::EMISSION_STAGE_ELECTRIC);
  }
  if (k == Kind::kHold) {
    p.mutable_decision()->set_verdict(gate::v1::VERDICT_HOLD);
    p.mutable_decision()->set_rule_id("share.hold");
    p.set_outcome(gate::v1::PASSAGE_OUTCOME_TURNED_AWAY);
  }
  if (k == Kind::kManualGreen) {
    p.mutable_decision()->set_verdict(gate::v1::VERDICT_MANUAL_PASS);
    p.mutable_decision()->set_operator_id("张三");
  }
  if (k == Kind::kRefuseNoCamera) p.mutable_read()->set_camera_id("");
  return p;
}

std::string config_text(const std::string& db, const std::string& plant_block) {
  return "gate_id: \"G1\"\ndatabase_path: \"" + db +
         "\"\nutc_offset_minutes: 480\n"
         "lanes { lane_id: \"L1\" barrier { tcp { host: \"h\" port: 502 } } }\n"
         "policy { version: \"v1\" }\n" +
         plant_block;
}

class PlantAuditCommandsTest : public testing::PgClusterSuite {
 protected:
  void SetUp() override {
    ASSERT_TRUE(cluster());
    static int n = 0;
    auto info = cluster()->create_database("paudit_" + std::to_string(++n));
    ASSERT_TRUE(info.ok()) << info.error();
    auto db = drivers::pg::Connection::Connect(info.value());
    ASSERT_TRUE(db.ok()) << db.error();
    ASSERT_TRUE(host::apply_plant_migrations(*db.value()).ok());
    // 2026-11-22: G1 a pass, a green pass, a refusal; G2 a hold, a green manual pass.
    // 2026-11-23: G1 a pass; G3 a refusal whose record lacks its camera.
    gate(*db.value(), "G1",
         {{kT0, Kind::kPass},
          {kT0 + 60000, Kind::kGreenPass},
          {kT0 + 120000, Kind::kRefuse},
          {kT0 + kDay, Kind::kPass}});
    gate(*db.value(), "G2", {{kT0 + 30000, Kind::kHold}, {kT0 + 3600000, Kind::kManualGreen}});
    gate(*db.value(), "G3", {{kT0 + kDay + 60000, Kind::kRefuseNoCamera}});
    cfg_ = dir_.write(
        "gated.textproto",
        config_text(dir_.file("G1.db"), "plant { conninfo: \"" + info.value() + "\" }\n"));
  }

  // The gate's own file, its passes confirmed at the barrier, then pushed as the pusher does.
  void gate(drivers::pg::Connection& db, const std::string& id,
            const std::vector<std::pair<int64_t, Kind>>& passages) {
    auto store = host::GateStore::Open(dir_.file(id + ".db"));
    ASSERT_TRUE(store.ok()) << store.error();
    for (const auto& [t, kind] : passages) {
      auto p = decided(id, t, kind);
      ASSERT_TRUE(store.value()->commit_passage(p, t).ok());
      if (p.outcome() == gate::v1::PASSAGE_OUTCOME_PENDING) {
        ASSERT_TRUE(
            store.value()->set_outcome(p.seq(), gate::v1::PASSAGE_OUTCOME_PASSED, t + 5000).ok());
      }
    }
    auto backlog = host::PassageBacklog::Open(dir_.file(id + ".db"));
    ASSERT_TRUE(backlog.ok()) << backlog.error();
    auto batch = backlog.value()->settled_after(0, 500);
    ASSERT_TRUE(batch.ok()) << batch.error();
    ASSERT_EQ(batch.value().size(), passages.size());
    auto added = host::push_passages(db, id, batch.value(), 480);
    ASSERT_TRUE(added.ok()) << added.error();
  }

  test_support::TempDir dir_;
  std::string cfg_;
};

TEST_F(PlantAuditCommandsTest, DaysCountsEachGateAndThePlantPerDay) {
  CtlRun r = run_ctl({"plant", "audit", "days", "--config", cfg_});
  ASSERT_EQ(r.rc, 0) << r.err;
  // passages passed refused held trucks green share
  EXPECT_THAT(r.out, ContainsRegex("2026-11-22 +G1 +3 +2 +1 +0 +2 +1 +50.0%\n")) << r.out;
  EXPECT_THAT(r.out, ContainsRegex("2026-11-22 +G2 +2 +1 +1 +1 +1 +1 +100.0%\n")) << r.out;
  EXPECT_THAT(r.out, ContainsRegex("2026-11-22 +all gates +5 +3 +2 +1 +3 +2 +66.7%\n")) << r.out;
  EXPECT_THAT(r.out, ContainsRegex("2026-11-23 +G1 +1 +1 +0 +0 +1 +0 +0.0%\n")) << r.out;
  EXPECT_THAT(r.out, ContainsRegex("2026-11-23 +G3 +1 +0 +1 +0 +0 +0 +0.0%\n")) << r.out;
  EXPECT_THAT(r.out, ContainsRegex("2026-11-23 +all gates +2 +1 +1 +0 +1 +0 +0.0%\n")) << r.out;
  EXPECT_THAT(r.out, Not(HasSubstr("2026-11-23  G2")));

  // G1's line is what its own `audit days` computes from its file (alert, manual between).
  CtlRun gate = run_ctl({"audit", "days", "--db", dir_.file("G1.db")});
  ASSERT_EQ(gate.rc, 0) << gate.err;
  EXPECT_THAT(gate.out, ContainsRegex("2026-11-22 +none +3 +2 +1 +0 +2 +1 +50.0%")) << gate.out;

  const std::string svg = dir_.file("days.svg");
  r = run_ctl({"plant", "audit", "days", "--config", cfg_, "--gate", "G2", "--from", "2026-11-22",
               "--to", "2026-11-23", "--svg", svg});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out, ContainsRegex("2026-11-22 +G2 +2 +1 +1 +1 +1 +1 +100.0%\n"));
  EXPECT_THAT(r.out, ContainsRegex("2026-11-22 +all gates +2 +1 +1 +1 +1 +1 +100.0%\n"));
  EXPECT_THAT(r.out, Not(HasSubstr("G1")));
  EXPECT_THAT(r.out, Not(HasSubstr("2026-11-23")));
  EXPECT_THAT(read_file(svg), HasSubstr("<svg"));
}

TEST_F(PlantAuditCommandsTest, SampleDrawsAcrossGatesWithTheirGatesAgainWithTheSameSeed) {
  CtlRun r = run_ctl({"plant", "audit", "sample", "--config", cfg_, "--n", "100", "--seed", "1"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("sample (seed 1) of 7 passage(s) at the plant, 3 gate(s)"));
  EXPECT_THAT(r.out, ContainsRegex("  G1 #1 2026-11-22 08:00:00 豫ZG1[0-9]+: complete\n"));
  EXPECT_THAT(r.out, ContainsRegex("  G1 #4 2026-11-23 08:00:00 豫ZG1[0-9]+: complete\n"));
  EXPECT_THAT(r.out, ContainsRegex("  G2 #2 2026-11-22 09:00:00 豫ZG2[0-9]+: complete\n"));
  EXPECT_THAT(r.out, ContainsRegex("  G3 #1 2026-11-23 08:01:00 豫ZG3[0-9]+: missing camera\n"));
  EXPECT_THAT(r.out, HasSubstr("\n1 incomplete record(s) in the sample"));

  const std::vector<std::string> three = {"plant", "audit", "sample", "--config", cfg_,
                                          "--n",   "3",     "--seed", "42"};
  CtlRun a = run_ctl(three), b = run_ctl(three);
  ASSERT_EQ(a.rc, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  int lines = 0;
  for (std::size_t at = a.out.find("\n  G"); at != std::string::npos;
       at = a.out.find("\n  G", at + 1)) {
    ++lines;
  }
  EXPECT_EQ(lines, 3) << a.out;

  r = run_ctl({"plant", "audit", "sample", "--config", cfg_, "--gate", "G2", "--seed", "3"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("of 2 passage(s) at the plant, gate G2"));
  EXPECT_THAT(r.out, HasSubstr("  G2 #1 "));
  EXPECT_THAT(r.out, Not(ContainsRegex("  G[13] #")));

  r = run_ctl({"plant", "audit", "sample", "--config", cfg_, "--from", "2026-11-23"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("of 2 passage(s) at the plant, 2 gate(s)"));
  EXPECT_EQ(run_ctl({"plant", "audit", "sample", "--config", cfg_, "--n", "x"}).rc, 2);
}

TEST_F(PlantAuditCommandsTest, ExportWritesTheFilesTheManifestHashesAndTheGatesOwnRows) {
  const std::filesystem::path out = dir_.file("all");
  CtlRun r = run_ctl({"plant", "audit", "export", "--config", cfg_, "--out", out.string()});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("exported 7 passage(s) of 3 gate(s)"));
  EXPECT_THAT(r.out, HasSubstr("  G1: 4 passage(s), seq 1 to 4"));

  auto manifest = nlohmann::json::parse(read_file(out / "manifest.json"));
  EXPECT_EQ(manifest["format"], "gate-plant-export/1");
  EXPECT_EQ(manifest["passages"], 7);
  EXPECT_EQ(manifest["gate"], "");
  EXPECT_EQ(manifest["gates"]["G1"],
            (nlohmann::json{{"passages", 4}, {"first_seq", 1}, {"last_seq", 4}}));
  EXPECT_EQ(manifest["gates"]["G2"]["passages"], 2);
  EXPECT_EQ(manifest["gates"]["G3"]["last_seq"], 1);
  std::set<std::string> listed;
  for (const auto& f : manifest["files"]) {
    const std::string text = read_file(out / f["path"].get<std::string>());
    EXPECT_EQ(f["sha256"], host::sha256_hex(text)) << f["path"];
    EXPECT_EQ(f["bytes"], text.size()) << f["path"];
    listed.insert(f["path"].get<std::string>());
  }
  EXPECT_EQ(listed, (std::set<std::string>{"README.txt", "days.svg", "days.txt", "passages.csv",
                                           "passages.xlsx"}));
  EXPECT_EQ(read_file(out / "passages.xlsx").substr(0, 2), "PK");
  const std::string csv = read_file(out / "passages.csv");
  int rows = 0;
  for (std::size_t at = csv.find("\r\n"); at != std::string::npos; at = csv.find("\r\n", at + 2)) {
    ++rows;
  }
  EXPECT_EQ(rows, 8);  // the header and 7 passages
  EXPECT_EQ(read_file(out / "days.txt"), run_ctl({"plant", "audit", "days", "--config", cfg_}).out);
  const std::string readme = read_file(out / "README.txt");
  EXPECT_THAT(readme, HasSubstr("No photos and no daily seals"));
  EXPECT_THAT(readme, HasSubstr("gatectl plant compare"));
  EXPECT_THAT(readme, HasSubstr("sha256sum"));

  // One gate's rows are those of its own export from its file, byte for byte.
  r = run_ctl(
      {"plant", "audit", "export", "--config", cfg_, "--gate", "G1", "--out", dir_.file("g1")});
  ASSERT_EQ(r.rc, 0) << r.err;
  CtlRun gate = run_ctl(
      {"audit", "export", "--db", dir_.file("G1.db"), "--out", dir_.file("g1_at_the_gate")});
  ASSERT_EQ(gate.rc, 0) << gate.err;
  EXPECT_EQ(read_file(dir_.file("g1") + "/passages.csv"),
            read_file(dir_.file("g1_at_the_gate") + "/passages.csv"));
  EXPECT_EQ(nlohmann::json::parse(read_file(dir_.file("g1") + "/manifest.json"))["gate"], "G1");

  r = run_ctl({"plant", "audit", "export", "--config", cfg_, "--out", out.string()});
  EXPECT_EQ(r.rc, 1);
  EXPECT_THAT(r.err, HasSubstr("not empty"));
  EXPECT_EQ(run_ctl({"plant", "audit", "export", "--config", cfg_}).rc, 2);
}

TEST_F(PlantAuditCommandsTest, APlantThatCannotBeReachedNamesPlantConninfo) {
  const std::string cfg = dir_.write(
      "down.textproto", config_text("gate.db",
                                    "plant { conninfo: \"host=127.0.0.1 port=1 dbname=plant "
                                    "user=plant connect_timeout=2\" }\n"));
  for (const char* command : {"sample", "days", "export"}) {
    std::vector<std::string> argv = {"plant", "audit", command, "--config", cfg};
    if (std::string(command) == "export") argv.insert(argv.end(), {"--out", dir_.file("x")});
    CtlRun r = run_ctl(argv);
    EXPECT_EQ(r.rc, 1) << command;
    EXPECT_THAT(r.err, HasSubstr("plant.conninfo")) << r.err;
  }
}

}  // namespace
}  // namespace gate::ctl
