// The plant-wide share with a real private PostgreSQL cluster and three real gated processes on
// 127.0.0.1 (docs/plant.md §3): a coal gate with only diesel trucks, a product gate with electric
// ones and a third gate, one strict 50 % green share kept plant-wide. The coal gate's diesel
// trucks pass on the room the product gate's electric trucks earned, as far as the plant's
// slack and the other gates' allowances leave; with the plant gone each gate admits only on its
// own releases since its last settlement and its allowance, and the inequality over all three
// gates' records holds throughout; after the plant is back every passage is there once and the
// plant's tally is the sum of the gates' releases.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include <array>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "drivers/http/http_client.h"
#include "drivers/postgres/pg_connection.h"
#include "sim/devices/relay_camera.h"
#include "tests/support/pg_cluster.h"
#include "tests/support/process.h"

namespace gate::testing {
namespace {

const std::string kBin = GATE_BIN_DIR;
constexpr int kVerdictPass = 1;
constexpr int kVerdictHold = 3;
constexpr int kOutcomePassed = 2;

const char* kPolicy = R"(id: "plant-share-test" version: "v1" source: "test"
share { day_start_minute: 0 call_timeout_s: 600 max_wait_s: 7200 }
rule_sets {
  id: "green"
  source: "test draft"
  share_rules { counter: "green" target_percent: 50 mode: SHARE_MODE_STRICT
                counts_as { min_stage: EMISSION_STAGE_ELECTRIC } }
  manual { min_reason_chars: 2 }
}
)";

std::string green_plate(int n) {
  return "豫H" + std::to_string(20000 + n) + "D";
}
std::string diesel_plate(int n) {
  return "豫H" + std::to_string(30000 + n);
}

std::string ledger_csv() {
  std::string csv =
      "plate,plate_color,vehicle_class,vin,engine_no,registration_date,emission_stage,"
      "fuel_type,vehicle_type,use,fleet,owner,registration_code,valid_from,valid_until,"
      "suspended\n";
  for (int n = 1; n <= 20; ++n) {
    csv += green_plate(n) +
           ",yellow-green,transport,,,2024-04-10,D,C,N3,product,f,o,,2025-01-01,"
           "2099-12-31,0\n";
    csv += diesel_plate(n) +
           ",yellow,transport,,,2021-04-10,6,B,N3,coal,f,o,,2025-01-01,"
           "2099-12-31,0\n";
  }
  return csv;
}

struct Row {
  std::string plate;
  int verdict = 0;
  int outcome = 0;
};

std::vector<Row> passages_of(const std::string& db_path) {
  std::vector<Row> out;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* q = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT plate_read, verdict, outcome FROM passages ORDER BY seq", -1,
                           &q, nullptr) == SQLITE_OK) {
      while (sqlite3_step(q) == SQLITE_ROW) {
        out.push_back({reinterpret_cast<const char*>(sqlite3_column_text(q, 0)),
                       sqlite3_column_int(q, 1), sqlite3_column_int(q, 2)});
      }
    }
    sqlite3_finalize(q);
  }
  sqlite3_close(db);
  return out;
}

std::string explanation_of(const std::string& db_path, const std::string& plate) {
  std::string out;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* q = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT explanation FROM passages WHERE plate_read = ?", -1, &q,
                           nullptr) == SQLITE_OK) {
      sqlite3_bind_text(q, 1, plate.c_str(), -1, SQLITE_TRANSIENT);
      if (sqlite3_step(q) == SQLITE_ROW) {
        out = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
      }
    }
    sqlite3_finalize(q);
  }
  sqlite3_close(db);
  return out;
}

struct Gate {
  std::string id;
  std::string dir;
  int camera_port = 0;
  int api_port = 0;
  std::unique_ptr<sim::RelayCamera> relay;
  std::unique_ptr<ChildProcess> gated;
  std::string db() const { return dir + "/gate.db"; }
};

class PlantShareTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = make_temp_dir();
    auto c = PgCluster::Start();
    ASSERT_TRUE(c.ok()) << c.error();
    cluster_ = std::move(c).value();
    const std::array<const char*, 3> ids = {"COAL", "PRODUCT", "RAW"};
    for (std::size_t i = 0; i < gates_.size(); ++i) {
      ASSERT_NO_FATAL_FAILURE(prepare(gates_[i], ids[i]));
    }
    for (auto& g : gates_) {
      g.gated = std::make_unique<ChildProcess>(
          std::vector<std::string>{kBin + "/gated", "--config", g.dir + "/gated.textproto"},
          g.dir + "/gated.out", g.dir + "/gated.err");
    }
    for (auto& g : gates_) {
      ASSERT_TRUE(
          wait_until([&] { return log(g).find("gated: ready:") != std::string::npos; }, 15000))
          << log(g);
    }
  }
  void TearDown() override {
    if (HasFailure()) {
      for (auto& g : gates_) std::cerr << "--- " << g.id << " ---\n" << log(g).substr(0, 8000);
    }
    for (auto& g : gates_) g.gated.reset();
    remove_tree(root_);
  }
  void prepare(Gate& g, const std::string& id) {
    g.id = id;
    g.dir = root_ + "/" + id;
    std::filesystem::create_directories(g.dir);
    g.camera_port = free_port();
    g.api_port = free_port();
    sim::RelayCameraOptions o;
    o.password = "relay-pw";
    auto relay = sim::RelayCamera::Start(o);
    ASSERT_TRUE(relay.ok()) << relay.error();
    g.relay = std::move(relay).value();
    write_file(g.dir + "/relay.password", "relay-pw\n");
    write_file(g.dir + "/policy.textproto", kPolicy);
    write_file(g.dir + "/ledger.csv", ledger_csv());
    write_file(g.dir + "/gated.textproto", config(g));
    std::string out;
    ASSERT_EQ(
        run_command({kBin + "/gatectl", "ledger", "import", "--db", g.db(), g.dir + "/ledger.csv"},
                    &out),
        0)
        << out;
  }
  std::string config(const Gate& g) const {
    return "gate_id: \"" + g.id +
           "\"\ndatabase_path: \"gate.db\"\nutc_offset_minutes: 480\n"
           "camera { listen_address: \"127.0.0.1\" port: " +
           std::to_string(g.camera_port) +
           " }\n"
           "lanes { lane_id: \"L1\" direction: DIRECTION_IN debounce_ms: 50 "
           "passage_timeout_ms: 200\n"
           "  barrier { camera_relay { vendor: VENDOR_HIKVISION host: \"127.0.0.1\" port: " +
           std::to_string(g.relay->port()) +
           " channel: 1 user: \"admin\" password_file: \"relay.password\" timeout_ms: 500 "
           "probe_interval_ms: 200 } }\n}\n"
           "policy_file: \"policy.textproto\"\n"
           "enterprise { industry: \"coking\" grade: PERFORMANCE_GRADE_B }\n"
           "api { port: " +
           std::to_string(g.api_port) +
           " operator_token: \"operator-token-0123456789\" }\n"
           "plant { conninfo: \"" +
           cluster_->conninfo() +
           "\" push_interval_ms: 100 max_backoff_ms: 300 plant_wide_share: true "
           "share_allowance_trucks: 1 }\n";
  }
  static std::string log(const Gate& g) { return read_file(g.dir + "/gated.err"); }

  // One truck at `g`; waits until its passage is settled (PASSED, or turned away) and returns
  // its verdict.
  int truck(Gate& g, const std::string& plate, const std::string& color) {
    nlohmann::json event = {
        {"plate", plate}, {"lane", "L1"}, {"color", color}, {"confidence", 0.95}};
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(g.camera_port), "/"};
    auto r = drivers::http_request(url, "POST", "/camera/generic", event.dump(), "application/json",
                                   5000);
    EXPECT_TRUE(r.ok() && r.value().status == 200) << plate;
    Row last;
    EXPECT_TRUE(wait_until(
        [&] {
          for (const auto& row : passages_of(g.db())) {
            if (row.plate == plate && row.outcome != 1) last = row;  // 1: pending
          }
          return !last.plate.empty();
        },
        5000))
        << plate << " at " << g.id << " was not settled";
    return last.verdict;
  }
  int green(Gate& g, int n) { return truck(g, green_plate(n), "yellow-green"); }
  int diesel(Gate& g, int n) { return truck(g, diesel_plate(n), "yellow"); }

  static std::string metrics(const Gate& g) {
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(g.api_port), "/"};
    auto r = drivers::http_request(url, "GET", "/metrics", "", "text/plain", 3000);
    return r.ok() ? r.value().body : "";
  }
  // The share status the gate's API serves (GET /api/v1/share).
  nlohmann::json share_status(const Gate& g) {
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(g.api_port), "/"};
    auto r = drivers::http_request(url, "GET", "/api/v1/share", "", "application/json", 3000,
                                   {{"Authorization", "Bearer operator-token-0123456789"}});
    if (!r.ok() || r.value().status != 200) return {};
    return nlohmann::json::parse(r.value().body, nullptr, false);
  }
  // The gate's lease at the plant for today's window: allowance in basis points; -1 if none.
  int64_t allowance_bp(const std::string& gate) {
    auto db = drivers::pg::Connection::Connect(cluster_->conninfo());
    if (!db.ok()) return -1;
    auto r = db.value()->exec(
        "SELECT allowance_bp FROM share_leases WHERE gate_id = $1 ORDER BY day DESC LIMIT 1",
        {gate});
    if (!r.ok() || r.value().rows.empty()) return -1;
    return std::stoll(r.value().text(0, 0));
  }
  std::string plant_scalar(const std::string& sql) {
    auto db = drivers::pg::Connection::Connect(cluster_->conninfo());
    if (!db.ok()) return "";
    auto r = db.value()->exec(sql);
    return r.ok() && !r.value().rows.empty() ? r.value().text(0, 0) : "";
  }
  // Released trucks (PASS, the truck entered) over the three gates' records: {green, diesel}.
  std::pair<int, int> releases() {
    int g = 0, d = 0;
    for (auto& gate : gates_) {
      for (const auto& row : passages_of(gate.db())) {
        if (row.verdict != kVerdictPass || row.outcome != kOutcomePassed) continue;
        (row.plate.back() == 'D' ? g : d) += 1;
      }
    }
    return {g, d};
  }
  void expect_plant_wide_share_held(const std::string& when) {
    const auto [g, d] = releases();
    EXPECT_GE(g, d) << when << ": " << g << " green and " << d << " diesel released plant-wide";
  }

  std::string root_;
  std::unique_ptr<PgCluster> cluster_;
  std::array<Gate, 3> gates_;
};

