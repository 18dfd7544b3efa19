// The plant tier with a real private PostgreSQL cluster and a real gated on 127.0.0.1
// (docs/plant.md): passages reach the plant; with the plant stopped gated goes on deciding,
// raises an ALARM and shows the lag in /metrics; after the plant is back every passage is there
// exactly once, the same (gate_id, seq) set as the gate's SQLite file. A gate whose plant refuses
// its credentials at start still starts and decides, with an ALARM naming plant.conninfo. The
// plant-level view through gated's own API and gatectl: the gate's link and lag as it reported
// them, and 503 naming plant.conninfo while the plant is away.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <set>
#include <string>

#include "drivers/http/http_client.h"
#include "drivers/postgres/pg_connection.h"
#include "tests/support/gate_config.h"
#include "tests/support/pg_cluster.h"
#include "tests/support/process.h"

namespace gate::testing {
namespace {

const std::string kBin = GATE_BIN_DIR;

double sample(const std::string& text, const std::string& series) {
  const std::size_t at = ("\n" + text).find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 1));
}

// The seqs of the gate's passages, from its SQLite file.
std::set<int64_t> gate_seqs(const std::string& db_path) {
  std::set<int64_t> out;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* q = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT seq FROM passages", -1, &q, nullptr) == SQLITE_OK) {
      while (sqlite3_step(q) == SQLITE_ROW) out.insert(sqlite3_column_int64(q, 0));
    }
    sqlite3_finalize(q);
  }
  sqlite3_close(db);
  return out;
}

// The alert level recorded with the gate's latest passage.
int latest_alert_level(const std::string& db_path) {
  int level = -1;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* q = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT alert_level FROM passages ORDER BY seq DESC LIMIT 1", -1, &q,
                           nullptr) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW) {
      level = sqlite3_column_int(q, 0);
    }
    sqlite3_finalize(q);
  }
  sqlite3_close(db);
  return level;
}

class PlantTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    auto c = PgCluster::Start();
    ASSERT_TRUE(c.ok()) << c.error();
    cluster_ = std::move(c).value();
    camera_port_ = free_port();
    api_port_ = free_port();
  }
  void TearDown() override {
    if (HasFailure()) {
      std::cerr << "--- gated stderr ---\n" << read_file(dir_ + "/gated.err");
      if (cluster_) std::cerr << "--- server log ---\n" << cluster_->log();
    }
    remove_tree(dir_);
  }
  std::string write_config(const std::string& conninfo) {
    OneLaneGate g;
    g.camera_port = camera_port_;
    g.database_path = dir_ + "/gate.db";
    g.extra = "api { port: " + std::to_string(api_port_) +
              " operator_token: \"operator-token-0123456789\" }\n"
              "plant { conninfo: \"" +
              conninfo + "\" push_interval_ms: 100 max_backoff_ms: 400 }\n";
    config_ = dir_ + "/gated.textproto";
    write_file(config_, one_lane_gate_config(g));
    return config_;
  }
  // GET `target` on gated's API with the operator's token.
  drivers::HttpReply api(const std::string& target) {
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(api_port_), "/"};
    auto r = drivers::http_request(url, "GET", target, "", "application/json", 10000,
                                   {{"Authorization", "Bearer operator-token-0123456789"}});
    return r.ok() ? r.value() : drivers::HttpReply{};
  }
  // This gate's entry in GET /api/v1/plant/gates; null when not there or not answered.
  nlohmann::json plant_gate() {
    auto r = api("/api/v1/plant/gates");
    if (r.status != 200) return nullptr;
    const auto j = nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) return nullptr;
    for (const auto& g : j["gates"]) {
      if (g["gate_id"] == "TEST-G1") return g;
    }
    return nullptr;
  }
  std::string metrics() {
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(api_port_), "/"};
    auto r = drivers::http_request(url, "GET", "/metrics", "", "text/plain", 2000);
    return r.ok() ? r.value().body : "";
  }
  // A truck not in any ledger: refused and final at once. Waits until gated recorded it.
  void push(int n) {
    const std::string plate = "豫Z" + std::to_string(10000 + n);
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(camera_port_), "/"};
    auto r = drivers::http_request(
        url, "POST", "/camera/generic",
        R"({"plate":")" + plate + R"(","lane":"L1","confidence":0.95,"color":"yellow"})",
        "application/json", 2000);
    ASSERT_TRUE(r.ok() && r.value().status == 200) << plate;
    ASSERT_TRUE(wait_until(
        [&] { return gate_seqs(dir_ + "/gate.db").size() == static_cast<std::size_t>(n); }, 5000))
        << plate << " was not recorded";
  }
  // (gate_id, seq) rows at the plant as "gate-seq" keys, and the row count; -1 when unreachable.
  int64_t plant_rows(std::set<int64_t>* seqs = nullptr) {
    auto db = drivers::pg::Connection::Connect(cluster_->conninfo());
    if (!db.ok()) return -1;
    auto r = db.value()->exec("SELECT seq FROM passages WHERE gate_id = 'TEST-G1'");
    if (!r.ok()) return -1;
    if (seqs) {
      for (std::size_t i = 0; i < r.value().rows.size(); ++i)
        seqs->insert(std::stoll(r.value().text(i, 0)));
    }
    return static_cast<int64_t>(r.value().rows.size());
  }
  std::string dir_;
  std::string config_;
  std::unique_ptr<PgCluster> cluster_;
  int camera_port_ = 0, api_port_ = 0;
};

