// A real gated uploading through a field-map platform profile to a real `gate-sim
// profile-platform` process on 127.0.0.1, for each shipped field-map profile: every passage
// arrives once by its serial, checked strictly against the profile; the platform ends the token
// mid-run → gated logs in again and loses nothing; the platform down for a while → everything
// delivered after, the late ones flagged the profile's way; a platform that refuses records →
// parked with its reason; photos sent as messages of their own arrive once, and one the
// platform refuses is parked alone; gated killed (-9) while the platform holds a request →
// nothing lost after the restart.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "drivers/camera/plate_event.h"
#include "drivers/http/http_client.h"
#include "tests/support/process.h"

namespace gate::testing {
namespace {

using json = nlohmann::json;
const std::string kBin = GATE_BIN_DIR;
const std::string kPlatforms = std::string(GATE_SOURCE_DIR) + "/deploy/platforms/";

struct Profile {
  std::string file;
  std::string settings;  // key=value lines, the same in gated's config and the platform's file
  std::string plate_field;
  std::string cargo_quantity_field = "";  // the cargo message's quantity; "" = no cargo message
};

const Profile kTransportControl{kPlatforms + "transport-control.textproto",
                                "organ=JZ-EPB\nusername=gate01\npassword=pw-1\n"
                                "enterprise_code=410800001\nenterprise_name=焦作某钢厂\n"
                                "gate_code=G01\n",
                                "cphm", "ysl"};
const Profile kTokenRest{kPlatforms + "token-rest.textproto",
                         "company_code=C1\ncompany_num=7\ncompany_password=pw-2\ngate_code=G01\n",
                         "", "netWeight"};
// Written only as a file: no such platform, no C++ for it.
const Profile kMadeUp{
    std::string(GATE_SOURCE_DIR) + "/tests/integration/data/made-up-platform.textproto",
    "account=acc-9\nsecret=s-9\nsite=JZ-7\n", ""};

void PrintTo(const Profile& p, std::ostream* os) {
  *os << p.file;
}

class PlatformProfileTest : public ::testing::TestWithParam<Profile> {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    camera_port_ = free_port();
    write_file(dir_ + "/settings.txt", GetParam().settings);
    import_ledger();
    platform_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{kBin + "/gate-sim", "profile-platform", "--profile",
                                 GetParam().file, "--settings", dir_ + "/settings.txt", "--slow-ms",
                                 "4000"},
        dir_ + "/platform.out", dir_ + "/platform.err");
    const std::string marker = "listening on 127.0.0.1:";
    ASSERT_TRUE(wait_until(
        [&] { return read_file(dir_ + "/platform.out").find(marker) != std::string::npos; }, 10000))
        << read_file(dir_ + "/platform.err");
    const std::string out = read_file(dir_ + "/platform.out");
    platform_port_ = std::stoi(out.substr(out.find(marker) + marker.size()));
    std::string settings;
    std::istringstream lines(GetParam().settings);
    for (std::string l; std::getline(lines, l);) {
      const auto eq = l.find('=');
      settings += "  platform_settings { key: \"" + l.substr(0, eq) + "\" value: \"" +
                  l.substr(eq + 1) + "\" }\n";
    }
    write_file(dir_ + "/gated.textproto",
               "gate_id: \"TEST-G1\"\ndatabase_path: \"gate.db\"\nutc_offset_minutes: 480\n"
               "camera { listen_address: \"127.0.0.1\" port: " +
                   std::to_string(camera_port_) +
                   " }\n"
                   "lanes { lane_id: \"L1\" debounce_ms: 50 passage_timeout_ms: 200\n"
                   "  barrier { camera_relay { vendor: VENDOR_VZENITH } }\n"
                   "  push_cameras { camera_id: \"vz-L1\" vendor: PUSH_CAMERA_VENDOR_VZENITH "
                   "source_address: \"127.0.0.1\" auth: PUSH_CAMERA_AUTH_NONE } }\n"
                   "policy { version: \"profile-test\" }\n"
                   "uplink { url: \"http://127.0.0.1:" +
                   std::to_string(platform_port_) + "\" profile_file: \"" + GetParam().file +
                   "\"\n  interval_ms: 100 max_backoff_ms: 300 live_window_ms: 1000\n" + settings +
                   "}\n");
    start_gated();
  }
  void TearDown() override {
    if (HasFailure()) {
      std::cerr << "--- gated stderr ---\n"
                << log().substr(0, 20000) << "\n--- platform ---\n"
                << read_file(dir_ + "/platform.err") << report(true).dump(1) << "\n";
    }
    gated_.reset();
    platform_.reset();
    remove_tree(dir_);
  }
  // Every plate the tests push, as China VI diesel trucks that pass.
  void import_ledger() {
    std::string csv =
        "plate,plate_color,vehicle_class,vin,engine_no,registration_date,emission_stage,"
        "fuel_type,vehicle_type,use,fleet,owner,registration_code,valid_from,valid_until,"
        "suspended\n";
    for (int group = 1; group <= 4; ++group) {
      for (int i = 1; i <= 6; ++i) {
        csv += "豫H" + std::to_string(group) + "000" + std::to_string(i) +
               ",yellow,transport,LZZRE12G9HP1G3DB9,E170067,2018-04-10,6,B,N3,raw material,"
               "fleet,demo,,2025-01-01,2099-12-31,0\n";
      }
    }
    write_file(dir_ + "/ledger.csv", csv);
    std::string out;
    ASSERT_EQ(run_command({kBin + "/gatectl", "ledger", "import", "--db", dir_ + "/gate.db",
                           dir_ + "/ledger.csv"},
                          &out),
              0)
        << out;
  }
  void start_gated() {
    write_file(dir_ + "/gated.err", "");  // a restart must not find the last one's ready line
    gated_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{kBin + "/gated", "--config", dir_ + "/gated.textproto"},
        dir_ + "/gated.out", dir_ + "/gated.err");
    ASSERT_TRUE(wait_until([&] { return log().find("gated: ready:") != std::string::npos; }, 15000))
        << log();
  }
  std::string log() const { return read_file(dir_ + "/gated.err"); }

  // A Vzenith push of `plate`, with `jpeg` as imageFile and `closeup` as imageFragmentFile
  // where given.
  void push(const std::string& plate, const std::string& jpeg = "",
            const std::string& closeup = "") {
    json body = {
        {"AlarmInfoPlate",
         {{"serialno", "vz-1"},
          {"result",
           {{"PlateResult", {{"license", plate}, {"colorType", 2}, {"confidence", 97}}}}}}}};
    // The declared camera's events carry its time (the replay guard needs one).
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    body["AlarmInfoPlate"]["result"]["PlateResult"]["timeStamp"] = {
        {"Timeval",
         {{"sec", std::chrono::duration_cast<std::chrono::seconds>(now).count()},
          {"usec", std::chrono::duration_cast<std::chrono::microseconds>(now).count() % 1000000}}}};
    if (!jpeg.empty()) {
      body["AlarmInfoPlate"]["result"]["PlateResult"]["imageFile"] = drivers::base64_encode(jpeg);
    }
    if (!closeup.empty()) {
      body["AlarmInfoPlate"]["result"]["PlateResult"]["imageFragmentFile"] =
          drivers::base64_encode(closeup);
    }
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(camera_port_), "/"};
    auto r = drivers::http_request(url, "POST", "/camera/vzenith/L1", body.dump(),
                                   "application/json", 5000);
    ASSERT_TRUE(r.ok() && r.value().status == 200) << (r.ok() ? r.value().body : r.error());
  }
  json report(bool records) const {
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(platform_port_), "/"};
    auto r = drivers::http_request(url, "GET", records ? "/mock/report?records=1" : "/mock/report",
                                   "", "text/plain", 3000);
    if (!r.ok() || r.value().status != 200) return json::object();
    return json::parse(r.value().body, nullptr, false);
  }
  void set_mode(const std::string& mode) {
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(platform_port_), "/"};
    auto r = drivers::http_request(url, "POST", "/mock/mode", json{{"mode", mode}}.dump(),
                                   "application/json", 5000);
    ASSERT_TRUE(r.ok() && r.value().status == 200) << (r.ok() ? r.value().body : r.error());
  }
  // Records the platform keeps for `passages` passed trucks: each one's decision, and its
  // outcome where the profile has an outcome message.
  std::size_t for_passages(std::size_t passages) const {
    return passages * (GetParam().file == kMadeUp.file ? 2 : 1);
  }
  // Whether the platform took the gate's first status report: every status message the profile
  // has, for the test's one lane and its one camera.
  bool status_round_taken() {
    const json r = report(false);
    const json units = r.value("unit_statuses", json::object());
    if (GetParam().file == kTransportControl.file) {
      return r.value("statuses", 0) >= 1 && units.value("KIND_LANE_STATUS", 0) >= 1;
    }
    if (GetParam().file == kMadeUp.file) {
      return r.value("statuses", 0) >= 1 && units.value("KIND_LANE_STATUS", 0) >= 1 &&
             units.value("KIND_CAMERA_STATUS", 0) >= 1;
    }
    return true;  // token-rest reports no status
  }
  bool records_reach(std::size_t n) {
    return wait_until([&] { return report(false).value("records", 0u) >= n; }, 15000);
  }

  std::string dir_;
  int camera_port_ = 0;
  int platform_port_ = 0;
  std::unique_ptr<ChildProcess> platform_;
  std::unique_ptr<ChildProcess> gated_;
};