TEST_F(PlantShareTest, TheCoalGateUsesTheProductGatesRoomAndACutNeverBreaksTheShare) {
  Gate& coal = gates_[0];
  Gate& product = gates_[1];
  for (int n = 1; n <= 6; ++n) ASSERT_EQ(green(product, n), kVerdictPass);
  // Six green at 50 %: room for six diesel plant-wide, of which the product gate and the raw
  // gate hold one each in advance: four for the coal gate, which earned nothing itself.
  ASSERT_TRUE(
      wait_until([&] { return plant_scalar("SELECT released FROM share_tally") == "6"; }, 10000));
  int passed = 0;
  for (int n = 1; n <= 6; ++n) {
    wait_until([&] { return allowance_bp("COAL") >= 5000; }, 1500);
    const int verdict = diesel(coal, n);
    EXPECT_TRUE(verdict == kVerdictPass || verdict == kVerdictHold) << verdict;
    passed += verdict == kVerdictPass ? 1 : 0;
    expect_plant_wide_share_held("diesel " + std::to_string(n));
  }
  EXPECT_EQ(passed, 4) << "gate by gate the coal gate would have held all six";
  const std::string why = explanation_of(coal.db(), diesel_plate(5));
  EXPECT_NE(why.find("plant-wide share: this gate's room 0 truck(s)"), std::string::npos) << why;
  const nlohmann::json status = share_status(coal);
  ASSERT_TRUE(status.contains("rules") && status["rules"].size() == 1) << status.dump();
  EXPECT_LT(status["rules"][0]["plant"]["room_trucks"].get<double>(), 1.0) << status.dump();
  EXPECT_EQ(status["rules"][0]["released"], 4) << status.dump();
  std::string m;
  EXPECT_TRUE(wait_until(
      [&] {
        m = metrics(coal);
        return m.find("gate_plant_share_counted_releases{counter=\"green\"} 4\n") !=
               std::string::npos;
      },
      5000))
      << m;

  // The plant goes away. The product gate earns room with green trucks and may use it and its
  // allowance; the coal gate has spent its allowance and holds.
  ASSERT_TRUE(cluster_->stop().ok());
  for (int n = 7; n <= 8; ++n) ASSERT_EQ(green(product, n), kVerdictPass);
  int product_diesel = 0;
  for (int n = 7; n <= 10; ++n) product_diesel += diesel(product, n) == kVerdictPass ? 1 : 0;
  EXPECT_EQ(product_diesel, 3) << "two green since the cut earn two, plus one of allowance";
  EXPECT_EQ(diesel(coal, 11), kVerdictHold);
  expect_plant_wide_share_held("during the cut");

  // Back: every passage once, and the plant's tally is the gates' releases.
  ASSERT_TRUE(cluster_->restart().ok());
  int total = 0;
  for (auto& g : gates_) total += static_cast<int>(passages_of(g.db()).size());
  ASSERT_TRUE(wait_until(
      [&] { return plant_scalar("SELECT count(*) FROM passages") == std::to_string(total); },
      15000))
      << plant_scalar("SELECT count(*) FROM passages") << " of " << total;
  const auto [g, d] = releases();
  ASSERT_TRUE(wait_until(
      [&] { return plant_scalar("SELECT released FROM share_tally") == std::to_string(g + d); },
      5000));
  EXPECT_EQ(plant_scalar("SELECT qualifying FROM share_tally"), std::to_string(g));
  EXPECT_EQ(plant_scalar("SELECT count(*) FROM (SELECT gate_id, seq FROM passages GROUP BY 1, 2 "
                         "HAVING count(*) > 1) AS twice"),
            "0");
  const int64_t slack = std::stoll(plant_scalar(
      "SELECT qualifying * 5000 - (released - qualifying) * 5000 - granted_bp FROM share_tally"));
  EXPECT_GE(slack, 0) << "the plant granted more than its slack";
  for (auto& g : gates_) EXPECT_EQ(g.gated->stop(), 0) << g.id;
}

}  // namespace
}  // namespace gate::testing
