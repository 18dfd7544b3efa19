// The receiver with declared cameras, over real sockets: a source address that is no declared
// camera, Basic, Digest and path-token credentials, replays, heartbeats and the rate-limited
// ALARM. The "other host" is the client socket bound to 127.0.0.2.
#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "drivers/camera/camera_receiver.h"
#include "drivers/camera/http_auth.h"
#include "drivers/http/digest_auth.h"
#include "tests/drivers/camera/camera_push_samples.h"
#include "tests/support/bound_http.h"

namespace gate::drivers {
namespace {

using test_support::bound_request;
using test_support::BoundReply;
using test_support::camera_sample;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr int64_t kNow = 1767608100000;  // 2026-01-05T10:15:00Z
const std::string kHikTime = "2026-01-05T18:15:00+08:00";
const std::string kDahuaTime = "2026-01-05 18:15:00.000";
const std::string kToken = "tok-0123456789abcdef";

DeclaredCamera camera(std::string id, std::string lane, CameraVendor vendor, CameraAuth auth,
                      std::string secret = {}) {
  DeclaredCamera c;
  c.camera_id = std::move(id);
  c.lane_id = std::move(lane);
  c.vendor = vendor;
  c.source_address = "127.0.0.1";
  c.auth = auth;
  c.user = "cam";
  c.secret = std::move(secret);
  return c;
}

class DeclaredCameraTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CameraReceiverOptions o;
    o.lane_ids = {"L1", "L2", "L3", "L4", "L5"};
    o.utc_offset_minutes = 480;
    o.sink = [this](PlateEvent ev) {
      std::lock_guard lock(mu_);
      plates_.push_back(ev.read.lane_id() + " " + ev.read.plate_text());
      return Status::Ok();
    };
    o.clock = [this] { return now_.load(); };
    o.alarm = [this](const std::string& m) {
      std::lock_guard lock(mu_);
      alarms_.push_back(m);
    };
    o.access.cameras = {
        camera("hik-1", "L1", CameraVendor::kHikvision, CameraAuth::kNone),
        camera("hik-2", "L2", CameraVendor::kHikvision, CameraAuth::kBasic, "pw-2"),
        camera("dahua-3", "L3", CameraVendor::kDahua, CameraAuth::kDigest, "pw-3"),
        camera("dahua-4", "L4", CameraVendor::kDahua, CameraAuth::kPathToken, kToken),
        camera("gen-5", "L5", CameraVendor::kGeneric, CameraAuth::kNone)};
    auto r = CameraReceiver::Start(std::move(o));
    ASSERT_TRUE(r.ok()) << r.error();
    receiver_ = std::move(r).value();
  }

  BoundReply post(const std::string& from, const std::string& target, const std::string& body,
                  const std::string& type,
                  const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    return bound_request(from, receiver_->port(), "POST", target, body, type, headers);
  }
  BoundReply hik(const std::string& from, const std::string& target, int seed = 0,
                 const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    const std::string xml =
        camera_sample("hikvision_anpr.xml", {{"PLATE", "豫G12345"}, {"DATETIME", kHikTime}});
    return post(from, target, test_support::hikvision_multipart(xml, seed),
                test_support::kHikvisionContentType, headers);
  }
  std::string dahua_body(int seed = 0) {
    return camera_sample("dahua_tollgate.json", {{"PLATE", "豫H55667"}, {"LOCALTIME", kDahuaTime}},
                         seed);
  }
  std::vector<std::string> plates() {
    std::lock_guard lock(mu_);
    return plates_;
  }
  std::vector<std::string> alarms() {
    std::lock_guard lock(mu_);
    return alarms_;
  }

  std::atomic<int64_t> now_{kNow};
  std::mutex mu_;
  std::vector<std::string> plates_;
  std::vector<std::string> alarms_;
  std::unique_ptr<CameraReceiver> receiver_;
};

TEST_F(DeclaredCameraTest, ADeclaredAddressIsTakenAnotherHostIsRefusedWithOneAlarm) {
  EXPECT_EQ(hik("127.0.0.1", "/camera/hikvision/L1").status, 200);
  const BoundReply other = hik("127.0.0.2", "/camera/hikvision/L1", 1);
  EXPECT_EQ(other.status, 403);
  EXPECT_THAT(other.body, HasSubstr("127.0.0.2 is not a declared hikvision camera for lane L1"));
  EXPECT_EQ(hik("127.0.0.2", "/camera/hikvision/L1", 2).status, 403);
  EXPECT_THAT(plates(), ElementsAre("L1 豫G12345"));
  ASSERT_THAT(alarms(), SizeIs(1));
  EXPECT_THAT(alarms()[0], HasSubstr("refused from 127.0.0.2"));
  now_ += 61000;
  EXPECT_EQ(hik("127.0.0.2", "/camera/hikvision/L1", 3).status, 403);
  ASSERT_THAT(alarms(), SizeIs(2));
  EXPECT_THAT(alarms()[1], HasSubstr("1 more from this source"));
}