// A 640×480 camera picture of noise: far over 20 KB as a JPEG.
std::string big_jpeg() {
  cv::Mat img(480, 640, CV_8UC3);
  cv::randu(img, cv::Scalar::all(0), cv::Scalar::all(255));
  std::vector<uchar> out;
  cv::imencode(".jpg", img, out, {cv::IMWRITE_JPEG_QUALITY, 95});
  return std::string(out.begin(), out.end());
}

TEST_P(PlatformProfileTest, EveryPassageArrivesOnceAsTheProfileSaysAcrossATokenExpiry) {
  const std::string photo = big_jpeg();
  ASSERT_GT(photo.size(), 100000u);
  push("豫H10001", photo);
  for (int i = 2; i <= 3; ++i) push("豫H1000" + std::to_string(i));
  ASSERT_TRUE(records_reach(for_passages(3))) << report(true).dump();
  set_mode("token_expired");
  for (int i = 4; i <= 6; ++i) push("豫H1000" + std::to_string(i));
  // transport-control sends the one photo as a message of its own, after its passage.
  const std::size_t photos = GetParam().file == kTransportControl.file ? 1 : 0;
  ASSERT_TRUE(records_reach(for_passages(6) + photos)) << report(true).dump();
  const json r = report(true);
  EXPECT_EQ(r.at("records"), for_passages(6) + photos);
  EXPECT_EQ(r.at("by_kind").value("KIND_PHOTO", 0u), photos);
  EXPECT_EQ(r.at("duplicates"), 0);
  EXPECT_TRUE(r.at("refused").empty()) << r.dump();
  // A profile with a vehicle check logs in on the check's own connection too.
  const bool checks = GetParam().file != kMadeUp.file;
  EXPECT_EQ(r.at("logins"), checks ? 4 : 2)
      << "one login per connection, and one more after the platform ended the token";
  if (!GetParam().plate_field.empty()) {
    EXPECT_EQ(r.at("bodies")[0].at(GetParam().plate_field), "豫H10001");
  }
  if (GetParam().file == kMadeUp.file) {
    const json& first = r.at("bodies")[0];
    EXPECT_EQ(first.at("vehicle").at("number"), "豫H10001");
    EXPECT_EQ(first.at("vehicle").at("colour"), "02") << "yellow in JT/T 415";
    EXPECT_EQ(first.at("way"), "ENTER");
    EXPECT_TRUE(first.at("sequence").is_number());
    EXPECT_EQ(r.at("by_kind").value("KIND_OUTCOME", 0), 6) << "every passage's outcome too";
    // gated reports its state at start and every 10 s: the barrier is the camera's relay.
    ASSERT_GE(r.at("statuses"), 1);
    EXPECT_EQ(r.at("last_status").at("barrier"), true) << r.at("last_status");
    EXPECT_EQ(r.at("last_status").at("cameras_down"), 0);
    // And one message per lane and per camera, the camera's last plate in the platform's format.
    EXPECT_EQ(r.at("last_unit_status").at("KIND_LANE_STATUS").at("L1").at("barrier"), true);
    EXPECT_EQ(r.at("last_unit_status").at("KIND_LANE_STATUS").at("L1").at("cameras"), 1);
    const auto camera = [&] {
      return report(false).at("last_unit_status").value("KIND_CAMERA_STATUS", json::object());
    };
    ASSERT_TRUE(wait_until(
        [&] { return camera().contains("vz-L1") && camera()["vz-L1"].at("lastEvent") != ""; },
        15000))
        << camera();
    EXPECT_EQ(camera()["vz-L1"].at("up"), true);
    EXPECT_EQ(camera()["vz-L1"].at("lane"), "L1");
    EXPECT_EQ(camera()["vz-L1"].at("lastEvent").get<std::string>().size(), 19u)
        << "yyyy-MM-dd HH:mm:ss";
    // The photo travelled inline, re-encoded under the profile's 20 KB (the platform checks it).
    EXPECT_EQ(r.at("bodies")[0].at("photo").get<std::string>().rfind("jpeg, ", 0), 0u)
        << "the platform took a photo (and keeps its size only)";
    EXPECT_GT(r.at("photo_uri_bytes"), 1000);
    EXPECT_FALSE(r.at("bodies")[1].contains("photo")) << "no photo: the field is left out";
  }
}

