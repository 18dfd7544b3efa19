// The policy engine in a real gated process on 127.0.0.1: SIGHUP reloads the policy file, a
// file that does not load leaves the last good policy deciding, and an operator releases a
// refused truck through the local API with `gatectl release`.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "drivers/http/http_client.h"
#include "tests/support/process.h"

namespace gate::testing {
namespace {

const std::string kBin = GATE_BIN_DIR;
const std::string kSource = GATE_SOURCE_DIR;

struct Row {
  int64_t seq;
  std::string plate;
  int verdict;  // gate.v1.Verdict: 1 pass, 2 refuse, 3 hold, 4 manual pass
  std::string rule;
  std::string policy_version;
  std::string operator_id;
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
                         "SELECT seq, plate_read, verdict, rule_id, policy_version, operator_id "
                         "FROM passages ORDER BY seq",
                         -1, &st, nullptr) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      auto text = [&](int c) {
        const auto* p = sqlite3_column_text(st, c);
        return p ? std::string(reinterpret_cast<const char*>(p)) : std::string();
      };
      rows.push_back({sqlite3_column_int64(st, 0), text(1), sqlite3_column_int(st, 2), text(3),
                      text(4), text(5)});
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return rows;
}

// The first China V diesel transport truck of the demo ledger (plate, stage 5, fuel B).
std::string china_v_truck() {
  const std::string csv = read_file(kSource + "/sim/scenarios/demo/ledger.csv");
  std::size_t pos = csv.find('\n') + 1;
  while (pos < csv.size()) {
    const std::size_t end = csv.find('\n', pos);
    const std::string line = csv.substr(pos, end - pos);
    std::vector<std::string> f;
    std::size_t a = 0;
    for (std::size_t b; (b = line.find(',', a)) != std::string::npos; a = b + 1) {
      f.push_back(line.substr(a, b - a));
    }
    f.push_back(line.substr(a));
    if (f.size() > 15 && f[2] == "transport" && f[6] == "5" && f[7] == "B" && f[15] == "0") {
      return f[0];
    }
    pos = end + 1;
  }
  return "";
}

std::string policy(const std::string& version, const std::string& transport_min) {
  return "id: \"reload-test\"\nversion: \"" + version +
         "\"\nsource: \"integration test\"\n"
         "rule_sets {\n  id: \"base\"\n  source: \"test\"\n"
         "  identity { min_confidence: 0.5 }\n"
         "  manual { min_reason_chars: 2 }\n"
         "  stage_rules { vehicle_class: VEHICLE_CLASS_TRANSPORT min_stage: " +
         transport_min + " }\n}\n";
}

class PolicyReloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    camera_port_ = free_port();
    api_port_ = free_port();
  }
  void TearDown() override {
    if (HasFailure())
      std::cerr << "--- gated stderr ---\n" << read_file(dir_ + "/gated.err") << "\n";
    remove_tree(dir_);
  }
  std::string config() const {
    return "gate_id: \"TEST-G1\"\ndatabase_path: \"gate.db\"\nutc_offset_minutes: 480\n"
           "camera { listen_address: \"127.0.0.1\" port: " +
           std::to_string(camera_port_) +
           " }\n"
           "lanes { lane_id: \"L1\" debounce_ms: 100 passage_timeout_ms: 1000\n"
           "  barrier { tcp { host: \"127.0.0.1\" port: " +
           std::to_string(free_port()) +
           " } pulse_ms: 100 response_timeout_ms: 200 reconnect_interval_ms: 200 } }\n"
           "policy_file: \"policy.textproto\"\n"
           "enterprise { industry: \"coking\" grade: PERFORMANCE_GRADE_B }\n"
           "api { port: " +
           std::to_string(api_port_) + " operator_token: \"test-operator-token\" }\n";
  }
  // Pushes one read and waits until gated has recorded it.
  bool push(const std::string& plate, std::size_t expect_rows) {
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(camera_port_), "/"};
    auto r = drivers::http_request(
        url, "POST", "/camera/generic",
        R"({"plate":")" + plate + R"(","lane":"L1","confidence":0.95,"color":"yellow"})",
        "application/json", 2000);
    if (!r.ok() || r.value().status != 200) return false;
    return wait_until([&] { return passages(dir_ + "/gate.db").size() >= expect_rows; }, 10000);
  }
  bool log_has(const std::string& text) {
    return wait_until(
        [&] { return read_file(dir_ + "/gated.err").find(text) != std::string::npos; }, 10000);
  }

  std::string dir_;
  int camera_port_ = 0, api_port_ = 0;
};