TEST_F(DeclaredCameraTest, ALaneOrVendorWithoutDeclaredCameraIsRefused) {
  EXPECT_EQ(hik("127.0.0.1", "/camera/hikvision/L3").status, 403);
  EXPECT_THAT(hik("127.0.0.1", "/camera/vzenith/L1").body,
              HasSubstr("no vzenith camera is declared for lane L1"));
  EXPECT_TRUE(plates().empty());
}

TEST_F(DeclaredCameraTest, BasicCredentials) {
  const BoundReply missing = hik("127.0.0.1", "/camera/hikvision/L2");
  EXPECT_EQ(missing.status, 401);
  EXPECT_THAT(missing.all("WWW-Authenticate"),
              ElementsAre(HasSubstr("Basic realm=\"gate-camera\"")));
  EXPECT_EQ(hik("127.0.0.1", "/camera/hikvision/L2", 1,
                {{"Authorization", "Basic " + base64_encode("cam:guess")}})
                .status,
            403);
  EXPECT_EQ(hik("127.0.0.1", "/camera/hikvision/L2", 2,
                {{"Authorization", "Basic " + base64_encode("cam:pw-2")}})
                .status,
            200);
  EXPECT_THAT(plates(), ElementsAre("L2 豫G12345"));
}

std::string nonce_of(const std::string& challenge) {
  const auto b = challenge.find("nonce=\"") + 7;
  return challenge.substr(b, challenge.find('"', b) - b);
}

std::string digest_for(const std::string& nonce, const std::string& nc, const std::string& pw) {
  const std::string uri = "/camera/dahua/L3";
  const std::string ha1 = digest_hash_hex("SHA-256", "cam:gate-camera:" + pw);
  const std::string ha2 = digest_hash_hex("SHA-256", "POST:" + uri);
  const std::string resp =
      digest_hash_hex("SHA-256", ha1 + ":" + nonce + ":" + nc + ":c1:auth:" + ha2);
  return "Digest username=\"cam\", realm=\"gate-camera\", nonce=\"" + nonce + "\", uri=\"" + uri +
         "\", algorithm=SHA-256, qop=auth, nc=" + nc + ", cnonce=\"c1\", response=\"" + resp + "\"";
}

TEST_F(DeclaredCameraTest, DigestChallengeThenAnswerThenReplayedCount) {
  const BoundReply challenge =
      post("127.0.0.1", "/camera/dahua/L3", dahua_body(), "application/json");
  ASSERT_EQ(challenge.status, 401);
  const auto offers = challenge.all("WWW-Authenticate");
  ASSERT_THAT(offers, SizeIs(2));
  const std::string nonce = nonce_of(offers[0]);
  const auto auth = digest_for(nonce, "00000001", "pw-3");
  const BoundReply ok = post("127.0.0.1", "/camera/dahua/L3", dahua_body(), "application/json",
                             {{"Authorization", auth}});
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(nlohmann::json::parse(ok.body), nlohmann::json::parse(R"({"Result":true})"));
  EXPECT_EQ(post("127.0.0.1", "/camera/dahua/L3", dahua_body(1), "application/json",
                 {{"Authorization", auth}})
                .status,
            403);
  EXPECT_EQ(post("127.0.0.1", "/camera/dahua/L3", dahua_body(2), "application/json",
                 {{"Authorization", digest_for(nonce, "00000002", "guess")}})
                .status,
            403);
  EXPECT_EQ(post("127.0.0.1", "/camera/dahua/L3", dahua_body(3), "application/json",
                 {{"Authorization", digest_for("1767608100000.0000", "00000001", "pw-3")}})
                .status,
            403);
  EXPECT_THAT(plates(), ElementsAre("L3 豫H55667"));
}

