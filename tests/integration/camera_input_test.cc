// What a camera sends never decides a record's time nor holds up the lanes, in a real gated on
// 127.0.0.1: an event stamped 2100-01-01 is filed on the gate's day with the camera's time kept
// and one ALARM naming the camera; a PNG decompression bomb and a 7 MB "plate" are answered 400
// and recorded nowhere, while another lane's truck is still decided at once.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <future>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "drivers/camera/plate_event.h"
#include "drivers/http/http_client.h"
#include "rules/local_time.h"
#include "tests/support/gate_config.h"
#include "tests/support/process.h"
#include "tests/support/test_images.h"

namespace gate::testing {
namespace {

using json = nlohmann::json;

const std::string kBin = GATE_BIN_DIR;
constexpr int64_t k2100 = 4102416000000;  // 2100-01-01 00:00:00 +08:00

int64_t system_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct Row {
  std::string lane, plate;
  int64_t time_ms = 0, camera_time_ms = 0;
};

std::vector<Row> passages(const std::string& db_path) {
  std::vector<Row> rows;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db,
                           "SELECT lane_id, plate_read, time_unix_ms, "
                           "IFNULL(camera_time_unix_ms, 0) FROM passages ORDER BY seq",
                           -1, &st, nullptr) == SQLITE_OK) {
      while (sqlite3_step(st) == SQLITE_ROW) {
        rows.push_back({reinterpret_cast<const char*>(sqlite3_column_text(st, 0)),
                        reinterpret_cast<const char*>(sqlite3_column_text(st, 1)),
                        sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3)});
      }
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return rows;
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

class CameraInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    camera_port_ = free_port();
    OneLaneGate g;
    g.camera_port = camera_port_;
    g.database_path = dir_ + "/gate.db";
    g.policy_version = "camera-input-test";
    // A second lane: its trucks must not wait for what L1's camera sends.
    g.extra =
        "lanes { lane_id: \"L2\" debounce_ms: 50 passage_timeout_ms: 500\n"
        "  barrier { tcp { host: \"127.0.0.1\" port: " +
        std::to_string(free_port()) +
        " } pulse_ms: 100 response_timeout_ms: 200 reconnect_interval_ms: 200\n"
        "    open_coil: 0 entry_loop_input: 0 boom_loop_input: 1 poll_interval_ms: 15 }\n"
        "}\n";
    write_file(dir_ + "/gated.textproto", one_lane_gate_config(g));
  }
  void TearDown() override {
    if (HasFailure()) {
      const std::string log = read_file(dir_ + "/gated.err");
      std::cerr << "--- gated stderr (first 20000 bytes) ---\n" << log.substr(0, 20000) << "\n";
    }
    remove_tree(dir_);
  }

  void start_gated() {
    gated_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{kBin + "/gated", "--config", dir_ + "/gated.textproto"},
        dir_ + "/gated.out", dir_ + "/gated.err");
    ASSERT_TRUE(wait_until([&] { return log().find("gated: ready:") != std::string::npos; }, 15000))
        << log();
  }
  std::string log() const { return read_file(dir_ + "/gated.err"); }

  drivers::HttpReply post(const std::string& target, const std::string& body) {
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(camera_port_), "/"};
    auto r = drivers::http_request(url, "POST", target, body, "application/json", 5000);
    EXPECT_TRUE(r.ok()) << target << ": " << (r.ok() ? "" : r.error());
    return r.ok() ? r.value() : drivers::HttpReply{};
  }

  std::string dir_;
  int camera_port_ = 0;
  std::unique_ptr<ChildProcess> gated_;
};

