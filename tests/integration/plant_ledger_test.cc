// Ledger replication with a real private PostgreSQL cluster and three real gated processes on
// 127.0.0.1 (docs/plant.md §4): a ledger imported at the plant reaches every gate's SQLite file
// and the lanes decide with it (the lag is printed); with the plant stopped, an edit on one
// gate's dashboard is in force there at once and every gate goes on deciding; with the plant
// back, the edit reaches the plant's history and the two other gates.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "drivers/http/http_client.h"
#include "firmware-host/api/user_store.h"
#include "tests/support/gate_config.h"
#include "tests/support/pg_cluster.h"
#include "tests/support/process.h"

namespace gate::testing {
namespace {

const std::string kBin = GATE_BIN_DIR;
const std::string kPlate = "豫H10001";
const std::string kManagerPassword = "manager-password-0123";

using Clock = std::chrono::steady_clock;

int64_t ms_since(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
}

// The first text column of `sql` with one text parameter, from a gate's SQLite file.
std::optional<std::string> query_text(const std::string& db_path, const std::string& sql,
                                      const std::string& param) {
  std::optional<std::string> out;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 1000);
    sqlite3_stmt* q = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &q, nullptr) == SQLITE_OK) {
      sqlite3_bind_text(q, 1, param.c_str(), -1, SQLITE_TRANSIENT);
      if (sqlite3_step(q) == SQLITE_ROW) {
        const auto* t = sqlite3_column_text(q, 0);
        out = t ? reinterpret_cast<const char*>(t) : "";
      }
    }
    sqlite3_finalize(q);
  }
  sqlite3_close(db);
  return out;
}

struct Gate {
  std::string id, dir, config, db;
  int camera_port = 0, api_port = 0;
  std::unique_ptr<ChildProcess> gated;
  int pushed = 0;

  std::string fleet(const std::string& plate) const {
    return query_text(db, "SELECT fleet FROM vehicles WHERE plate = ?", plate).value_or("");
  }
  // The fleet the lane found in its ledger for the last passage of `plate`.
  std::string decided_fleet(const std::string& plate) const {
    return query_text(db,
                      "SELECT COALESCE(v_fleet, '') FROM passages WHERE plate_read = ? "
                      "ORDER BY seq DESC LIMIT 1",
                      plate)
        .value_or("(none)");
  }
  bool answers() const {
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(api_port), "/"};
    auto r = drivers::http_request(url, "GET", "/metrics", "", "text/plain", 2000);
    return r.ok() && r.value().status == 200;
  }
};

class PlantLedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    auto c = PgCluster::Start();
    ASSERT_TRUE(c.ok()) << c.error();
    cluster_ = std::move(c).value();
    for (int i = 1; i <= 3; ++i) add_gate("G" + std::to_string(i));
    auto users = host::UserStore::Open(gates_[0].db);
    ASSERT_TRUE(users.ok()) << users.error();
    ASSERT_TRUE(users.value()->add("manager1", host::UserRole::kManager, kManagerPassword, 1).ok());
  }
  void TearDown() override {
    for (auto& g : gates_) {
      g.gated.reset();
      if (HasFailure()) std::cerr << "--- " << g.id << " stderr ---\n" << read_file(g.dir + "/err");
    }
    if (HasFailure() && cluster_) std::cerr << "--- server log ---\n" << cluster_->log();
    remove_tree(dir_);
  }
  void add_gate(const std::string& id) {
    Gate g;
    g.id = id;
    g.dir = dir_ + "/" + id;
    std::filesystem::create_directories(g.dir);
    g.db = g.dir + "/gate.db";
    g.camera_port = free_port();
    g.api_port = free_port();
    OneLaneGate cfg;
    cfg.camera_port = g.camera_port;
    cfg.database_path = g.db;
    cfg.extra = "api { port: " + std::to_string(g.api_port) +
                " operator_token: \"operator-token-0123456789\" }\n"
                "plant { conninfo: \"" +
                cluster_->conninfo() + "\" push_interval_ms: 200 max_backoff_ms: 400 }\n";
    std::string text = one_lane_gate_config(cfg);
    text.replace(text.find("TEST-G1"), 7, id);
    g.config = g.dir + "/gated.textproto";
    write_file(g.config, text);
    gates_.push_back(std::move(g));
  }
  void start_gates() {
    for (auto& g : gates_) {
      g.gated = std::make_unique<ChildProcess>(
          std::vector<std::string>{kBin + "/gated", "--config", g.config}, g.dir + "/out",
          g.dir + "/err");
    }
    for (auto& g : gates_) ASSERT_TRUE(wait_until([&] { return g.answers(); }, 15000)) << g.id;
  }
  // A read of `plate` at the gate's lane; waits until gated recorded it.
  void pass(Gate& g, const std::string& plate) {
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(g.camera_port), "/"};
    auto r = drivers::http_request(
        url, "POST", "/camera/generic",
        R"({"plate":")" + plate + R"(","lane":"L1","confidence":0.95,"color":"yellow"})",
        "application/json", 2000);
    ASSERT_TRUE(r.ok() && r.value().status == 200) << g.id << " " << plate;
    const std::string n = std::to_string(++g.pushed);
    ASSERT_TRUE(wait_until(
        [&] {
          return query_text(g.db, "SELECT count(*) >= CAST(? AS INTEGER) FROM passages", n) == "1";
        },
        5000))
        << g.id << ": " << plate << " was not recorded";
  }
  // Logs in on the gate's dashboard and edits the entry's fleet; the HTTP status.
  int edit_fleet(const Gate& g, const std::string& plate, const std::string& fleet) {
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(g.api_port), "/"};
    const std::string origin = "http://127.0.0.1:" + std::to_string(g.api_port);
    auto login =
        drivers::http_request(url, "POST", "/api/v1/login",
                              R"({"user":"manager1","password":")" + kManagerPassword + R"("})",
                              "application/json", 3000, {{"Origin", origin}});
    if (!login.ok() || login.value().status != 200) return login.ok() ? login.value().status : -1;
    const std::string cookie = login.value().headers["set-cookie"];
    auto r =
        drivers::http_request(url, "POST", "/api/v1/dashboard/ledger/edit",
                              R"({"plate":")" + plate + R"(","fields":{"fleet":")" + fleet +
                                  R"("},"reason":"fleet changed while the plant was cut off"})",
                              "application/json", 3000,
                              {{"Origin", origin}, {"Cookie", cookie.substr(0, cookie.find(';'))}});
    return r.ok() ? r.value().status : -1;
  }
  // Waits until every gate in `which` holds `fleet` for kPlate; the slowest one's lag from
  // `since`, or -1.
  int64_t lag_until(const std::vector<Gate*>& which, const std::string& fleet,
                    Clock::time_point since) {
    std::vector<int64_t> lags(which.size(), -1);
    const bool all = wait_until(
        [&] {
          bool done = true;
          for (std::size_t i = 0; i < which.size(); ++i) {
            if (lags[i] < 0 && which[i]->fleet(kPlate) == fleet) lags[i] = ms_since(since);
            done = done && lags[i] >= 0;
          }
          return done;
        },
        20000);
    if (!all) return -1;
    return *std::max_element(lags.begin(), lags.end());
  }
  std::string dir_;
  std::unique_ptr<PgCluster> cluster_;
  std::vector<Gate> gates_;
};