// Where photos travel as messages of their own: each arrives once after its passage, base64
// under the profile's limit; one the platform refuses is parked with its reason while passages
// and later photos flow; the bytes sent and the photo backlog are in `gatectl sync status`.
TEST_P(PlatformProfileTest, PhotoMessagesArriveOnceAndARefusedOneIsParkedAlone) {
  if (GetParam().file != kTransportControl.file) GTEST_SKIP() << "no photo messages";
  const std::string photo = big_jpeg();
  set_mode("refuse_photo");
  push("豫H50001", photo);
  std::string out;
  ASSERT_TRUE(wait_until(
      [&] {
        run_command({kBin + "/gatectl", "sync", "status", "--db", dir_ + "/gate.db"}, &out);
        return out.find("photo refused by the platform") != std::string::npos;
      },
      10000))
      << out;
  EXPECT_NE(out.find("TEST-G1-1-photo_1"), std::string::npos) << "the photo is parked: " << out;
  set_mode("normal");
  push("豫H50002", big_jpeg());  // another picture: the camera's guard refuses a repeated one
  push("豫H50003");
  ASSERT_TRUE(records_reach(4)) << report(true).dump();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const json r = report(true);
  EXPECT_EQ(r.at("by_kind").value("KIND_PASSAGE", 0), 3);
  EXPECT_EQ(r.at("by_kind").value("KIND_PHOTO", 0), 1) << "the refused one stays parked";
  EXPECT_EQ(r.at("duplicates"), 0);
  EXPECT_TRUE(r.at("serials").dump().find("TEST-G1-2-photo_1") != std::string::npos) << r;
  for (const auto& b : r.at("bodies")) {
    if (!b.contains("base64Image")) continue;
    EXPECT_EQ(b.at("lsh"), "TEST-G1-2-decision") << "tied to its passage";
    EXPECT_EQ(b.at("zplx"), "1") << "entry";
  }
  ASSERT_EQ(run_command({kBin + "/gatectl", "sync", "status", "--db", dir_ + "/gate.db", "--format",
                         "json"},
                        &out),
            0);
  const json status = json::parse(out);
  EXPECT_EQ(status.at("photos").at("backlog"), 0);
  EXPECT_GT(status.at("photos").at("bytes_sent"), 10000) << "one photo, re-encoded to fit";
  EXPECT_LE(status.at("photos").at("bytes_sent"), 204800);
  EXPECT_EQ(status.at("parked_total"), 1);
}