TEST_F(PlantTest, PassagesReachThePlantOnceThroughACut) {
  ChildProcess gated({kBin + "/gated", "--config", write_config(cluster_->conninfo())},
                     dir_ + "/gated.out", dir_ + "/gated.err");
  ASSERT_TRUE(wait_until([&] { return !metrics().empty(); }, 15000));
  for (int n = 1; n <= 5; ++n) push(n);
  ASSERT_TRUE(wait_until([&] { return plant_rows() == 5; }, 10000));
  std::string m;
  ASSERT_TRUE(wait_until(
      [&] {
        m = metrics();
        return sample(m, "gate_plant_link_up") == 1 &&
               sample(m, "gate_plant_backlog_passages") == 0;
      },
      5000))
      << m;

  // The plant goes away: gated goes on deciding, raises an ALARM and counts the lag.
  ASSERT_TRUE(cluster_->stop().ok());
  for (int n = 6; n <= 10; ++n) push(n);
  ASSERT_TRUE(wait_until(
      [&] {
        m = metrics();
        return sample(m, "gate_plant_link_up") == 0 &&
               sample(m, "gate_plant_backlog_passages") == 5;
      },
      10000))
      << m;
  EXPECT_GE(sample(m, "gate_plant_backlog_oldest_age_seconds"), 0) << m;
  ASSERT_TRUE(wait_until(
      [&] {
        return read_file(dir_ + "/gated.err").find("ALARM plant database unreachable") !=
               std::string::npos;
      },
      5000));
  EXPECT_NE(read_file(dir_ + "/gated.out").find("REFUSE"), std::string::npos);
  std::string status;
  EXPECT_EQ(run_command({kBin + "/gatectl", "sync", "status", "--config", config_}, &status), 0);
  EXPECT_NE(status.find("plant:      not connected"), std::string::npos) << status;
  // gatectl cannot read the plant's cursor now: the passages the gate holds are the bound.
  EXPECT_NE(status.find("cursor is unknown: up to 10 passage(s) behind"), std::string::npos)
      << status;

  // Back: every passage at the plant once, the same set as the gate's.
  ASSERT_TRUE(cluster_->restart().ok());
  ASSERT_TRUE(wait_until([&] { return plant_rows() == 10; }, 15000)) << plant_rows();
  std::set<int64_t> at_plant;
  EXPECT_EQ(plant_rows(&at_plant), 10);
  EXPECT_EQ(at_plant, gate_seqs(dir_ + "/gate.db"));
  ASSERT_TRUE(wait_until(
      [&] {
        m = metrics();
        return sample(m, "gate_plant_link_up") == 1 &&
               sample(m, "gate_plant_backlog_passages") == 0;
      },
      5000))
      << m;
  EXPECT_EQ(sample(m, "gate_plant_pushed_total"), 10) << m;
  EXPECT_EQ(run_command({kBin + "/gatectl", "sync", "status", "--config", config_}, &status), 0);
  EXPECT_NE(status.find("plant:      connected; plant holds up to seq 10; 0 passage(s) behind"),
            std::string::npos)
      << status;
  EXPECT_EQ(gated.stop(), 0);
}

