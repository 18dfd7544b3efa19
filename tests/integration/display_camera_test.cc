// A lane whose LED display hangs on the RS-485 port of the entrance camera, in a real gated on
// 127.0.0.1 with `gate-sim relay-camera` processes as the cameras: a decided truck's text is
// shown on the display behind the simulated Hikvision camera (read back with GET /sim/display),
// a display camera that never answers delays neither the decision nor the barrier, and a Vzenith
// camera's push is answered with the decision's frame as serialData.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "drivers/camera/plate_event.h"
#include "drivers/display/display_frame.h"
#include "drivers/http/http_client.h"
#include "tests/support/process.h"

namespace gate::testing {
namespace {

using json = nlohmann::json;
const std::string kBin = GATE_BIN_DIR;
constexpr const char* kPlate = "豫HF50BC";  // in the ledger below, China VI diesel: passes
constexpr const char* kPassword = "display-integration-pw";

// One `gate-sim relay-camera` process on a free port of its choosing.
class SimCamera {
 public:
  SimCamera(const std::string& dir, const std::string& name, const std::string& behaviour) {
    out_ = dir + "/" + name + ".out";
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{kBin + "/gate-sim", "relay-camera", "--port", "0",
                                 "--password-file", dir + "/camera.password", "--behaviour",
                                 behaviour},
        out_, dir + "/" + name + ".err");
  }
  // The port it printed, or 0 when it did not start in time.
  int wait_port() {
    const std::string marker = "listening on 127.0.0.1:";
    wait_until([&] { return read_file(out_).find(marker) != std::string::npos; }, 10000);
    const std::string out = read_file(out_);
    const auto at = out.find(marker);
    port_ = at == std::string::npos ? 0 : std::stoi(out.substr(at + marker.size()));
    return port_;
  }
  // GET /sim/display: {"shown":[…],"bad_frames":n,"pulses":n}; null when it does not answer.
  json state() const {
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(port_), "/"};
    auto r = drivers::http_request(url, "GET", "/sim/display", "", "text/plain", 1000);
    if (!r.ok() || r.value().status != 200) return nullptr;
    return json::parse(r.value().body, nullptr, false);
  }
  int stop() { return process_->stop(); }

 private:
  std::string out_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

class DisplayCameraTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    camera_port_ = free_port();
    write_file(dir_ + "/camera.password", std::string(kPassword) + "\n");
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
    remove_tree(dir_);
  }

  // The lane's display on a Hikvision camera's RS-485 port.
  void start_gated(int barrier_camera_port, int display_camera_port) {
    start_gated_with(barrier_camera_port,
                     "address: 1 reconnect_interval_ms: 100 camera { vendor: VENDOR_HIKVISION "
                     "host: \"127.0.0.1\" port: " +
                         std::to_string(display_camera_port) +
                         " user: \"admin\" password_file: \"camera.password\" serial_port: 1 "
                         "timeout_ms: 2000 }");
  }
  void start_gated_with(int barrier_camera_port, const std::string& display) {
    const std::string camera = "host: \"127.0.0.1\" port: ";
    write_file(dir_ + "/gated.textproto",
               "gate_id: \"TEST-G1\"\ndatabase_path: \"gate.db\"\nutc_offset_minutes: 480\n"
               "camera { listen_address: \"127.0.0.1\" port: " +
                   std::to_string(camera_port_) +
                   " }\n"
                   "lanes { lane_id: \"L1\" debounce_ms: 50 passage_timeout_ms: 300\n"
                   "  barrier { camera_relay { vendor: VENDOR_HIKVISION " +
                   camera + std::to_string(barrier_camera_port) +
                   " channel: 1 user: \"admin\" password_file: \"camera.password\" timeout_ms: 500 "
                   "probe_interval_ms: 200 } }\n"
                   "  display { " +
                   display +
                   " }\n"
                   "}\npolicy { version: \"display-camera-test\" }\n");
    gated_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{kBin + "/gated", "--config", dir_ + "/gated.textproto"},
        dir_ + "/gated.out", dir_ + "/gated.err");
    ASSERT_TRUE(wait_until([&] { return log().find("gated: ready:") != std::string::npos; }, 15000))
        << log();
  }
  std::string log() const { return read_file(dir_ + "/gated.err"); }
  void post_plate() {
    json event = {{"plate", kPlate}, {"lane", "L1"}, {"color", "yellow"}, {"confidence", 0.95}};
    drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(camera_port_), "/"};
    auto r = drivers::http_request(url, "POST", "/camera/generic", event.dump(), "application/json",
                                   5000);
    ASSERT_TRUE(r.ok()) << r.error();
    ASSERT_EQ(r.value().status, 200) << r.value().body;
  }

  std::string dir_;
  int camera_port_ = 0;
  std::unique_ptr<ChildProcess> gated_;
};

