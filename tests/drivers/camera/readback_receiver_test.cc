// The receiver confirming each event with the camera's API before the lane sees it, over real
// sockets against gate-sim's virtual camera (sim/devices/relay_camera.h): a capture the camera
// holds reaches the sink; a plate it never captured is 403 with an ALARM; a camera that is down,
// silent, answers garbage or refuses our login is 503 (fail closed); read-back off is as before.
#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "drivers/camera/camera_receiver.h"
#include "drivers/http/http_client.h"
#include "sim/devices/relay_camera.h"
#include "tests/drivers/camera/camera_push_samples.h"

namespace gate::drivers {
namespace {

using test_support::camera_sample;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr int64_t kNow = 1767608100000;  // 2026-01-05T10:15:00Z
const std::string kHikTime = "2026-01-05T18:15:00+08:00";
const std::string kDahuaTime = "2026-01-05 18:15:00.000";
constexpr int kTimeoutMs = 800;

class ReadbackReceiverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    hik_camera_ = start_camera(sim::RelayVendor::kHikvision);
    dahua_camera_ = start_camera(sim::RelayVendor::kDahua);
    ASSERT_TRUE(hik_camera_ && dahua_camera_);
  }

  static std::unique_ptr<sim::RelayCamera> start_camera(sim::RelayVendor vendor) {
    sim::RelayCameraOptions o;
    o.vendor = vendor;
    o.user = "reader";
    o.password = "reader-pw";
    auto c = sim::RelayCamera::Start(o);
    return c.ok() ? std::move(c).value() : nullptr;
  }

  static DeclaredCamera camera(std::string id, std::string lane, CameraVendor vendor,
                               uint16_t api_port, bool readback,
                               std::string password = "reader-pw") {
    DeclaredCamera c;
    c.camera_id = std::move(id);
    c.lane_id = std::move(lane);
    c.vendor = vendor;
    c.source_address = "127.0.0.1";
    c.auth = CameraAuth::kNone;
    c.readback = readback;
    c.api = CameraApi{"127.0.0.1", api_port, "reader", std::move(password), kTimeoutMs};
    return c;
  }

  // L1: Hikvision read back; L2: Dahua read back; L3: Hikvision without read-back;
  // L4: Hikvision read back with a wrong password.
  void start_receiver() {
    CameraReceiverOptions o;
    o.lane_ids = {"L1", "L2", "L3", "L4"};
    o.utc_offset_minutes = 480;
    o.sink = [this](PlateEvent ev) {
      std::lock_guard lock(mu_);
      plates_.push_back(ev.read.lane_id() + " " + ev.read.plate_text());
      return Status::Ok();
    };
    o.clock = [] { return kNow; };
    o.alarm = [this](const std::string& m) {
      std::lock_guard lock(mu_);
      alarms_.push_back(m);
    };
    o.access.cameras = {
        camera("hik-1", "L1", CameraVendor::kHikvision, hik_camera_->port(), true),
        camera("dahua-2", "L2", CameraVendor::kDahua, dahua_camera_->port(), true),
        camera("hik-3", "L3", CameraVendor::kHikvision, 1, false),
        camera("hik-4", "L4", CameraVendor::kHikvision, hik_camera_->port(), true, "wrong")};
    auto r = CameraReceiver::Start(std::move(o));
    ASSERT_TRUE(r.ok()) << r.error();
    receiver_ = std::move(r).value();
  }

  HttpReply post(const std::string& target, const std::string& body, const std::string& type) {
    auto r = http_request(HttpUrl{"127.0.0.1", receiver_->port(), "/"}, "POST", target, body, type,
                          5000);
    EXPECT_TRUE(r.ok()) << r.error();
    return r.ok() ? r.value() : HttpReply{};
  }
  HttpReply hik(const std::string& lane, const std::string& plate, int seed) {
    const std::string xml =
        camera_sample("hikvision_anpr.xml", {{"PLATE", plate}, {"DATETIME", kHikTime}});
    return post("/camera/hikvision/" + lane, test_support::hikvision_multipart(xml, seed),
                test_support::kHikvisionContentType);
  }
  HttpReply dahua(const std::string& plate, int seed) {
    return post(
        "/camera/dahua/L2",
        camera_sample("dahua_tollgate.json", {{"PLATE", plate}, {"LOCALTIME", kDahuaTime}}, seed),
        "application/json");
  }
  std::vector<std::string> plates() {
    std::lock_guard lock(mu_);
    return plates_;
  }
  std::vector<std::string> alarms() {
    std::lock_guard lock(mu_);
    return alarms_;
  }

  std::mutex mu_;
  std::vector<std::string> plates_;
  std::vector<std::string> alarms_;
  std::unique_ptr<sim::RelayCamera> hik_camera_;
  std::unique_ptr<sim::RelayCamera> dahua_camera_;
  std::unique_ptr<CameraReceiver> receiver_;
};

