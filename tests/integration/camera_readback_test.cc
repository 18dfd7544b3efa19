// Read-back in a real gated on 127.0.0.1 against a `gate-sim relay-camera` process standing in
// for the Hikvision camera's API: a push whose capture the camera holds opens the lane's
// (simulated Modbus) barrier; a push of a plate the camera never captured, from the declared
// camera's address with its credentials, is refused with 403 and an ALARM, and nothing opens.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "drivers/http/digest_client.h"
#include "sim/devices/barrier_slave.h"
#include "tests/drivers/camera/camera_push_samples.h"
#include "tests/support/bound_http.h"
#include "tests/support/process.h"

namespace gate::testing {
namespace {

const std::string kBin = GATE_BIN_DIR;
constexpr const char* kCaptured = "豫HF50BC";  // in the ledger below: passes
constexpr const char* kForged = "豫HF50BD";    // in the ledger too: would pass if it got through
const std::string kApiPassword = "reader-integration-pw";

int passage_count(const std::string& db_path) {
  sqlite3* db = nullptr;
  int n = -1;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM passages", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      n = sqlite3_column_int(st, 0);
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return n;
}

int64_t system_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// `ms` as China Standard Time, ISO 8601 with its zone.
std::string china_iso_time(int64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000 + 8 * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string ledger_row(const std::string& plate, const std::string& vin) {
  return plate + ",yellow,transport," + vin +
         ",E170067,2018-04-10,6,B,N3,raw material,fleet,demo,,2025-01-01,2099-12-31,0\n";
}

class CameraReadbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    camera_port_ = free_port();
    api_port_ = free_port();
    auto slave = sim::BarrierSlave::Start(sim::BarrierSlaveOptions{});
    ASSERT_TRUE(slave.ok()) << slave.error();
    barrier_ = std::move(slave).value();
    write_file(dir_ + "/api.password", kApiPassword + "\n");
    write_file(dir_ + "/gated.textproto", config());
    write_file(dir_ + "/ledger.csv",
               "plate,plate_color,vehicle_class,vin,engine_no,registration_date,emission_stage,"
               "fuel_type,vehicle_type,use,fleet,owner,registration_code,valid_from,valid_until,"
               "suspended\n" +
                   ledger_row(kCaptured, "LZZRE12G9HP1G3DB9") +
                   ledger_row(kForged, "LZZRE12G7HP1G3DC1"));
    std::string out;
    ASSERT_EQ(run_command({kBin + "/gatectl", "ledger", "import", "--db", dir_ + "/gate.db",
                           dir_ + "/ledger.csv"},
                          &out),
              0)
        << out;
  }
  void TearDown() override {
    if (HasFailure()) std::cerr << "--- gated stderr ---\n" << log().substr(0, 20000) << "\n";
    gated_.reset();
    camera_.reset();
    barrier_.reset();
    remove_tree(dir_);
  }

  std::string config() const {
    return "gate_id: \"TEST-G1\"\ndatabase_path: \"gate.db\"\nutc_offset_minutes: 480\n"
           "camera { listen_address: \"127.0.0.1\" port: " +
           std::to_string(camera_port_) +
           " }\n"
           "lanes { lane_id: \"L1\" debounce_ms: 50 passage_timeout_ms: 300\n"
           "  barrier { tcp { host: \"127.0.0.1\" port: " +
           std::to_string(barrier_->port()) +
           " } pulse_ms: 100 response_timeout_ms: 300 reconnect_interval_ms: 200\n"
           "    open_coil: 0 entry_loop_input: 0 boom_loop_input: 1 poll_interval_ms: 15 }\n"
           "  push_cameras { camera_id: \"hik-L1\" vendor: PUSH_CAMERA_VENDOR_HIKVISION "
           "source_address: \"127.0.0.1\" auth: PUSH_CAMERA_AUTH_NONE api_port: " +
           std::to_string(api_port_) +
           " api_user: \"reader\" api_password_file: \"api.password\" }\n"
           "}\npolicy { version: \"readback-test\" }\n";
  }

