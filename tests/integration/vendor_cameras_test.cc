// Hikvision and Dahua cameras at a real gated on 127.0.0.1, each declared for its lane: a
// Hikvision ISAPI multipart alarm (HTTP Basic) decides lane L1's truck and a Dahua ITSAPI push
// (path token) lane L2's, each opening its lane's simulated Modbus barrier; the same Hikvision
// alarm from 127.0.0.2, a host that is no declared camera, is refused with 403 and an ALARM
// naming that address, and reaches no lane; a plate pushed while nothing is on the entry loop
// is recorded as no_vehicle_present and opens nothing; with no I/O module, each vendor's event
// opens its own camera's relay.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <string>
#include <vector>

#include "drivers/camera/plate_event.h"
#include "sim/devices/barrier_slave.h"
#include "sim/devices/relay_camera.h"
#include "tests/drivers/camera/camera_push_samples.h"
#include "tests/support/bound_http.h"
#include "tests/support/process.h"

namespace gate::testing {
namespace {

const std::string kBin = GATE_BIN_DIR;
const std::string kSource = GATE_SOURCE_DIR;
const std::string kToken = "dahua-l2-0123456789abcdef";

struct Row {
  std::string lane, plate, source;
  int verdict = 0;
  int64_t camera_time_ms = 0;
  int outcome = 0;
};

std::vector<Row> passages(const std::string& db_path) {
  std::vector<Row> rows;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db,
                           "SELECT lane_id, plate_read, verdict, IFNULL(camera_time_unix_ms, 0), "
                           "outcome FROM passages ORDER BY seq",
                           -1, &st, nullptr) == SQLITE_OK) {
      while (sqlite3_step(st) == SQLITE_ROW) {
        rows.push_back({reinterpret_cast<const char*>(sqlite3_column_text(st, 0)),
                        reinterpret_cast<const char*>(sqlite3_column_text(st, 1)), "",
                        sqlite3_column_int(st, 2), sqlite3_column_int64(st, 3),
                        sqlite3_column_int(st, 4)});
      }
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return rows;
}

// China V diesel transport trucks of the demo ledger (stage 5, fuel B, not suspended).
std::vector<std::string> china_v_trucks(std::size_t n) {
  const std::string csv = read_file(kSource + "/sim/scenarios/demo/ledger.csv");
  std::vector<std::string> plates;
  std::size_t pos = csv.find('\n') + 1;
  while (pos < csv.size() && plates.size() < n) {
    const std::size_t end = csv.find('\n', pos);
    const std::string line = csv.substr(pos, end - pos);
    std::vector<std::string> f;
    std::size_t a = 0;
    for (std::size_t b; (b = line.find(',', a)) != std::string::npos; a = b + 1) {
      f.push_back(line.substr(a, b - a));
    }
    f.push_back(line.substr(a));
    if (f.size() > 15 && f[2] == "transport" && f[6] == "5" && f[7] == "B" && f[15] == "0") {
      plates.push_back(f[0]);
    }
    pos = end + 1;
  }
  return plates;
}

int64_t system_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// `ms` as China Standard Time, "YYYY-MM-DD<sep>HH:MM:SS".
std::string china_time(int64_t ms, char sep) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000 + 8 * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d%c%02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, sep, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

const char* kPolicy =
    "id: \"vendor-cameras\"\nversion: \"v1\"\nsource: \"integration test\"\n"
    "rule_sets {\n  id: \"base\"\n  source: \"test\"\n  identity { min_confidence: 0.5 }\n"
    "  manual { min_reason_chars: 2 }\n"
    "  stage_rules { vehicle_class: VEHICLE_CLASS_TRANSPORT min_stage: EMISSION_STAGE_CHINA_V }\n"
    "}\n";

std::string modbus_barrier(uint16_t port) {
  return "tcp { host: \"127.0.0.1\" port: " + std::to_string(port) +
         " } pulse_ms: 100 response_timeout_ms: 300 reconnect_interval_ms: 200\n"
         "    open_coil: 0 entry_loop_input: 0 boom_loop_input: 1 poll_interval_ms: 15";
}

// The entrance camera's relay (docs/barrier.md), `vendor` VENDOR_HIKVISION or VENDOR_DAHUA.
std::string relay_barrier(const std::string& vendor, uint16_t port) {
  return "camera_relay { vendor: " + vendor + " host: \"127.0.0.1\" port: " + std::to_string(port) +
         " user: \"admin\" password_file: \"relay.password\" timeout_ms: 1000 }";
}

std::string lane_block(const std::string& id, const std::string& barrier,
                       const std::string& camera) {
  return "lanes { lane_id: \"" + id + "\" debounce_ms: 100 passage_timeout_ms: 2000\n" +
         "  barrier { " + barrier + " }\n  push_cameras { " + camera + " }\n}\n";
}

class VendorCamerasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    camera_port_ = free_port();
    for (auto* slave : {&l1_, &l2_}) {
      auto s = sim::BarrierSlave::Start(sim::BarrierSlaveOptions{});
      ASSERT_TRUE(s.ok()) << s.error();
      *slave = std::move(s).value();
    }
    write_file(dir_ + "/hik.password", "hik-pass-1\n");
    write_file(dir_ + "/relay.password", "relay-pass-1\n");
    write_file(dir_ + "/policy.textproto", kPolicy);
    write_config(modbus_barrier(l1_->port()), modbus_barrier(l2_->port()));
    std::string out;
    ASSERT_EQ(run_command({kBin + "/gatectl", "ledger", "import", "--db", dir_ + "/gate.db",
                           kSource + "/sim/scenarios/demo/ledger.csv"},
                          &out),
              0)
        << out;
  }
  void write_config(const std::string& l1_barrier, const std::string& l2_barrier) {
    write_file(
        dir_ + "/gated.textproto",
        "gate_id: \"TEST-G1\"\ndatabase_path: \"gate.db\"\nutc_offset_minutes: 480\n"
        "camera { listen_address: \"127.0.0.1\" port: " +
            std::to_string(camera_port_) + " }\n" +
            lane_block("L1", l1_barrier,
                       "camera_id: \"hik-L1\" vendor: PUSH_CAMERA_VENDOR_HIKVISION "
                       "source_address: \"127.0.0.1\" auth: PUSH_CAMERA_AUTH_BASIC "
                       "username: \"hik\" password_file: \"hik.password\"") +
            lane_block("L2", l2_barrier,
                       "camera_id: \"dahua-L2\" vendor: PUSH_CAMERA_VENDOR_DAHUA "
                       "source_address: \"127.0.0.1\" auth: PUSH_CAMERA_AUTH_PATH_TOKEN token: \"" +
                           kToken + "\"") +
            "policy_file: \"policy.textproto\"\n"
            "enterprise { industry: \"coking\" grade: PERFORMANCE_GRADE_B }\n");
  }
  void TearDown() override {
    if (HasFailure()) std::cerr << "--- gated stderr ---\n" << log().substr(0, 20000) << "\n";
    remove_tree(dir_);
  }
  std::string log() const { return read_file(dir_ + "/gated.err"); }

  test_support::BoundReply dahua_push(const std::string& plate) {
    const std::string dahua = test_support::camera_sample(
        "dahua_tollgate.json",
        {{"PLATE", plate}, {"LOCALTIME", china_time(system_ms(), ' ') + ".000"}});
    return test_support::bound_request("127.0.0.1", static_cast<uint16_t>(camera_port_), "POST",
                                       "/camera/dahua/L2/" + kToken, dahua, "application/json");
  }

  test_support::BoundReply hikvision_alarm(const std::string& from, const std::string& plate,
                                           int seed) {
    const std::string xml = test_support::camera_sample(
        "hikvision_anpr.xml",
        {{"PLATE", plate}, {"DATETIME", china_time(system_ms(), 'T') + "+08:00"}});
    return test_support::bound_request(
        from, static_cast<uint16_t>(camera_port_), "POST", "/camera/hikvision/L1",
        test_support::hikvision_multipart(xml, seed), test_support::kHikvisionContentType,
        {{"Authorization", "Basic " + drivers::base64_encode("hik:hik-pass-1")}});
  }

  std::string dir_;
  int camera_port_ = 0;
  std::unique_ptr<sim::BarrierSlave> l1_, l2_;
};