TEST_F(PlantTest, WrongCredentialsAtStartStillStartAndDecideWithAnAlarm) {
  const std::string bad = "host=127.0.0.1 port=" + std::to_string(cluster_->port()) +
                          " dbname=plant user=plant password=wrong-one";
  ChildProcess gated({kBin + "/gated", "--config", write_config(bad)}, dir_ + "/gated.out",
                     dir_ + "/gated.err");
  ASSERT_TRUE(wait_until([&] { return !metrics().empty(); }, 15000));
  push(1);
  ASSERT_TRUE(wait_until(
      [&] {
        return read_file(dir_ + "/gated.err").find("ALARM plant database refused this gate") !=
               std::string::npos;
      },
      10000));
  const std::string err = read_file(dir_ + "/gated.err");
  EXPECT_NE(err.find("plant.conninfo"), std::string::npos) << err;
  EXPECT_NE(err.find("password authentication failed"), std::string::npos) << err;
  EXPECT_EQ(err.find("wrong-one"), std::string::npos) << "the password is not logged";
  std::string m;  // the lag is refreshed every push_interval_ms
  EXPECT_TRUE(wait_until(
      [&] {
        m = metrics();
        return sample(m, "gate_plant_backlog_passages") == 1;
      },
      5000))
      << m;
  EXPECT_EQ(sample(m, "gate_plant_link_up"), 0) << m;
  EXPECT_EQ(plant_rows(), -1) << "nothing created at the plant";  // no schema: the query fails
  EXPECT_EQ(gated.stop(), 0);
}

TEST_F(PlantTest, ThePlantViewThroughGatedsApiAndGatectl) {
  ChildProcess gated({kBin + "/gated", "--config", write_config(cluster_->conninfo())},
                     dir_ + "/gated.out", dir_ + "/gated.err");
  ASSERT_TRUE(wait_until([&] { return !metrics().empty(); }, 15000));
  for (int n = 1; n <= 3; ++n) push(n);
  nlohmann::json g;
  ASSERT_TRUE(wait_until(
      [&] {
        g = plant_gate();
        return g.is_object() && g["plant_seq"] == 3 && g["gate_seq"] == 3;
      },
      10000))
      << g.dump();
  EXPECT_EQ(g["link"], "up");
  EXPECT_EQ(g["behind"], 0);
  EXPECT_TRUE(g["oldest_behind_age_s"].is_null());
  auto r = api("/api/v1/plant/passages?gate=TEST-G1&limit=2");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["count"], 2);
  EXPECT_EQ(j["more"], true);
  EXPECT_EQ(j["passages"][0]["plate"], "豫Z10003");
  std::string out;
  EXPECT_EQ(run_command({kBin + "/gatectl", "plant", "gates", "--config", config_}, &out), 0);
  EXPECT_NE(out.find("TEST-G1"), std::string::npos) << out;
  EXPECT_NE(out.find(" up "), std::string::npos) << out;
  EXPECT_EQ(run_command({kBin + "/gatectl", "plant", "compare", "--config", config_}, &out), 0)
      << out;
  EXPECT_NE(out.find("3 identical"), std::string::npos) << out;

  // The plant away: the API says so, naming the setting; gated goes on deciding.
  ASSERT_TRUE(cluster_->stop().ok());
  push(4);
  r = api("/api/v1/plant/gates");
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_NE(r.body.find("plant.conninfo"), std::string::npos) << r.body;

  // Back: the gate reports the passage it sent after the cut.
  ASSERT_TRUE(cluster_->restart().ok());
  ASSERT_TRUE(wait_until(
      [&] {
        g = plant_gate();
        return g.is_object() && g["plant_seq"] == 4 && g["gate_seq"] == 4;
      },
      15000))
      << g.dump();
  EXPECT_EQ(g["link"], "up");
  EXPECT_EQ(g["behind"], 0);
  EXPECT_EQ(gated.stop(), 0);
}