TEST_F(CameraInputTest, ACameraStampingTheYear2100IsFiledOnTheGatesDayWithOneAlarm) {
  start_gated();
  const int64_t before = system_ms();
  json event = {{"plate", "豫Z21001"},  {"lane", "L1"},          {"color", "yellow"},
                {"camera", "cam-2100"}, {"time_unix_ms", k2100}, {"confidence", 0.95}};
  ASSERT_EQ(post("/camera/generic", event.dump()).status, 200);
  ASSERT_TRUE(wait_until([&] { return passages(dir_ + "/gate.db").size() == 1; }, 5000));
  // The same camera again, still off: no second alarm.
  event["plate"] = "豫Z21002";
  event["time_unix_ms"] = k2100 + 60000;
  ASSERT_EQ(post("/camera/generic", event.dump()).status, 200);
  ASSERT_TRUE(wait_until([&] { return passages(dir_ + "/gate.db").size() == 2; }, 5000));
  const int64_t after = system_ms();

  for (const Row& p : passages(dir_ + "/gate.db")) {
    EXPECT_GE(p.time_ms, before) << p.plate << ": stamped with the gate's clock";
    EXPECT_LE(p.time_ms, after) << p.plate;
    EXPECT_EQ(rules::local_date(p.time_ms, 480), rules::local_date(after, 480));
    EXPECT_GE(p.camera_time_ms, k2100) << p.plate << ": the camera's time kept as evidence";
  }
  ASSERT_TRUE(
      wait_until([&] { return log().find("ALARM camera cam-2100") != std::string::npos; }, 5000));
  EXPECT_EQ(count(log(), "ALARM camera cam-2100 at lane L1: its clock is "), 1u) << log();
  EXPECT_NE(log().find("days ahead of the gate's (camera 2100-01-01 00:00:00"), std::string::npos)
      << log();

  // The record as auditors read it: the gate's time, and the camera's beside it.
  std::string out;
  ASSERT_EQ(run_command({kBin + "/gatectl", "passages", "list", "--db", dir_ + "/gate.db",
                         "--format", "json"},
                        &out),
            0)
      << out;
  const json listed = json::parse(out.substr(out.find('[')));
  ASSERT_EQ(listed.size(), 2u) << out;
  EXPECT_EQ(listed[0]["camera_time"], "2100-01-01 00:00:00");
  EXPECT_EQ(listed[0]["camera_time_unix_ms"], k2100);
  EXPECT_EQ(listed[0]["time"].get<std::string>().substr(0, 10), rules::local_date(after, 480));
  EXPECT_EQ(gated_->stop(), 0);
}

TEST_F(CameraInputTest, ABombAndAHugePlateAre400WhileAnotherLaneIsDecidedAtOnce) {
  start_gated();
  json bomb = {
      {"AlarmInfoPlate",
       {{"serialno", "vz-bomb"},
        {"result",
         {{"PlateResult",
           {{"license", "豫Z66666"},
            {"confidence", 95},
            {"imageFile", drivers::base64_encode(test_support::png_claiming(50000, 50000))}}}}}}}};
  auto bombed =
      std::async(std::launch::async, [&] { return post("/camera/vzenith/L1", bomb.dump()); });
  const auto sent = std::chrono::steady_clock::now();
  ASSERT_EQ(post("/camera/generic", json{{"plate", "豫Z22222"}, {"lane", "L2"}}.dump()).status,
            200);
  ASSERT_TRUE(wait_until(
      [&] {
        for (const Row& p : passages(dir_ + "/gate.db")) {
          if (p.plate == "豫Z22222") return true;
        }
        return false;
      },
      3000))
      << "L2's truck was not decided within 3 s";
  const auto decided_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - sent)
          .count();
  const drivers::HttpReply refused = bombed.get();
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("PNG of 50000x50000 pixels is over the limit"), std::string::npos)
      << refused.body;

  const std::string huge(7 * 1024 * 1024, 'A');
  const drivers::HttpReply plate =
      post("/camera/generic", json{{"plate", huge}, {"lane", "L1"}}.dump());
  EXPECT_EQ(plate.status, 400);
  EXPECT_NE(plate.body.find("plate is not a plate read: it is 7340032 bytes long"),
            std::string::npos)
      << plate.body.substr(0, 300);

  const auto rows = passages(dir_ + "/gate.db");
  ASSERT_EQ(rows.size(), 1u) << "only L2's truck is recorded";
  EXPECT_EQ(rows[0].lane, "L2");
  EXPECT_EQ(gated_->stop(), 0);
  EXPECT_LT(log().size(), 64u * 1024) << "the 7 MB plate must not reach the log";
  EXPECT_NE(log().find("camera: rejected event from 127.0.0.1:"), std::string::npos);
  std::cerr << "L2 decided " << decided_ms << " ms after L1's bomb was sent\n";
}

}  // namespace
}  // namespace gate::testing