TEST_F(VendorCamerasTest, HikvisionAndDahuaDecideTrucksAndAnotherHostIsRefused) {
  const auto trucks = china_v_trucks(2);
  ASSERT_EQ(trucks.size(), 2u) << "the demo ledger needs two China V diesel trucks";
  ChildProcess gated({kBin + "/gated", "--config", dir_ + "/gated.textproto"}, dir_ + "/gated.out",
                     dir_ + "/gated.err");
  ASSERT_TRUE(wait_until([&] { return log().find("gated: ready:") != std::string::npos; }, 15000));

  l1_->set_entry_loop(true);  // a truck at each lane
  l2_->set_entry_loop(true);
  const auto hik = hikvision_alarm("127.0.0.1", trucks[0], 0);
  EXPECT_EQ(hik.status, 200) << hik.body;
  const auto dh = dahua_push(trucks[1]);
  EXPECT_EQ(dh.status, 200) << dh.body;
  ASSERT_TRUE(wait_until([&] { return passages(dir_ + "/gate.db").size() == 2; }, 10000));
  ASSERT_TRUE(wait_until([&] { return l1_->open_count() == 1 && l2_->open_count() == 1; }, 5000))
      << "L1 opened " << l1_->open_count() << ", L2 " << l2_->open_count();
  for (const Row& r : passages(dir_ + "/gate.db")) {
    EXPECT_EQ(r.verdict, 1) << r.lane << " " << r.plate << ": China V transport passes";
    EXPECT_GT(r.camera_time_ms, 0) << r.lane << ": the camera's stamp is kept";
    EXPECT_EQ(r.plate, r.lane == "L1" ? trucks[0] : trucks[1]);
  }

  // Another host on the LAN, same body and even the right password: refused before parsing.
  const auto forged = hikvision_alarm("127.0.0.2", trucks[1], 1);
  EXPECT_EQ(forged.status, 403) << forged.body;
  ASSERT_TRUE(wait_until(
      [&] { return log().find("ALARM camera push refused from 127.0.0.2") != std::string::npos; },
      5000));
  usleep(300 * 1000);
  EXPECT_EQ(passages(dir_ + "/gate.db").size(), 2u) << "the forged plate reached no lane";
  EXPECT_EQ(l1_->open_count(), 1);
  EXPECT_EQ(gated.stop(), 0);
}