// A camera that sends the full picture and the plate close-up: both arrive as photo messages of
// their own after the passage, numbered by their keys (…-photo_1, …-photo_2) and tied to it;
// `gatectl platform render --kind photo_2` shows the second.
TEST_P(PlatformProfileTest, ThePlateCloseupArrivesAsASecondPhotoMessage) {
  if (GetParam().file != kTransportControl.file) GTEST_SKIP() << "no photo messages";
  cv::Mat small(48, 160, CV_8UC3, cv::Scalar(20, 200, 240));
  std::vector<uchar> encoded;
  ASSERT_TRUE(cv::imencode(".jpg", small, encoded));
  const std::string closeup(encoded.begin(), encoded.end());
  push("豫H30001", big_jpeg(), closeup);
  ASSERT_TRUE(records_reach(3)) << report(true).dump();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const json r = report(true);
  EXPECT_EQ(r.at("by_kind").value("KIND_PASSAGE", 0), 1);
  EXPECT_EQ(r.at("by_kind").value("KIND_PHOTO", 0), 2);
  EXPECT_EQ(r.at("duplicates"), 0);
  EXPECT_TRUE(r.at("refused").empty()) << r.dump();
  std::vector<std::string> photo_keys;
  for (const auto& b : r.at("bodies")) {
    if (!b.contains("base64Image")) continue;
    photo_keys.push_back(b.at("zpbh").get<std::string>());
    EXPECT_EQ(b.at("lsh"), "TEST-G1-1-decision") << "tied to its passage";
  }
  EXPECT_EQ(photo_keys, (std::vector<std::string>{"TEST-G1-1-photo_1", "TEST-G1-1-photo_2"}));

  std::string out;
  ASSERT_EQ(run_command({kBin + "/gatectl", "platform", "render", "--config",
                         dir_ + "/gated.textproto", "--passage", "1", "--kind", "photo_2"},
                        &out),
            0)
      << out;
  EXPECT_NE(out.find("TEST-G1-1-photo_2"), std::string::npos) << out;
}