// The plant's alert level: set with gatectl at the plant, applied by the gate as a level set by
// hand (its decisions record it), kept across a restart without being applied again over a
// level set at the gate since, and ended by the plant.
TEST_F(PlantTest, ThePlantsAlertLevelReachesTheGateOnceAndSurvivesARestart) {
  write_config(cluster_->conninfo());
  auto gated =
      std::make_unique<ChildProcess>(std::vector<std::string>{kBin + "/gated", "--config", config_},
                                     dir_ + "/gated.out", dir_ + "/gated.err");
  ASSERT_TRUE(wait_until([&] { return !metrics().empty(); }, 15000));
  std::string out;
  ASSERT_EQ(run_command({kBin + "/gatectl", "plant", "alert", "set", "--config", config_, "--level",
                         "orange", "--reason", "city notice 12", "--operator", "env-manager"},
                        &out),
            0)
      << out;
  EXPECT_NE(out.find("plant alert level: orange"), std::string::npos) << out;
  ASSERT_TRUE(wait_until(
      [&] {
        return read_file(dir_ + "/gated.err")
                   .find("ALERT level orange set at the plant by env-manager: city notice 12") !=
               std::string::npos;
      },
      10000))
      << read_file(dir_ + "/gated.err");
  push(1);
  EXPECT_EQ(latest_alert_level(dir_ + "/gate.db"), 3) << "orange";
  EXPECT_EQ(gated->stop(), 0);

  // Restarted: the plant's revision was applied already; a level set at the gate since stays.
  gated =
      std::make_unique<ChildProcess>(std::vector<std::string>{kBin + "/gated", "--config", config_},
                                     dir_ + "/gated.out", dir_ + "/gated2.err");
  ASSERT_TRUE(wait_until([&] { return !metrics().empty(); }, 15000));
  ASSERT_TRUE(wait_until([&] { return sample(metrics(), "gate_plant_link_up") == 1; }, 10000));
  EXPECT_EQ(read_file(dir_ + "/gated2.err").find("set at the plant"), std::string::npos)
      << "applied again after the restart";
  push(2);
  EXPECT_EQ(latest_alert_level(dir_ + "/gate.db"), 3) << "the manual level survives the restart";
  ASSERT_EQ(run_command({kBin + "/gatectl", "plant", "alert", "clear", "--config", config_,
                         "--reason", "lifted"},
                        &out),
            0)
      << out;
  ASSERT_TRUE(wait_until(
      [&] {
        return read_file(dir_ + "/gated2.err").find("ALERT the plant ended its level (lifted)") !=
               std::string::npos;
      },
      10000));
  push(3);
  EXPECT_EQ(latest_alert_level(dir_ + "/gate.db"), 1) << "back to the configured none";
  EXPECT_EQ(run_command({kBin + "/gatectl", "plant", "alert", "show", "--config", config_}, &out),
            0);
  EXPECT_NE(out.find("no plant alert level in force (ended)"), std::string::npos) << out;
  EXPECT_EQ(run_command({kBin + "/gatectl", "plant", "alert", "set", "--config", config_, "--level",
                         "purple", "--reason", "x"},
                        &out),
            2);
  EXPECT_EQ(gated->stop(), 0);
}

// The plant's policy: set with gatectl at the plant; a gate running another (here its inline
// policy) raises an ALARM saying how to install it, `plant policy show` names the gate as
// differing (exit 1), and `plant policy get` prints the file as set.
TEST_F(PlantTest, AGateRunningAnotherPolicyThanThePlantsAlarms) {
  ChildProcess gated({kBin + "/gated", "--config", write_config(cluster_->conninfo())},
                     dir_ + "/gated.out", dir_ + "/gated.err");
  ASSERT_TRUE(wait_until([&] { return !metrics().empty(); }, 15000));
  const std::string policy =
      std::string(GATE_SOURCE_DIR) + "/sim/scenarios/policies/plant-green-50-strict.textproto";
  std::string out;
  ASSERT_EQ(run_command({kBin + "/gatectl", "plant", "policy", "set", "--config", config_, policy,
                         "--operator", "env-manager"},
                        &out),
            0)
      << out;
  ASSERT_TRUE(wait_until(
      [&] {
        return read_file(dir_ + "/gated.err")
                   .find(
                       "ALARM plant policy: this gate runs an inline "
                       "policy") != std::string::npos;
      },
      10000))
      << read_file(dir_ + "/gated.err");
  EXPECT_EQ(run_command({kBin + "/gatectl", "plant", "policy", "show", "--config", config_}, &out),
            1);
  EXPECT_NE(out.find("TEST-G1: "), std::string::npos) << out;
  EXPECT_NE(out.find("DIFFERS"), std::string::npos) << out;
  ASSERT_EQ(run_command({kBin + "/gatectl", "plant", "policy", "get", "--config", config_}, &out),
            0);
  EXPECT_EQ(out, read_file(policy));
  EXPECT_EQ(gated.stop(), 0);
}

}  // namespace
}  // namespace gate::testing