  void start_processes() {
    camera_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{kBin + "/gate-sim", "relay-camera", "--port",
                                 std::to_string(api_port_), "--user", "reader", "--password-file",
                                 dir_ + "/api.password", "--utc-offset-minutes", "480"},
        dir_ + "/camera.out", dir_ + "/camera.err");
    ASSERT_TRUE(wait_until(
        [&] { return read_file(dir_ + "/camera.out").find("listening") != std::string::npos; },
        10000))
        << read_file(dir_ + "/camera.err");
    gated_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{kBin + "/gated", "--config", dir_ + "/gated.textproto"},
        dir_ + "/gated.out", dir_ + "/gated.err");
    ASSERT_TRUE(wait_until([&] { return log().find("gated: ready:") != std::string::npos; }, 15000))
        << log();
  }
  std::string log() const { return read_file(dir_ + "/gated.err"); }

  // What a gate-sim scenario does for each plate it pushes: the camera holds the capture.
  void camera_captured(const std::string& plate, int64_t ms) {
    drivers::DigestRequest r;
    r.method = "POST";
    r.target = "/sim/captures";
    r.body = nlohmann::json{{"plate", plate}, {"time_unix_ms", ms}}.dump();
    r.content_type = "application/json";
    r.user = "reader";
    r.password = kApiPassword;
    auto reply = drivers::http_request_with_digest(
        drivers::HttpUrl{"127.0.0.1", static_cast<uint16_t>(api_port_), r.target}, r);
    ASSERT_TRUE(reply.ok()) << reply.error();
    ASSERT_EQ(reply.value().status, 200) << reply.value().body;
  }

  test_support::BoundReply push(const std::string& plate, int64_t ms, int seed) {
    const std::string xml = test_support::camera_sample(
        "hikvision_anpr.xml", {{"PLATE", plate}, {"DATETIME", china_iso_time(ms)}});
    return test_support::bound_request(
        "127.0.0.1", static_cast<uint16_t>(camera_port_), "POST", "/camera/hikvision/L1",
        test_support::hikvision_multipart(xml, seed), test_support::kHikvisionContentType);
  }

  std::string dir_;
  int camera_port_ = 0;
  int api_port_ = 0;
  std::unique_ptr<sim::BarrierSlave> barrier_;
  std::unique_ptr<ChildProcess> camera_;
  std::unique_ptr<ChildProcess> gated_;
};

TEST_F(CameraReadbackTest, ACapturedPlateOpensTheBarrierAPlateNeverCapturedOpensNothing) {
  start_processes();
  barrier_->set_entry_loop(true);  // a truck at the lane: only the read-back decides
  EXPECT_NE(log().find("hik-L1's events are confirmed by read-back from 127.0.0.1:" +
                       std::to_string(api_port_)),
            std::string::npos);
  const int64_t now = system_ms();
  camera_captured(kCaptured, now);
  const auto confirmed = push(kCaptured, now, 1);
  EXPECT_EQ(confirmed.status, 200) << confirmed.body;
  ASSERT_TRUE(wait_until([&] { return barrier_->open_count() == 1; }, 5000)) << "no opening";
  ASSERT_TRUE(wait_until([&] { return passage_count(dir_ + "/gate.db") == 1; }, 5000));
  EXPECT_NE(log().find("read-back confirmed camera hik-L1"), std::string::npos) << log();

  // Same camera address, same (no) credentials, a plate the camera never read.
  const auto forged = push(kForged, system_ms(), 2);
  EXPECT_EQ(forged.status, 403) << forged.body;
  ASSERT_TRUE(wait_until(
      [&] {
        return log().find("ALARM camera event refused: camera hik-L1 (127.0.0.1) lane L1 plate " +
                          std::string(kForged) + " not confirmed by the camera") !=
               std::string::npos;
      },
      5000))
      << log();
  // The 403 came after the lane's queue was done with it: nothing reached the lane.
  EXPECT_EQ(passage_count(dir_ + "/gate.db"), 1);
  EXPECT_EQ(barrier_->open_count(), 1);
}

}  // namespace
}  // namespace gate::testing