TEST_F(PlantLedgerTest, PlantImportReachesEveryGateAndACutOffEditReachesTheOthersAfter) {
  start_gates();
  write_file(dir_ + "/ledger.csv",
             "plate,plate_color,vehicle_class,vin,emission_stage,fuel_type,fleet,valid_from,"
             "valid_until,suspended\n" +
                 kPlate +
                 ",yellow,transport,LZZRE12G9HP1G3DB9,6,B,plant-fleet,2025-01-01,"
                 "2099-12-31,0\n"
                 "豫H10002,yellow,transport,LZZRE12G7HP1G3DC1,6,B,plant-fleet,"
                 "2025-01-01,2099-12-31,0\n");
  std::string out;
  ASSERT_EQ(run_command({kBin + "/gatectl", "plant", "ledger", "import", "--config",
                         gates_[0].config, "--operator", "planner", dir_ + "/ledger.csv"},
                        &out),
            0)
      << out;
  const auto imported = Clock::now();
  const int64_t lag = lag_until({&gates_[0], &gates_[1], &gates_[2]}, "plant-fleet", imported);
  ASSERT_GE(lag, 0) << "the plant's import did not reach every gate in 20 s";
  std::cout << "ledger lag: max " << lag << " ms over 3 gates (import at the plant to every "
            << "gate's SQLite, ledger_interval_ms 1000)" << std::endl;
  pass(gates_[2], kPlate);
  EXPECT_EQ(gates_[2].decided_fleet(kPlate), "plant-fleet") << "G3's lanes decide with it";

  // The plant goes away: an edit at G1 is in force there at once; every gate goes on deciding.
  ASSERT_TRUE(cluster_->stop().ok());
  ASSERT_EQ(edit_fleet(gates_[0], kPlate, "cut-edit"), 200);
  EXPECT_EQ(gates_[0].fleet(kPlate), "cut-edit");
  pass(gates_[0], kPlate);
  EXPECT_EQ(gates_[0].decided_fleet(kPlate), "cut-edit");
  pass(gates_[1], kPlate);
  EXPECT_EQ(gates_[1].decided_fleet(kPlate), "plant-fleet") << "G2 decides from its copy";
  pass(gates_[2], "豫Z99999");
  ASSERT_TRUE(wait_until(
      [&] {
        return read_file(gates_[0].dir + "/err").find("ALARM plant ledger replication failed") !=
               std::string::npos;
      },
      10000));

  // The plant is back: G1's edit reaches the plant and the two other gates.
  ASSERT_TRUE(cluster_->restart().ok()) << cluster_->log();
  const auto back = Clock::now();
  const int64_t catch_up = lag_until({&gates_[1], &gates_[2]}, "cut-edit", back);
  ASSERT_GE(catch_up, 0) << "G1's edit did not reach G2 and G3 in 20 s";
  std::cout << "ledger catch-up after the cut: " << catch_up
            << " ms from the plant's restart to the other 2 gates" << std::endl;
  pass(gates_[1], kPlate);
  EXPECT_EQ(gates_[1].decided_fleet(kPlate), "cut-edit") << "G2's lanes decide with it";
  EXPECT_EQ(gates_[0].fleet(kPlate), "cut-edit") << "the edit is not undone at G1";

  ASSERT_EQ(run_command({kBin + "/gatectl", "plant", "ledger", "history", kPlate, "--config",
                         gates_[1].config},
                        &out),
            0)
      << out;
  EXPECT_NE(out.find("by planner at plant"), std::string::npos) << out;
  EXPECT_NE(out.find("by manager1"), std::string::npos) << out;
  EXPECT_NE(out.find("at G1"), std::string::npos) << out;
  EXPECT_NE(out.find("fleet: plant-fleet → cut-edit"), std::string::npos) << out;
  EXPECT_NE(out.find("2 revision(s)"), std::string::npos) << out;
  for (auto& g : gates_) EXPECT_EQ(g.gated->stop(), 0) << g.id;
}

}  // namespace
}  // namespace gate::testing