TEST_F(VendorCamerasTest, APlateReadWithNothingOnTheEntryLoopOpensNothing) {
  const auto trucks = china_v_trucks(1);
  ASSERT_EQ(trucks.size(), 1u);
  ChildProcess gated({kBin + "/gated", "--config", dir_ + "/gated.textproto"}, dir_ + "/gated.out",
                     dir_ + "/gated.err");
  ASSERT_TRUE(wait_until([&] { return log().find("gated: ready:") != std::string::npos; }, 15000));

  // The camera's own credentials and address, a truck the ledger admits, but an empty lane.
  const auto hik = hikvision_alarm("127.0.0.1", trucks[0], 2);
  EXPECT_EQ(hik.status, 200) << hik.body;
  ASSERT_TRUE(wait_until(
      [&] {
        const auto rows = passages(dir_ + "/gate.db");
        return rows.size() == 1 && rows[0].outcome == 7;  // PASSAGE_OUTCOME_NO_VEHICLE_PRESENT
      },
      10000))
      << "the read must be recorded as no_vehicle_present";
  EXPECT_EQ(passages(dir_ + "/gate.db")[0].verdict, 1) << "decided pass: the ledger admits it";
  EXPECT_NE(log().find("no vehicle is on the entry loop"), std::string::npos) << "an ALARM";
  EXPECT_EQ(l1_->open_count(), 0) << "nothing opened for a plate with no truck";
  EXPECT_EQ(gated.stop(), 0);
}

// No I/O module: each lane's barrier is its camera's relay, commanded over the vendor's API.
TEST_F(VendorCamerasTest, HikvisionAndDahuaEventsOpenTheirCamerasRelays) {
  const auto trucks = china_v_trucks(2);
  ASSERT_EQ(trucks.size(), 2u);
  std::unique_ptr<sim::RelayCamera> relays[2];
  const sim::RelayVendor vendors[2] = {sim::RelayVendor::kHikvision, sim::RelayVendor::kDahua};
  for (int i = 0; i < 2; ++i) {
    sim::RelayCameraOptions o;
    o.vendor = vendors[i];
    o.password = "relay-pass-1";
    auto relay = sim::RelayCamera::Start(o);
    ASSERT_TRUE(relay.ok()) << relay.error();
    relays[i] = std::move(relay).value();
  }
  write_config(relay_barrier("VENDOR_HIKVISION", relays[0]->port()),
               relay_barrier("VENDOR_DAHUA", relays[1]->port()));
  ChildProcess gated({kBin + "/gated", "--config", dir_ + "/gated.textproto"}, dir_ + "/gated.out",
                     dir_ + "/gated.err");
  ASSERT_TRUE(wait_until([&] { return log().find("gated: ready:") != std::string::npos; }, 15000));

  EXPECT_EQ(hikvision_alarm("127.0.0.1", trucks[0], 3).status, 200);
  EXPECT_EQ(dahua_push(trucks[1]).status, 200);
  ASSERT_TRUE(
      wait_until([&] { return relays[0]->pulses() == 1 && relays[1]->pulses() == 1; }, 10000))
      << "Hikvision relay pulsed " << relays[0]->pulses() << ", Dahua " << relays[1]->pulses();
  // No loops: each passage is confirmed by the lane's timeout (2 s), and the record says so.
  ASSERT_TRUE(wait_until(
      [&] {
        const auto rows = passages(dir_ + "/gate.db");
        return rows.size() == 2 && rows[0].outcome == 2 && rows[1].outcome == 2;
      },
      10000));
  for (const Row& r : passages(dir_ + "/gate.db")) {
    EXPECT_EQ(r.plate, r.lane == "L1" ? trucks[0] : trucks[1]);
  }
  EXPECT_EQ(l1_->open_count() + l2_->open_count(), 0) << "the Modbus modules are not wired";
  EXPECT_EQ(log().find("gated: ALARM"), std::string::npos) << log();
  EXPECT_EQ(gated.stop(), 0);
}

}  // namespace
}  // namespace gate::testing
