// End-to-end: gated and gate-sim as real processes on 127.0.0.1, checked from the SQLite file
// gated wrote and the coil history the simulated Modbus module recorded.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "drivers/http/http_client.h"
#include "tests/support/process.h"

namespace gate::testing {
namespace {

const std::string kBin = GATE_BIN_DIR;
const std::string kSource = GATE_SOURCE_DIR;

struct PassageRow {
  int64_t seq;
  std::string plate;
  int verdict;  // gate.v1.Verdict: 1 pass, 2 refuse
  int outcome;  // gate.v1.PassageOutcome
  int64_t committed_ms;
  std::string rule;
};

std::vector<PassageRow> read_passages(const std::string& db_path) {
  sqlite3* db = nullptr;
  std::vector<PassageRow> rows;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << db_path;
    sqlite3_close(db);
    return rows;
  }
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT seq, plate_read, verdict, outcome, committed_unix_ms, rule_id "
                     "FROM passages ORDER BY seq",
                     -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) {
    rows.push_back(
        {sqlite3_column_int64(st, 0), reinterpret_cast<const char*>(sqlite3_column_text(st, 1)),
         sqlite3_column_int(st, 2), sqlite3_column_int(st, 3), sqlite3_column_int64(st, 4),
         reinterpret_cast<const char*>(sqlite3_column_text(st, 5))});
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return rows;
}

class GateEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    camera_port_ = free_port();
    modbus_port_ = free_port();
    platform_port_ = free_port();
  }
  void TearDown() override {
    if (HasFailure()) {
      std::cerr << "--- gated stderr ---\n" << read_file(dir_ + "/gated.err") << "\n";
      std::cerr << "--- gate-sim stdout ---\n" << read_file(dir_ + "/sim.out") << "\n";
      std::cerr << "--- gate-sim stderr ---\n" << read_file(dir_ + "/sim.err") << "\n";
    }
    remove_tree(dir_);
  }

  std::string config(int barrier_port) const {
    return "gate_id: \"TEST-G1\"\n"
           "database_path: \"gate.db\"\n"
           "utc_offset_minutes: 480\n"
           "camera { listen_address: \"127.0.0.1\" port: " +
           std::to_string(camera_port_) +
           " }\n"
           "lanes { lane_id: \"L1\" debounce_ms: 3000 passage_timeout_ms: 3000\n"
           "  barrier { tcp { host: \"127.0.0.1\" port: " +
           std::to_string(barrier_port) +
           " } pulse_ms: 100 response_timeout_ms: 300 poll_interval_ms: 30 "
           "reconnect_interval_ms: 200 open_coil: 0 entry_loop_input: 0 boom_loop_input: 1 }\n"
           "}\n"
           "uplink { url: \"http://127.0.0.1:" +
           std::to_string(platform_port_) +
           "/api/v1\" batch_size: 20 interval_ms: 100 timeout_ms: 1000 }\n"
           "policy { version: \"test-1\" min_confidence: 0.8\n"
           "  stage_rules { vehicle_class: VEHICLE_CLASS_TRANSPORT min_stage: "
           "EMISSION_STAGE_CHINA_V }\n"
           "  stage_rules { vehicle_class: VEHICLE_CLASS_IN_PLANT min_stage: "
           "EMISSION_STAGE_ELECTRIC }\n"
           "}\n";
  }

  void prepare(int trucks, int barrier_port) {
    write_file(dir_ + "/gated.textproto", config(barrier_port));
    std::string out;
    ASSERT_EQ(run_command({kBin + "/gatectl", "ledger", "import", "--db", dir_ + "/gate.db",
                           kSource + "/sim/scenarios/demo/ledger.csv"},
                          &out),
              0)
        << out;
    std::string all = read_file(kSource + "/sim/scenarios/demo/trucks.csv");
    std::string head;
    int lines = 0;
    for (char c : all) {
      head += c;
      if (c == '\n' && ++lines > trucks) break;
    }
    write_file(dir_ + "/trucks.csv", head);
  }

  std::vector<std::string> sim_args(std::vector<std::string> extra) const {
    std::vector<std::string> a = {kBin + "/gate-sim",
                                  "run",
                                  "--trucks",
                                  dir_ + "/trucks.csv",
                                  "--camera-url",
                                  "http://127.0.0.1:" + std::to_string(camera_port_),
                                  "--modbus-port",
                                  std::to_string(modbus_port_),
                                  "--platform-port",
                                  std::to_string(platform_port_),
                                  "--decision-wait-ms",
                                  "600",
                                  "--upload-wait-ms",
                                  "20000",
                                  "--report",
                                  dir_ + "/report.json",
                                  "--quiet"};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  }

  std::string dir_;
  int camera_port_ = 0, modbus_port_ = 0, platform_port_ = 0;
};