TEST_F(ReadbackReceiverTest, AnEventTheCameraCapturedReachesTheLane) {
  hik_camera_->add_capture("豫G 12345", kNow - 1200);
  dahua_camera_->add_capture("豫H55667", kNow + 800);
  start_receiver();
  const HttpReply h = hik("L1", "豫G12345", 1);
  EXPECT_EQ(h.status, 200) << h.body;
  const HttpReply d = dahua("豫H55667", 2);
  EXPECT_EQ(d.status, 200) << d.body;
  EXPECT_THAT(plates(), ElementsAre("L1 豫G12345", "L2 豫H55667"));
  EXPECT_EQ(hik_camera_->readbacks(), 1);
  EXPECT_EQ(dahua_camera_->readbacks(), 1);
  EXPECT_THAT(alarms(), IsEmpty());
}

TEST_F(ReadbackReceiverTest, APlateTheCameraNeverCapturedIsRefusedWithOneAlarm) {
  hik_camera_->add_capture("豫G12345", kNow - 30'000);  // the same plate, half a minute earlier
  dahua_camera_->add_capture("豫H55668", kNow);         // another plate at the same time
  start_receiver();
  const HttpReply h = hik("L1", "豫G12345", 1);
  EXPECT_EQ(h.status, 403);
  EXPECT_THAT(h.body, HasSubstr("not confirmed by the camera"));
  EXPECT_EQ(dahua("豫H55667", 2).status, 403);
  EXPECT_EQ(hik("L1", "豫G12345", 3).status, 403);
  EXPECT_THAT(plates(), IsEmpty());
  const auto a = alarms();
  ASSERT_THAT(a, SizeIs(2)) << "one per camera per minute";
  EXPECT_THAT(a[0], HasSubstr("camera hik-1 (127.0.0.1) lane L1 plate 豫G12345"));
  EXPECT_THAT(a[0], HasSubstr("not confirmed by the camera"));
}

TEST_F(ReadbackReceiverTest, ACameraThatIsDownFailsClosed) {
  start_receiver();  // L1's API port is now closed: nothing listens there
  hik_camera_.reset();
  const HttpReply h = hik("L1", "豫G12345", 1);
  EXPECT_EQ(h.status, 503);
  EXPECT_THAT(h.body, HasSubstr("could not be confirmed by the camera"));
  EXPECT_THAT(plates(), IsEmpty());
  ASSERT_THAT(alarms(), SizeIs(1));
  EXPECT_THAT(alarms()[0], HasSubstr("did not answer"));
}

TEST_F(ReadbackReceiverTest, ASilentCameraFailsClosedWithinItsTimeout) {
  start_receiver();
  hik_camera_->set_behaviour(sim::RelayBehaviour::kSilent);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(hik("L1", "豫G12345", 1).status, 503);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
  EXPECT_GE(took, kTimeoutMs - 50);
  EXPECT_LT(took, kTimeoutMs + 1500);
  EXPECT_THAT(plates(), IsEmpty());
}

TEST_F(ReadbackReceiverTest, GarbageRefusalsAndAWrongPasswordFailClosed) {
  hik_camera_->add_capture("豫G12345", kNow);
  start_receiver();
  hik_camera_->set_behaviour(sim::RelayBehaviour::kGarbage);
  const HttpReply garbage = hik("L1", "豫G12345", 1);
  EXPECT_EQ(garbage.status, 503);
  EXPECT_THAT(garbage.body, HasSubstr("answered without a plate list"));
  hik_camera_->set_behaviour(sim::RelayBehaviour::kRefuse);
  const HttpReply refused = hik("L1", "豫G12345", 2);
  EXPECT_EQ(refused.status, 503);
  EXPECT_THAT(refused.body, HasSubstr("notSupport"));
  hik_camera_->set_behaviour(sim::RelayBehaviour::kConfirm);
  const HttpReply login = hik("L4", "豫G12345", 3);
  EXPECT_EQ(login.status, 503);
  EXPECT_THAT(login.body, HasSubstr("refused our login"));
  EXPECT_THAT(plates(), IsEmpty());
  EXPECT_EQ(hik("L1", "豫G12345", 4).status, 200);
  EXPECT_THAT(plates(), ElementsAre("L1 豫G12345"));
}

TEST_F(ReadbackReceiverTest, ReadBackOffTakesTheEventAsBefore) {
  start_receiver();
  EXPECT_EQ(hik("L3", "豫G12345", 1).status, 200);
  EXPECT_THAT(plates(), ElementsAre("L3 豫G12345"));
  EXPECT_EQ(hik_camera_->readbacks(), 0);
}

TEST_F(ReadbackReceiverTest, ALanesEventsKeepTheirOrderWhileTheCameraIsAsked) {
  hik_camera_->add_capture("豫G12345", kNow);
  hik_camera_->add_capture("豫G12346", kNow);
  start_receiver();
  auto first = std::async(std::launch::async, [&] { return hik("L1", "豫G12345", 1).status; });
  // The second is sent once the first is on the lane's queue (the camera was asked once).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (hik_camera_->readbacks() < 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  EXPECT_EQ(hik("L1", "豫G12346", 2).status, 200);
  EXPECT_EQ(first.get(), 200);
  EXPECT_THAT(plates(), ElementsAre("L1 豫G12345", "L1 豫G12346"));
}

}  // namespace
}  // namespace gate::drivers
