// A lane whose barrier hangs on a Vzenith camera's relay, in a real gated on 127.0.0.1: the
// camera's push of a truck the lane passes is answered "info":"ok" (the camera pulses its relay)
// and the passage is confirmed by the lane's timeout, with the confirmation recorded; a refused
// truck's push is answered "info":"no"; a pass decided from another source, which no Vzenith
// answer carries, is a barrier fault with an ALARM and never opens later.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "drivers/http/http_client.h"
#include "tests/support/process.h"

namespace gate::testing {
namespace {

using json = nlohmann::json;
const std::string kBin = GATE_BIN_DIR;
constexpr const char* kPlate = "豫HF50BC";    // in the ledger below, China VI diesel: passes
constexpr const char* kUnknown = "豫H99999";  // not in the ledger: refused

// (outcome, confirmation) of each passage of `plate`, in order (gate.v1.PassageOutcome,
// gate.v1.PassageConfirmation).
std::vector<std::pair<int, int>> passages(const std::string& db_path, const std::string& plate) {
  sqlite3* db = nullptr;
  std::vector<std::pair<int, int>> out;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db,
                           "SELECT outcome, confirmation FROM passages WHERE plate_read = ? "
                           "ORDER BY seq",
                           -1, &st, nullptr) == SQLITE_OK) {
      sqlite3_bind_text(st, 1, plate.c_str(), -1, SQLITE_TRANSIENT);
      while (sqlite3_step(st) == SQLITE_ROW) {
        out.emplace_back(sqlite3_column_int(st, 0), sqlite3_column_int(st, 1));
      }
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return out;
}

class VzenithRelayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    camera_port_ = free_port();
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
    write_file(dir_ + "/gated.textproto",
               "gate_id: \"TEST-G1\"\ndatabase_path: \"gate.db\"\nutc_offset_minutes: 480\n"
               "camera { listen_address: \"127.0.0.1\" port: " +
                   std::to_string(camera_port_) +
                   " }\n"
                   "lanes { lane_id: \"L1\" debounce_ms: 50 passage_timeout_ms: 300\n"
                   "  barrier { camera_relay { vendor: VENDOR_VZENITH timeout_ms: 400 } }\n"
                   "}\npolicy { version: \"vzenith-relay-test\" }\n");
    gated_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{kBin + "/gated", "--config", dir_ + "/gated.textproto"},
        dir_ + "/gated.out", dir_ + "/gated.err");
    ASSERT_TRUE(wait_until([&] { return log().find("gated: ready:") != std::string::npos; }, 15000))
        << log();
  }
  void TearDown() override {
    if (HasFailure()) std::cerr << "--- gated stderr ---\n" << log().substr(0, 20000) << "\n";
    gated_.reset();
    remove_tree(dir_);
  }
  std::string log() const { return read_file(dir_ + "/gated.err"); }
  std::string db() const { return dir_ + "/gate.db"; }

  // The camera's push of `plate`; the "info" of gated's answer.
  std::string vzenith_push(const std::string& plate) {
    const json body = {
        {"AlarmInfoPlate",
         {{"serialno", "vz-entry-1"},
          {"result",
           {{"PlateResult", {{"license", plate}, {"colorType", 2}, {"confidence", 97}}}}}}}};
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(camera_port_), "/"};
    auto r = drivers::http_request(url, "POST", "/camera/vzenith/L1", body.dump(),
                                   "application/json", 5000);
    if (!r.ok() || r.value().status != 200) {
      ADD_FAILURE() << (r.ok() ? r.value().body : r.error());
      return "";
    }
    return json::parse(r.value().body).at("Response_AlarmInfoPlate").at("info");
  }

  std::string dir_;
  int camera_port_ = 0;
  std::unique_ptr<ChildProcess> gated_;
};

TEST_F(VzenithRelayTest, APassedTrucksPushIsAnsweredOkAndARefusedOnesNo) {
  EXPECT_EQ(vzenith_push(kPlate), "ok");
  // No loops: the lane's 300 ms timeout confirms the passage, and the record says so.
  ASSERT_TRUE(wait_until(
      [&] {
        return passages(db(), kPlate) == std::vector<std::pair<int, int>>{{2, 3}};
      },
      5000))
      << log();
  EXPECT_EQ(vzenith_push(kUnknown), "no");
  ASSERT_TRUE(wait_until([&] { return passages(db(), kUnknown).size() == 1; }, 5000));
  EXPECT_EQ(passages(db(), kUnknown)[0].first, 3);  // refused
  EXPECT_EQ(log().find("gated: ALARM"), std::string::npos) << log();
  EXPECT_EQ(gated_->stop(), 0);
}

TEST_F(VzenithRelayTest, APassNoAnswerCarriesIsABarrierFaultAndIsNeverCarriedLater) {
  // A generic push decides the truck, but only the Vzenith camera's own answer can open.
  const json event = {{"plate", kPlate}, {"lane", "L1"}, {"color", "yellow"}, {"confidence", 0.95}};
  drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(camera_port_), "/"};
  auto r =
      drivers::http_request(url, "POST", "/camera/generic", event.dump(), "application/json", 5000);
  ASSERT_TRUE(r.ok() && r.value().status == 200) << (r.ok() ? r.value().body : r.error());
  ASSERT_TRUE(wait_until(
      [&] {
        return passages(db(), kPlate) == std::vector<std::pair<int, int>>{{5, 0}};
      },
      5000))
      << log();
  EXPECT_NE(log().find("no plate push from the lane's Vzenith camera within 400 ms"),
            std::string::npos)
      << log();
  EXPECT_NE(log().find("ALARM lane L1: barrier did not open"), std::string::npos) << log();
  // The camera's next push (a truck the ledger does not know) must not carry the stale command.
  EXPECT_EQ(vzenith_push(kUnknown), "no");
  EXPECT_EQ(gated_->stop(), 0);
}

}  // namespace
}  // namespace gate::testing