// Every rising edge of the open coil happened while a truck whose passage was committed as
// PASS, before the edge, stood at the gate; no truck refused by the rules opened the barrier;
// every truck sent is in the database and at the platform.
TEST_F(GateEndToEnd, EveryOpeningHasACommittedPassageAndNoRefusedTruckOpens) {
  const int kTrucks = 40;
  prepare(kTrucks, modbus_port_);
  ChildProcess sim(sim_args({}), dir_ + "/sim.out", dir_ + "/sim.err");
  ChildProcess gated({kBin + "/gated", "--config", dir_ + "/gated.textproto"}, dir_ + "/gated.out",
                     dir_ + "/gated.err");
  ASSERT_EQ(sim.wait(150000), 0) << "gate-sim did not finish cleanly";
  ASSERT_TRUE(gated.running()) << "gated died during the run";
  ASSERT_EQ(gated.stop(), 0);

  auto report = nlohmann::json::parse(read_file(dir_ + "/report.json"));
  auto passages = read_passages(dir_ + "/gate.db");
  ASSERT_EQ(static_cast<int>(passages.size()), kTrucks);
  EXPECT_EQ(report["accepted"].get<int>(), kTrucks);

  std::map<std::string, std::vector<PassageRow>> by_plate;
  int pass = 0;
  for (const auto& p : passages) {
    by_plate[p.plate].push_back(p);
    pass += p.verdict == 1;
  }
  int rising = 0;
  for (const auto& c : report["coil_history"]) {
    if (!c["value"].get<bool>()) continue;
    ++rising;
    const std::string plate = c["plate"];
    const int64_t t = c["time_unix_ms"];
    ASSERT_FALSE(plate.empty()) << "barrier opened with no truck at the gate";
    // The decision in force for this truck when the coil rose: its latest passage before t.
    const PassageRow* latest = nullptr;
    for (const auto& p : by_plate[plate]) {
      if (p.committed_ms <= t) latest = &p;
    }
    ASSERT_NE(latest, nullptr) << "barrier opened for " << plate << " with no committed passage";
    EXPECT_EQ(latest->verdict, 1) << plate << " opened the barrier although refused by "
                                  << latest->rule;
  }
  EXPECT_EQ(rising, pass) << "every pass opens exactly once";
  EXPECT_EQ(report["opened"].get<int>(), pass);
  for (const auto& p : passages) {
    if (p.verdict == 1) {
      EXPECT_EQ(p.outcome, 2) << "passage " << p.seq << " " << p.plate << " not confirmed passed";
    } else {
      EXPECT_EQ(p.outcome, 3) << "refused passage " << p.seq << " should be turned away";
    }
  }
  // The platform got every passage exactly once.
  std::set<std::string> decision_keys;
  for (const auto& r : report["platform"]["records"]) {
    if (r["kind"] == "decision") decision_keys.insert(r["key"].get<std::string>());
  }
  EXPECT_EQ(static_cast<int>(decision_keys.size()), kTrucks);
  EXPECT_NE(read_file(dir_ + "/sim.out").find("every truck accounted for"), std::string::npos);
}

// The Modbus module vanishes for a while and the platform is down for a while: gated keeps
// deciding and recording, never opens while the module is gone, raises an alarm, reconnects,
// and every record reaches the platform once it is back.
TEST_F(GateEndToEnd, ModbusModuleAndPlatformOutagesLoseNothing) {
  const int kTrucks = 30;
  prepare(kTrucks, modbus_port_);
  ChildProcess sim(sim_args({"--modbus-offline", "8:8", "--platform-down", "4:14"}),
                   dir_ + "/sim.out", dir_ + "/sim.err");
  ChildProcess gated({kBin + "/gated", "--config", dir_ + "/gated.textproto"}, dir_ + "/gated.out",
                     dir_ + "/gated.err");
  ASSERT_EQ(sim.wait(150000), 0) << "gate-sim did not finish cleanly";
  ASSERT_TRUE(gated.running()) << "gated died during the outage";
  ASSERT_EQ(gated.stop(), 0);

  auto report = nlohmann::json::parse(read_file(dir_ + "/report.json"));
  auto passages = read_passages(dir_ + "/gate.db");
  ASSERT_EQ(static_cast<int>(passages.size()), kTrucks);
  const auto& trucks = report["trucks"];
  for (int i = 8; i < 16; ++i) {
    EXPECT_FALSE(trucks[i]["opened"].get<bool>()) << "opened while the module was gone";
  }
  int opened_after = 0;
  for (int i = 16; i < kTrucks; ++i) opened_after += trucks[i]["opened"].get<bool>();
  EXPECT_GT(opened_after, 0) << "the driver never reconnected";
  int faults = 0;
  for (const auto& p : passages) faults += p.outcome == 5;
  EXPECT_GT(faults, 0) << "passes during the outage must be recorded as barrier faults";
  std::string log = read_file(dir_ + "/gated.err");
  EXPECT_NE(log.find("ALARM"), std::string::npos);
  EXPECT_NE(log.find("barrier module"), std::string::npos);

  std::set<std::string> keys;
  for (const auto& r : report["platform"]["records"]) {
    if (r["kind"] == "decision") keys.insert(r["key"].get<std::string>());
  }
  EXPECT_EQ(static_cast<int>(keys.size()), kTrucks) << "records lost while the platform was down";
}