// A platform that takes each call and then drops the connection without answering: the gate
// cannot know the record arrived, sends it again until an answer comes, and the platform keeps
// each once (it counts the repeats).
TEST_P(PlatformProfileTest, ACallTakenButNeverAnsweredIsSentAgainAndKeptOnce) {
  // A first truck in normal mode: logged in (where the profile logs in) before the fault.
  push("豫H40001");
  ASSERT_TRUE(records_reach(for_passages(1))) << report(true).dump();
  set_mode("drop");
  for (int i = 2; i <= 3; ++i) push("豫H4000" + std::to_string(i));
  ASSERT_TRUE(wait_until([&] { return report(false).value("duplicates", 0) >= 1; }, 10000))
      << report(true).dump();
  set_mode("normal");
  ASSERT_TRUE(records_reach(for_passages(3))) << report(true).dump();
  std::string out;
  ASSERT_TRUE(wait_until(
      [&] {
        run_command(
            {kBin + "/gatectl", "sync", "status", "--db", dir_ + "/gate.db", "--format", "json"},
            &out);
        const json s = json::parse(out, nullptr, false);
        return !s.is_discarded() && s.at("backlog").at("records") == 0;
      },
      15000))
      << out;
  const json r = report(true);
  EXPECT_EQ(r.at("records"), for_passages(3)) << "each record kept once";
  EXPECT_GE(r.at("duplicates"), 1);
  EXPECT_TRUE(r.at("refused").empty()) << r.dump();
  EXPECT_EQ(json::parse(out).at("parked_total"), 0);
}

TEST_P(PlatformProfileTest, APlatformDownForAWhileGetsEverythingAfter) {
  set_mode("down");
  for (int i = 1; i <= 3; ++i) push("豫H2000" + std::to_string(i));
  ASSERT_TRUE(wait_until([&] { return log().find("platform down") != std::string::npos; }, 10000))
      << log();
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));  // past the 1 s live window
  set_mode("normal");
  ASSERT_TRUE(records_reach(for_passages(3))) << report(true).dump();
  const json r = report(true);
  EXPECT_EQ(r.at("duplicates"), 0);
  if (GetParam().file == kTransportControl.file) {
    for (const auto& b : r.at("bodies")) EXPECT_EQ(b.at("networkStatus"), "0") << "late: flagged";
  }
  if (GetParam().file == kMadeUp.file) {
    EXPECT_EQ(r.at("bodies")[0].at("late"), true) << "late: flagged";
  }
}

TEST_P(PlatformProfileTest, RecordsThePlatformRefusesAreParkedWithItsReason) {
  set_mode("refuse");
  push("豫H30001");
  std::string out;
  ASSERT_TRUE(wait_until(
      [&] {
        run_command({kBin + "/gatectl", "sync", "status", "--db", dir_ + "/gate.db"}, &out);
        return out.find("refused by the platform (mode refuse)") != std::string::npos;
      },
      10000))
      << out;
  set_mode("normal");
  push("豫H30002");
  ASSERT_TRUE(records_reach(1));
}

TEST_P(PlatformProfileTest, Kill9WhileThePlatformHoldsARequestLosesNothing) {
  // The first status report (gate, lanes, cameras) taken before the platform turns slow.
  ASSERT_TRUE(wait_until([&] { return status_round_taken(); }, 10000)) << report(true).dump();
  set_mode("slow");
  push("豫H40001");
  // Taken at once, answered 4 s later; the policy pull at start may be answered slowly first.
  ASSERT_TRUE(wait_until([&] { return report(false).value("records", 0) == 1; }, 20000));
  gated_->kill_hard();
  set_mode("normal");
  start_gated();
  push("豫H40002");
  ASSERT_TRUE(records_reach(for_passages(2))) << report(true).dump();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const json r = report(false);
  EXPECT_EQ(r.at("records"), for_passages(2)) << "each record stored once by its serial";
  // The one the platform held when gated died was not acknowledged to gated: sent again after
  // the restart, and recognised by its serial.
  EXPECT_EQ(r.at("duplicates"), 1);
}

