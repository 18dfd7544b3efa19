// A lane whose barrier hangs on the entrance camera's relay, in a real gated on 127.0.0.1: a
// plate event (generic push) opens the barrier through the virtual Hikvision camera (pulse
// counted, the passage confirmed by the lane's timeout), and a camera that never confirms
// leaves a barrier-fault record and ALARMs in gated's log.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

#include "drivers/http/http_client.h"
#include "sim/devices/relay_camera.h"
#include "tests/support/process.h"

namespace gate::testing {
namespace {

const std::string kBin = GATE_BIN_DIR;
const std::string kSource = GATE_SOURCE_DIR;
constexpr const char* kPlate = "豫HF50BC";  // in the ledger below, China VI diesel: passes

// The outcome (gate.v1.PassageOutcome) of each passage of `plate`, in order.
std::vector<int> outcomes(const std::string& db_path, const std::string& plate) {
  sqlite3* db = nullptr;
  std::vector<int> out;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return out;
  }
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT outcome FROM passages WHERE plate_read = ? ORDER BY seq", -1,
                         &st, nullptr) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, plate.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) out.push_back(sqlite3_column_int(st, 0));
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

class CameraRelayBarrierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    camera_port_ = free_port();
    sim::RelayCameraOptions o;
    o.vendor = sim::RelayVendor::kHikvision;
    o.password = "relay-integration-pw";
    auto relay = sim::RelayCamera::Start(o);
    ASSERT_TRUE(relay.ok()) << relay.error();
    relay_ = std::move(relay).value();
    write_file(dir_ + "/relay.password", "relay-integration-pw\n");
    write_file(dir_ + "/gated.textproto", config());
    write_file(dir_ + "/ledger.csv",
               "plate,plate_color,vehicle_class,vin,engine_no,registration_date,emission_stage,"
               "fuel_type,vehicle_type,use,fleet,owner,registration_code,valid_from,valid_until,"
               "suspended\n" +
                   std::string(kPlate) +
                   ",yellow,transport,LZZRE12G9HP1G3DB9,E170067,2018-04-10,6,B,N3,raw "
                   "material,fleet,demo,,2025-01-01,2099-12-31,0\n");
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
    relay_.reset();
    remove_tree(dir_);
  }

  std::string config() const {
    // The password file is relative to the config file, like every other path.
    return "gate_id: \"TEST-G1\"\ndatabase_path: \"gate.db\"\nutc_offset_minutes: 480\n"
           "camera { listen_address: \"127.0.0.1\" port: " +
           std::to_string(camera_port_) +
           " }\n"
           "lanes { lane_id: \"L1\" debounce_ms: 50 passage_timeout_ms: 300\n"
           "  barrier { camera_relay { vendor: VENDOR_HIKVISION host: \"127.0.0.1\" port: " +
           std::to_string(relay_->port()) +
           " channel: 1 user: \"admin\" password_file: \"relay.password\" timeout_ms: 500 "
           "probe_interval_ms: 200 } }\n"
           "}\npolicy { version: \"relay-test\" }\n";
  }

  void start_gated() {
    gated_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{kBin + "/gated", "--config", dir_ + "/gated.textproto"},
        dir_ + "/gated.out", dir_ + "/gated.err");
    ASSERT_TRUE(wait_until([&] { return log().find("gated: ready:") != std::string::npos; }, 15000))
        << log();
  }
  std::string log() const { return read_file(dir_ + "/gated.err"); }

  void post_plate() {
    nlohmann::json event = {{"plate", kPlate},
                            {"lane", "L1"},
                            {"color", "yellow"},
                            {"camera", "entry-1"},
                            {"confidence", 0.95}};
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(camera_port_), "/"};
    auto r = drivers::http_request(url, "POST", "/camera/generic", event.dump(), "application/json",
                                   5000);
    ASSERT_TRUE(r.ok()) << r.error();
    ASSERT_EQ(r.value().status, 200) << r.value().body;
  }

  std::string dir_;
  int camera_port_ = 0;
  std::unique_ptr<sim::RelayCamera> relay_;
  std::unique_ptr<ChildProcess> gated_;
};

TEST_F(CameraRelayBarrierTest, APlateEventOpensTheBarrierThroughTheCamerasRelay) {
  start_gated();
  post_plate();
  ASSERT_TRUE(wait_until([&] { return relay_->pulses() == 1; }, 5000)) << "no relay pulse";
  // No loops on this lane: the passage is confirmed when passage_timeout_ms has run out.
  ASSERT_TRUE(
      wait_until([&] { return outcomes(dir_ + "/gate.db", kPlate) == std::vector<int>{2}; }, 5000));
  EXPECT_EQ(log().find("ALARM"), std::string::npos) << log();
}

TEST_F(CameraRelayBarrierTest, ARelayThatNeverConfirmsIsABarrierFaultWithAnAlarm) {
  start_gated();
  relay_->set_behaviour(sim::RelayBehaviour::kSilent);
  post_plate();
  ASSERT_TRUE(
      wait_until([&] { return outcomes(dir_ + "/gate.db", kPlate) == std::vector<int>{5}; }, 5000))
      << "expected one BARRIER_FAULT passage";
  EXPECT_EQ(relay_->pulses(), 0);
  ASSERT_TRUE(wait_until(
      [&] { return log().find("ALARM lane L1: barrier did not open") != std::string::npos; },
      3000));
  EXPECT_NE(log().find("ALARM lane L1: barrier module fault: hikvision camera relay"),
            std::string::npos);
  // Never retried: the camera answering again does not open the barrier for that truck.
  relay_->set_behaviour(sim::RelayBehaviour::kConfirm);
  ASSERT_TRUE(wait_until(
      [&] { return log().find("barrier module answering again") != std::string::npos; }, 3000));
  EXPECT_EQ(relay_->pulses(), 0);
}

}  // namespace
}  // namespace gate::testing