TEST_F(DeclaredCameraTest, PathToken) {
  EXPECT_EQ(
      post("127.0.0.1", "/camera/dahua/L4/" + kToken, dahua_body(), "application/json").status,
      200);
  EXPECT_EQ(
      post("127.0.0.1", "/camera/dahua/L4/tok-0123456789abcdeX", dahua_body(1), "application/json")
          .status,
      403);
  EXPECT_EQ(post("127.0.0.1", "/camera/dahua/L4", dahua_body(2), "application/json").status, 403);
  const BoundReply keepalive = post("127.0.0.1", "/camera/dahua/L4/" + kToken + "/keepalive",
                                    R"({"DeviceID":"ITC-6L0A1B2"})", "application/json");
  EXPECT_EQ(keepalive.status, 200);
  EXPECT_THAT(plates(), ElementsAre("L4 豫H55667"));
  EXPECT_EQ(receiver_->last_alive().count("dahua L4 ITC-6L0A1B2"), 1u);
}

TEST_F(DeclaredCameraTest, ReplaysAre409) {
  EXPECT_EQ(hik("127.0.0.1", "/camera/hikvision/L1", 7).status, 200);
  const BoundReply again = hik("127.0.0.1", "/camera/hikvision/L1", 7);
  EXPECT_EQ(again.status, 409);
  EXPECT_THAT(again.body, HasSubstr("same picture"));
  now_ += 121000;  // the camera's stamp is now 121 s behind the gate's clock
  const BoundReply late = hik("127.0.0.1", "/camera/hikvision/L1", 8);
  EXPECT_EQ(late.status, 409);
  EXPECT_THAT(late.body, HasSubstr("outside the replay window"));
  EXPECT_THAT(plates(), ElementsAre("L1 豫G12345"));
  EXPECT_THAT(alarms(), SizeIs(2));  // one per source per minute: the clock moved 121 s
}

TEST_F(DeclaredCameraTest, HeartbeatIsAliveAndNeverReachesALane) {
  const std::string xml = camera_sample("hikvision_heartbeat.xml", {{"DATETIME", kHikTime}});
  EXPECT_EQ(post("127.0.0.1", "/camera/hikvision/L1", xml, "application/xml").status, 200);
  EXPECT_TRUE(plates().empty());
  EXPECT_EQ(receiver_->last_alive().at("hikvision L1 bc:5e:33:62:2a:5c/ch1"), kNow);
  EXPECT_EQ(post("127.0.0.2", "/camera/hikvision/L1", xml, "application/xml").status, 403);
  // Camera health reads the declared camera by its configured id: alive, no plate yet.
  const auto signs = receiver_->declared_signs();
  ASSERT_EQ(signs.size(), 1u);
  EXPECT_EQ(signs.at("hik-1").alive_unix_ms, kNow);
  EXPECT_EQ(signs.at("hik-1").plate_unix_ms, 0);
}

TEST_F(DeclaredCameraTest, DeclaredSignsKeepThePlateOnceTheLaneTookIt) {
  EXPECT_EQ(hik("127.0.0.1", "/camera/hikvision/L1", 7).status, 200);
  now_ += 5000;
  EXPECT_EQ(hik("127.0.0.1", "/camera/hikvision/L1", 7).status, 409);  // a replay: no plate
  const auto signs = receiver_->declared_signs();
  EXPECT_EQ(signs.at("hik-1").plate_unix_ms, kNow);
  EXPECT_EQ(signs.at("hik-1").alive_unix_ms, kNow + 5000);  // it is alive all the same
  EXPECT_EQ(signs.count("hik-2"), 0u);
}

TEST_F(DeclaredCameraTest, GenericCameraOnlyForItsLanes) {
  const std::string to_l5 = R"({"plate":"豫A12345","lane":"L5","time_unix_ms":1767608100000})";
  EXPECT_EQ(post("127.0.0.1", "/camera/generic", to_l5, "application/json").status, 200);
  const std::string to_l1 = R"({"plate":"豫A12345","lane":"L1","time_unix_ms":1767608100000})";
  EXPECT_EQ(post("127.0.0.1", "/camera/generic", to_l1, "application/json").status, 403);
  const std::string no_time = R"({"plate":"豫A12345","lane":"L5"})";
  EXPECT_THAT(post("127.0.0.1", "/camera/generic", no_time, "application/json").body,
              HasSubstr("no camera time"));
  EXPECT_THAT(plates(), ElementsAre("L5 豫A12345"));
}

TEST_F(DeclaredCameraTest, MalformedBodyFromADeclaredCameraIs400) {
  EXPECT_EQ(
      post("127.0.0.1", "/camera/hikvision/L1", "<EventNotificationAlert>", "text/xml").status,
      400);
  EXPECT_EQ(post("127.0.0.1", "/camera/hikvision/L1", "--boundary\r\n",
                 test_support::kHikvisionContentType)
                .status,
            400);
}

}  // namespace
}  // namespace gate::drivers