TEST_F(DisplayCameraTest, ADecidedTrucksTextIsShownOnTheDisplayBehindTheCamera) {
  SimCamera camera(dir_, "camera", "confirm");
  const int port = camera.wait_port();
  ASSERT_NE(port, 0);
  start_gated(port, port);  // one camera: its relay drives the barrier, its RS-485 the display
  const auto posted = std::chrono::steady_clock::now();
  post_plate();
  json shown;
  ASSERT_TRUE(wait_until(
      [&] {
        const json s = camera.state();
        if (s.is_null() || s.at("shown").empty()) return false;
        shown = s;
        return true;
      },
      5000))
      << log();
  std::cout << "push to text on the display behind the camera: "
            << std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - posted)
                   .count()
            << " ms\n";
  const json& first = shown.at("shown")[0];
  EXPECT_EQ(first.at("address"), 1);
  EXPECT_EQ(first.at("colour"), "green");
  EXPECT_EQ(first.at("lines")[0], kPlate) << first;
  EXPECT_EQ(shown.at("bad_frames"), 0);
  ASSERT_TRUE(wait_until([&] { return camera.state().value("pulses", 0) == 1; }, 5000));
  EXPECT_EQ(log().find("ALARM"), std::string::npos) << log();
  EXPECT_EQ(log().find("not shown"), std::string::npos) << log();
  EXPECT_EQ(gated_->stop(), 0);
  EXPECT_EQ(camera.stop(), 0);
}

TEST_F(DisplayCameraTest, ADisplayCameraThatNeverAnswersDelaysNeitherDecisionNorBarrier) {
  SimCamera barrier_camera(dir_, "barrier-camera", "confirm");
  SimCamera display_camera(dir_, "display-camera", "silent");  // holds every request
  const int barrier_port = barrier_camera.wait_port();
  const int display_port = display_camera.wait_port();
  ASSERT_NE(barrier_port, 0);
  ASSERT_NE(display_port, 0);
  start_gated(barrier_port, display_port);
  const auto posted = std::chrono::steady_clock::now();
  post_plate();
  ASSERT_TRUE(wait_until([&] { return barrier_camera.state().value("pulses", 0) == 1; }, 5000));
  const auto to_pulse = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - posted);
  std::cout << "push to relay pulse with the display camera silent: " << to_pulse.count()
            << " ms\n";
  // The display's call waits 2000 ms for the silent camera; the barrier did not.
  EXPECT_LT(to_pulse.count(), 1500);
  EXPECT_NE(read_file(dir_ + "/gated.out").find(kPlate), std::string::npos);
  ASSERT_TRUE(wait_until([&] { return log().find("not shown") != std::string::npos; }, 5000))
      << log();
  EXPECT_NE(log().find("display behind hikvision camera 127.0.0.1:" + std::to_string(display_port)),
            std::string::npos)
      << log();
  EXPECT_EQ(gated_->stop(), 0);
}

// The lane's Vzenith camera pushes; gated's answer carries the frames waiting for its display.
TEST_F(DisplayCameraTest, AVzenithCamerasPushIsAnsweredWithTheDecisionForItsDisplay) {
  SimCamera barrier_camera(dir_, "barrier-camera", "confirm");
  const int barrier_port = barrier_camera.wait_port();
  ASSERT_NE(barrier_port, 0);
  start_gated_with(barrier_port, "address: 3 camera { vendor: VENDOR_VZENITH serial_channel: 1 }");
  drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(camera_port_), "/"};
  auto push = [&](const std::string& plate) {
    const json body = {
        {"AlarmInfoPlate",
         {{"serialno", "vz-entry-1"},
          {"result",
           {{"PlateResult", {{"license", plate}, {"colorType", 2}, {"confidence", 97}}}}}}}};
    auto r = drivers::http_request(url, "POST", "/camera/vzenith/L1", body.dump(),
                                   "application/json", 5000);
    EXPECT_TRUE(r.ok() && r.value().status == 200) << (r.ok() ? r.value().body : r.error());
    return r.ok() ? json::parse(r.value().body, nullptr, false) : json();
  };
  // The lane is idle: the truck is decided before gated answers its push, so the answer
  // carries the decision's frame.
  const json first = push(kPlate).at("Response_AlarmInfoPlate");
  EXPECT_EQ(first.at("info"), "no");
  ASSERT_TRUE(first.contains("serialData")) << first << "\n" << log();
  EXPECT_NE(log().find("lane L1: display behind the vzenith camera serial channel 1"),
            std::string::npos)
      << log();
  const json serial = first.at("serialData");
  ASSERT_FALSE(serial.empty());
  EXPECT_EQ(serial[0].at("serialChannel"), 1);
  auto bytes = drivers::base64_decode(serial[0].at("data").get<std::string>());
  ASSERT_TRUE(bytes.ok()) << bytes.error();
  EXPECT_EQ(serial[0].at("dataLen"), bytes.value().size());
  std::size_t used = 0;
  auto frame = drivers::decode_display_frame(bytes.value(), &used);
  ASSERT_TRUE(frame.ok()) << frame.error();
  EXPECT_EQ(frame.value().address, 3);
  EXPECT_EQ(frame.value().message.colour, drivers::DisplayColour::kGreen);
  ASSERT_FALSE(frame.value().message.lines.empty());
  EXPECT_EQ(frame.value().message.lines[0], kPlate);
  EXPECT_EQ(gated_->stop(), 0);
}

}  // namespace
}  // namespace gate::testing