TEST_F(PolicyReloadTest, SighupReloadKeepsTheLastGoodPolicyAndOperatorsCanRelease) {
  const std::string truck = china_v_truck();
  ASSERT_FALSE(truck.empty()) << "the demo ledger has no China V diesel truck";
  write_file(dir_ + "/gated.textproto", config());
  write_file(dir_ + "/policy.textproto", policy("v1", "EMISSION_STAGE_CHINA_V"));
  std::string out;
  ASSERT_EQ(run_command({kBin + "/gatectl", "ledger", "import", "--db", dir_ + "/gate.db",
                         kSource + "/sim/scenarios/demo/ledger.csv"},
                        &out),
            0)
      << out;
  ChildProcess gated({kBin + "/gated", "--config", dir_ + "/gated.textproto"}, dir_ + "/gated.out",
                     dir_ + "/gated.err");
  drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(camera_port_), "/"};
  ASSERT_TRUE(wait_until(
      [&] { return drivers::http_request(url, "GET", "/", "", "text/plain", 300).ok(); }, 15000));
  ASSERT_TRUE(log_has("policy reload-test v1"));

  // v1: China V transport trucks enter.
  ASSERT_TRUE(push(truck, 1));
  auto rows = passages(dir_ + "/gate.db");
  EXPECT_EQ(rows[0].verdict, 1) << rows[0].rule;
  EXPECT_EQ(rows[0].policy_version, "v1");

  // A broken file: the reload fails with file:line, v1 stays in force.
  write_file(dir_ + "/policy.textproto",
             "id: \"reload-test\"\nversion: \"v2\"\nsource: \"s\"\nrule_sets {\n  id: \"base\"\n"
             "  source: \"s\"\n  identity { min_confidence: 5 }\n}\n");
  ASSERT_EQ(::kill(gated.pid(), SIGHUP), 0);
  ASSERT_TRUE(log_has("policy reload failed; keeping reload-test v1"));
  EXPECT_TRUE(log_has("policy.textproto:7:"));
  ASSERT_TRUE(gated.running());
  usleep(200 * 1000);  // past the lane's debounce window
  ASSERT_TRUE(push(truck, 2));
  rows = passages(dir_ + "/gate.db");
  EXPECT_EQ(rows[1].verdict, 1);
  EXPECT_EQ(rows[1].policy_version, "v1") << "a failed reload must not change the policy";

  // A good file: v2 decides from now on.
  write_file(dir_ + "/policy.textproto", policy("v2", "EMISSION_STAGE_CHINA_VI"));
  ASSERT_EQ(::kill(gated.pid(), SIGHUP), 0);
  ASSERT_TRUE(log_has("policy reloaded: reload-test v1 -> reload-test v2"));
  usleep(200 * 1000);
  ASSERT_TRUE(push(truck, 3));
  rows = passages(dir_ + "/gate.db");
  EXPECT_EQ(rows[2].verdict, 2);
  EXPECT_EQ(rows[2].rule, "stage.min_by_class");
  EXPECT_EQ(rows[2].policy_version, "v2");

  // The operator releases the refused truck through the local API; the release is recorded in
  // the name of the token (operator_token is named "operator").
  std::string rel;
  int rc = run_command({kBin + "/gatectl", "release", "--config", dir_ + "/gated.textproto",
                        "--lane", "L1", "--reason", "抢修物资 已报备"},
                       &rel, 10000);
  EXPECT_EQ(rc, 0) << rel;
  EXPECT_NE(rel.find("released " + truck + " at lane L1"), std::string::npos) << rel;
  rows = passages(dir_ + "/gate.db");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[3].verdict, 4);
  EXPECT_EQ(rows[3].rule, "manual.override");
  EXPECT_EQ(rows[3].operator_id, "operator");
  EXPECT_TRUE(log_has("MANUAL_PASS lane L1"));
  // Nothing left to release: refused with the reason.
  rc = run_command({kBin + "/gatectl", "release", "--config", dir_ + "/gated.textproto", "--lane",
                    "L1", "--operator", "operator", "--reason", "再放一次"},
                   &rel, 10000);
  EXPECT_EQ(rc, 1);
  EXPECT_NE(rel.find("no refused or held truck"), std::string::npos) << rel;

  EXPECT_TRUE(gated.running());
  EXPECT_EQ(gated.stop(), 0);
}

}  // namespace
}  // namespace gate::testing