// Cargo entered with gatectl beside the running gated (its own connection to the database):
// each entry, and a correction, arrives once by its own serial after its passage, also when the
// platform was down while it was entered. A profile without a cargo message gets none.
TEST_P(PlatformProfileTest, EveryCargoRecordArrivesOnceIncludingAfterAnOutage) {
  for (int i = 1; i <= 3; ++i) push("豫H2000" + std::to_string(i));
  ASSERT_TRUE(records_reach(for_passages(3))) << report(true).dump();
  auto cargo = [&](int seq, const std::string& quantity) {
    std::string out;
    ASSERT_EQ(run_command({kBin + "/gatectl", "passages", "cargo", "--db", dir_ + "/gate.db",
                           std::to_string(seq), "--name", "铁矿石", "--quantity", quantity,
                           "--unit", "t", "--operator", "wang"},
                          &out),
              0)
        << out;
  };
  cargo(1, "31.25");
  cargo(2, "28");
  const bool has_cargo = !GetParam().cargo_quantity_field.empty();
  auto cargo_count = [&] { return report(false).value("cargo_serials", json::array()).size(); };
  if (has_cargo) {
    ASSERT_TRUE(wait_until([&] { return cargo_count() == 2; }, 15000)) << report(true).dump();
  }

  set_mode("down");
  cargo(3, "30.125");
  cargo(1, "30.5");  // a correction of passage 1's cargo
  if (has_cargo) {
    ASSERT_TRUE(wait_until([&] { return log().find("platform down") != std::string::npos; }, 10000))
        << log();
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  set_mode("normal");
  push("豫H20004");  // and the passages after it still flow
  ASSERT_TRUE(records_reach(for_passages(4) + (has_cargo ? 4 : 0))) << report(true).dump();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const json r = report(true);
  EXPECT_TRUE(r.at("refused").empty()) << r.dump();
  EXPECT_EQ(r.at("duplicates"), 0);
  if (!has_cargo) {
    EXPECT_TRUE(r.at("cargo_serials").empty());
    return;
  }
  std::vector<std::string> serials = r.at("cargo_serials");
  std::sort(serials.begin(), serials.end());
  EXPECT_EQ(serials, (std::vector<std::string>{"TEST-G1-1-cargo", "TEST-G1-1-cargo_2",
                                               "TEST-G1-2-cargo", "TEST-G1-3-cargo"}));
  EXPECT_EQ(r.at("by_kind").value("KIND_CARGO", 0), 4);
  std::map<std::string, json> quantities;
  const auto& all = r.at("serials");
  for (std::size_t i = 0; i < all.size(); ++i) {
    const std::string serial = all[i];
    if (serial.find("-cargo") != std::string::npos)
      quantities[serial] = r.at("bodies")[i].at(GetParam().cargo_quantity_field);
  }
  EXPECT_EQ(quantities["TEST-G1-1-cargo"], 31.25);
  EXPECT_EQ(quantities["TEST-G1-1-cargo_2"], 30.5);
  EXPECT_EQ(quantities["TEST-G1-2-cargo"], 28);
  EXPECT_EQ(quantities["TEST-G1-3-cargo"], 30.125);
  // Each cargo record came after its passage's record.
  const auto pos = [&](const std::string& s) {
    return std::find(all.begin(), all.end(), json(s)) - all.begin();
  };
  for (int seq = 1; seq <= 3; ++seq) {
    const std::string p = "TEST-G1-" + std::to_string(seq);
    EXPECT_LT(pos(p + "-decision"), pos(p + "-cargo")) << p;
  }
}

INSTANTIATE_TEST_SUITE_P(ShippedProfiles, PlatformProfileTest,
                         ::testing::Values(kTransportControl, kTokenRest, kMadeUp),
                         [](const ::testing::TestParamInfo<Profile>& info) {
                           return info.param.file == kTransportControl.file ? "TransportControl"
                                  : info.param.file == kTokenRest.file      ? "TokenRest"
                                                                            : "MadeUp";
                         });

}  // namespace
}  // namespace gate::testing