// Malformed camera events get 400 with a reason, an unknown lane 422; gated keeps running and
// still decides the next good event. With no barrier module at all, a pass is recorded as a
// barrier fault and the barrier stays closed.
TEST_F(GateEndToEnd, BadCameraEventsAreRefusedAndTheDaemonKeepsRunning) {
  prepare(1, free_port() /* nothing listens there: the module is absent */);
  ChildProcess gated({kBin + "/gated", "--config", dir_ + "/gated.textproto"}, dir_ + "/gated.out",
                     dir_ + "/gated.err");
  drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(camera_port_), "/"};
  ASSERT_TRUE(wait_until(
      [&] { return drivers::http_request(url, "GET", "/", "", "text/plain", 300).ok(); }, 10000));

  auto garbage = drivers::http_request(url, "POST", "/camera/vzenith/L1", "{not json",
                                       "application/json", 2000);
  ASSERT_TRUE(garbage.ok()) << garbage.error();
  EXPECT_EQ(garbage.value().status, 400);
  EXPECT_NE(garbage.value().body.find("JSON"), std::string::npos) << garbage.value().body;

  auto no_plate = drivers::http_request(url, "POST", "/camera/generic", R"({"lane":"L1"})",
                                        "application/json", 2000);
  ASSERT_TRUE(no_plate.ok());
  EXPECT_EQ(no_plate.value().status, 400);

  auto bad_lane =
      drivers::http_request(url, "POST", "/camera/generic", R"({"plate":"豫H12345","lane":"L9"})",
                            "application/json", 2000);
  ASSERT_TRUE(bad_lane.ok());
  EXPECT_EQ(bad_lane.value().status, 422);
  EXPECT_NE(bad_lane.value().body.find("L9"), std::string::npos);

  // An unknown plate: decided and recorded as refused.
  auto unknown = drivers::http_request(url, "POST", "/camera/generic",
                                       R"({"plate":"豫H99999","lane":"L1","confidence":0.95})",
                                       "application/json", 2000);
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown.value().status, 200);
  // A ledger truck that passes the rules: recorded, but the absent module cannot open.
  std::string ledger = read_file(kSource + "/sim/scenarios/demo/ledger.csv");
  auto line2 = ledger.substr(ledger.find('\n') + 1);
  std::string plate = line2.substr(0, line2.find(','));
  auto known = drivers::http_request(
      url, "POST", "/camera/generic",
      R"({"plate":")" + plate + R"(","lane":"L1","confidence":0.95})", "application/json", 2000);
  ASSERT_TRUE(known.ok());
  EXPECT_EQ(known.value().status, 200);

  ASSERT_TRUE(wait_until(
      [&] {
        auto ps = read_passages(dir_ + "/gate.db");
        return ps.size() == 2 && ps[1].outcome != 1;
      },
      10000));
  EXPECT_TRUE(gated.running());
  auto ps = read_passages(dir_ + "/gate.db");
  EXPECT_EQ(ps[0].plate, "豫H99999");
  EXPECT_EQ(ps[0].verdict, 2);
  EXPECT_EQ(ps[0].rule, "identity.unknown_vehicle");
  EXPECT_EQ(ps[1].plate, plate);
  EXPECT_EQ(ps[1].verdict, 1);
  EXPECT_EQ(ps[1].outcome, 5) << "pass with no barrier module must be a barrier fault";
  EXPECT_EQ(gated.stop(), 0);
  std::string log = read_file(dir_ + "/gated.err");
  EXPECT_NE(log.find("rejected event"), std::string::npos) << "malformed events are logged";
}

TEST_F(GateEndToEnd, BrokenConfigIsRefusedWithFileAndLine) {
  write_file(dir_ + "/bad.textproto",
             "gate_id: \"G\"\ndatabase_path: \"x.db\"\nlanes {\n  lane_id: \"L1\"\n"
             "  debounce_ms: -5\n  barrier { tcp { host: \"127.0.0.1\" port: 502 } }\n}\n"
             "policy { version: \"v\" }\n");
  std::string out;
  int rc = run_command({kBin + "/gated", "--config", dir_ + "/bad.textproto"}, &out, 10000);
  EXPECT_EQ(rc, 2);
  EXPECT_NE(out.find("bad.textproto:3:"), std::string::npos) << out;
  EXPECT_NE(out.find("debounce_ms"), std::string::npos) << out;

  write_file(dir_ + "/syntax.textproto", "gate_id: \"G\"\nlanes { lane_id: L1 }\n");
  rc = run_command({kBin + "/gated", "--config", dir_ + "/syntax.textproto"}, &out, 10000);
  EXPECT_EQ(rc, 2);
  EXPECT_NE(out.find("syntax.textproto:2:"), std::string::npos) << out;
}

}  // namespace
}  // namespace gate::testing
