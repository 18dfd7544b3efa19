// CameraReceiver end to end on loopback: HTTP in, PlateEvent at the sink, answers checked.
#include "drivers/camera/camera_receiver.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "drivers/http/http_client.h"
#include "tests/support/test_images.h"

namespace gate::drivers {
namespace {

using json = nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr int64_t kNow = 1718000000500;

bool wait_until(const std::function<bool()>& pred, int timeout_ms = 5000) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return pred();
}

class CameraReceiverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = CameraReceiver::Start(
        "127.0.0.1", 0, {"L1", "L2", "L3"},
        [this](PlateEvent ev) -> Status {
          std::unique_lock lock(mu_);
          if (!refusal_.empty()) return Error{refusal_};
          const bool hold = ev.read.lane_id() == held_lane_;
          events_.push_back(std::move(ev));
          // Bounded, so that a failing test cannot hang: released by release() or TearDown.
          if (hold) released_.wait_for(lock, std::chrono::seconds(10), [this] { return !held_; });
          return Status::Ok();
        },
        [this] {
          ++arrivals_;
          return kNow;
        });
    ASSERT_TRUE(r.ok()) << r.error();
    receiver_ = std::move(r).value();
  }

  void TearDown() override {
    release();
    receiver_.reset();
  }

  Result<HttpReply> send(const std::string& method, const std::string& target,
                         const std::string& body) {
    return http_request(HttpUrl{"127.0.0.1", receiver_->port(), "/"}, method, target, body,
                        "application/json", 5000);
  }

  std::vector<std::string> plates() {
    std::lock_guard lock(mu_);
    std::vector<std::string> out;
    for (const auto& e : events_) out.push_back(e.read.plate_text());
    return out;
  }

  std::vector<PlateEvent> events() {
    std::lock_guard lock(mu_);
    return events_;
  }

  void refuse_with(const std::string& message) {
    std::lock_guard lock(mu_);
    refusal_ = message;
  }

  // The sink waits on events of `lane` until release().
  void hold(const std::string& lane) {
    std::lock_guard lock(mu_);
    held_lane_ = lane;
    held_ = true;
  }
  void release() {
    {
      std::lock_guard lock(mu_);
      held_ = false;
    }
    released_.notify_all();
  }

  std::unique_ptr<CameraReceiver> receiver_;
  std::mutex mu_;
  std::condition_variable released_;
  std::vector<PlateEvent> events_;
  std::string refusal_;
  std::string held_lane_;
  bool held_ = false;
  std::atomic<int> arrivals_{0};
};

json vzenith_body(bool with_time = true) {
  json pr = {{"license", "豫H12345"}, {"colorType", 2}, {"confidence", 97}};
  if (with_time) pr["timeStamp"] = {{"Timeval", {{"sec", 1718000000}, {"usec", 250000}}}};
  return json{{"AlarmInfoPlate", {{"serialno", "vz-001"}, {"result", {{"PlateResult", pr}}}}}};
}

TEST_F(CameraReceiverTest, VzenithEventReachesTheSink) {
  cv::Mat img(8, 8, CV_8UC3, cv::Scalar(0, 128, 255));
  std::vector<uchar> buf;
  ASSERT_TRUE(cv::imencode(".jpg", img, buf));
  const std::string jpeg(buf.begin(), buf.end());
  json body = vzenith_body();
  body["AlarmInfoPlate"]["result"]["PlateResult"]["imageFile"] = base64_encode(jpeg);

  auto r = send("POST", "/camera/vzenith/L1", body.dump());
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().status, 200);
  // Never "ok": that would let the camera open the barrier on its own.
  EXPECT_EQ(json::parse(r.value().body),
            json::parse(R"({"Response_AlarmInfoPlate":{"info":"no","content":"received"}})"));

  const auto evs = events();
  ASSERT_EQ(evs.size(), 1u);
  const auto& read = evs[0].read;
  EXPECT_EQ(read.plate_text(), "豫H12345");
  EXPECT_EQ(read.color(), gate::v1::PLATE_COLOR_YELLOW);
  EXPECT_DOUBLE_EQ(read.confidence(), 0.97);
  EXPECT_EQ(read.lane_id(), "L1");
  EXPECT_EQ(read.camera_id(), "vz-001");
  EXPECT_EQ(read.time_unix_ms(), kNow) << "stamped on arrival with the gate's clock";
  EXPECT_EQ(read.camera_time_unix_ms(), 1718000000250) << "the camera's own time, as evidence";
  EXPECT_EQ(read.source(), "vzenith");
  EXPECT_EQ(evs[0].image_jpeg, jpeg);
}

TEST_F(CameraReceiverTest, VzenithEventWithoutTimeGetsTheClock) {
  auto r = send("POST", "/camera/vzenith/L2", vzenith_body(false).dump());
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().status, 200);
  const auto evs = events();
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].read.time_unix_ms(), kNow);
  EXPECT_EQ(evs[0].read.camera_time_unix_ms(), 0);
  EXPECT_EQ(evs[0].read.lane_id(), "L2");
}

TEST_F(CameraReceiverTest, GenericEventReachesTheSink) {
  const json body = {{"plate", "豫HD12345"}, {"lane", "L3"},      {"color", "green"},
                     {"confidence", 0.9},    {"camera", "cam-3"}, {"direction", "in"}};
  auto r = send("POST", "/camera/generic", body.dump());
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().status, 200);
  EXPECT_EQ(json::parse(r.value().body), json::parse(R"({"status":"accepted"})"));
  const auto evs = events();
  ASSERT_EQ(evs.size(), 1u);
  const auto& read = evs[0].read;
  EXPECT_EQ(read.plate_text(), "豫HD12345");
  EXPECT_EQ(read.lane_id(), "L3");
  EXPECT_EQ(read.color(), gate::v1::PLATE_COLOR_GREEN);
  EXPECT_DOUBLE_EQ(read.confidence(), 0.9);
  EXPECT_EQ(read.camera_id(), "cam-3");
  EXPECT_EQ(read.direction(), gate::v1::DIRECTION_IN);
  EXPECT_EQ(read.time_unix_ms(), kNow);      // the receiver's clock, always
  EXPECT_EQ(read.camera_time_unix_ms(), 0);  // absent in the body
  EXPECT_EQ(read.source(), "generic");
  EXPECT_TRUE(evs[0].image_jpeg.empty());
}

TEST_F(CameraReceiverTest, MalformedBodyIs400WithReasonAndNeverReachesTheSink) {
  ::testing::internal::CaptureStderr();
  auto r = send("POST", "/camera/vzenith/L1", "{\"AlarmInfoPlate\": ");
  const std::string log = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().status, 400);
  const json answer = json::parse(r.value().body);
  EXPECT_THAT(answer.at("error").get<std::string>(), StartsWith("body is not JSON: "));
  EXPECT_THAT(log, StartsWith("camera: rejected event from 127.0.0.1:"));
  EXPECT_THAT(log, HasSubstr(": body is not JSON: "));
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 1);

  ::testing::internal::CaptureStderr();
  auto missing = send("POST", "/camera/generic", R"({"lane":"L1"})");
  ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(missing.ok()) << missing.error();
  EXPECT_EQ(missing.value().status, 400);
  EXPECT_EQ(json::parse(missing.value().body), json::parse(R"({"error":"plate missing"})"));

  EXPECT_TRUE(events().empty());
}

TEST_F(CameraReceiverTest, InvalidUtf8IsRejectedWithValidJson) {
  ::testing::internal::CaptureStderr();
  auto r = send("POST", "/camera/generic", "{\"plate\":\"\xbe\xa9H12345\",\"lane\":\"L1\"}");
  ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().status, 400);
  EXPECT_NO_THROW(json::parse(r.value().body)) << r.value().body;  // 京 in GBK, not UTF-8
  EXPECT_TRUE(events().empty());
}

TEST_F(CameraReceiverTest, SinkRefusalIs422) {
  refuse_with("lane L1 is closed");
  ::testing::internal::CaptureStderr();
  auto r = send("POST", "/camera/vzenith/L1", vzenith_body().dump());
  ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().status, 422);
  EXPECT_EQ(json::parse(r.value().body), json::parse(R"({"error":"lane L1 is closed"})"));
}

TEST_F(CameraReceiverTest, AnUnknownLaneIs422AndItsPictureIsNotDecoded) {
  json body = vzenith_body();
  body["AlarmInfoPlate"]["result"]["PlateResult"]["imageFile"] =
      base64_encode(test_support::png_claiming(3840, 2160));  // would fail to decode
  ::testing::internal::CaptureStderr();
  auto r = send("POST", "/camera/vzenith/L9", body.dump());
  const std::string log = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().status, 422);
  EXPECT_EQ(json::parse(r.value().body).at("error"),
            "unknown lane 'L9'; configured lanes: L1, L2, L3");
  EXPECT_THAT(log, HasSubstr("camera: refused event 豫H12345 from 127.0.0.1:"));
  EXPECT_TRUE(events().empty());
}

// A picture claiming 50000x50000 pixels is answered 400 from its header, never decoded, and
// never reaches the lanes.
TEST_F(CameraReceiverTest, ADecompressionBombIs400AndNeverReachesTheSink) {
  json body = {{"plate", "豫H12345"},
               {"lane", "L1"},
               {"image_jpeg_base64", base64_encode(test_support::png_claiming(50000, 50000))}};
  ::testing::internal::CaptureStderr();
  auto r = send("POST", "/camera/generic", body.dump());
  const std::string log = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().status, 400);
  EXPECT_THAT(json::parse(r.value().body).at("error").get<std::string>(),
              StartsWith("image_jpeg_base64 is refused: PNG of 50000x50000 pixels is over the "
                         "limit"));
  EXPECT_THAT(log, HasSubstr("it was not decoded"));
  EXPECT_TRUE(events().empty());
}

// A picture that passes its header check but does not decode is a 400 from the decoding thread.
TEST_F(CameraReceiverTest, APictureThatDoesNotDecodeIs400) {
  json body = {{"plate", "豫H12345"},
               {"lane", "L2"},
               {"image_jpeg_base64", base64_encode(test_support::png_claiming(640, 480))}};
  ::testing::internal::CaptureStderr();
  auto r = send("POST", "/camera/generic", body.dump());
  ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().status, 400);
  EXPECT_THAT(json::parse(r.value().body).at("error").get<std::string>(),
              StartsWith("image_jpeg_base64 does not decode as an image: could not decode"));
  EXPECT_TRUE(events().empty());
}

// The plate close-up is decoded like the main picture: one that does not decode refuses the
// event with a 400 naming its field, and a good one reaches the sink beside the main picture.
TEST_F(CameraReceiverTest, ACloseupThatDoesNotDecodeIs400AndAGoodOneReachesTheSink) {
  const std::string jpeg = test_support::make_jpeg(7);
  json body = vzenith_body();
  auto& pr = body["AlarmInfoPlate"]["result"]["PlateResult"];
  pr["imageFile"] = base64_encode(jpeg);
  pr["imageFragmentFile"] = base64_encode(test_support::png_claiming(640, 480));
  ::testing::internal::CaptureStderr();
  auto bad = send("POST", "/camera/vzenith/L1", body.dump());
  ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(bad.ok()) << bad.error();
  EXPECT_EQ(bad.value().status, 400);
  EXPECT_THAT(json::parse(bad.value().body).at("error").get<std::string>(),
              StartsWith("AlarmInfoPlate.result.PlateResult.imageFragmentFile does not decode"));
  EXPECT_TRUE(events().empty());

  pr["imageFragmentFile"] = base64_encode(test_support::make_jpeg(8));
  auto good = send("POST", "/camera/vzenith/L1", body.dump());
  ASSERT_TRUE(good.ok()) << good.error();
  EXPECT_EQ(good.value().status, 200);
  const auto evs = events();
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].image_jpeg, jpeg);
  EXPECT_EQ(evs[0].closeup_jpeg, test_support::make_jpeg(8));
}

// While one lane's event is still being handed over, another lane's goes through, and the
// first lane's next event waits its turn: each lane keeps its order, no lane waits for another.
TEST_F(CameraReceiverTest, EachLaneKeepsItsOrderAndNoLaneWaitsForAnother) {
  auto generic = [](const std::string& plate, const std::string& lane) {
    return json{{"plate", plate}, {"lane", lane}}.dump();
  };
  hold("L1");
  std::thread first([&] { (void)send("POST", "/camera/generic", generic("豫H11111", "L1")); });
  ASSERT_TRUE(wait_until([&] { return plates().size() == 1; }));
  std::thread second([&] { (void)send("POST", "/camera/generic", generic("豫H22222", "L1")); });
  ASSERT_TRUE(wait_until([&] { return arrivals_.load() == 2; }));
  auto other = send("POST", "/camera/generic", generic("豫H33333", "L2"));
  ASSERT_TRUE(other.ok()) << other.error();
  EXPECT_EQ(other.value().status, 200);
  EXPECT_THAT(plates(), ElementsAre("豫H11111", "豫H33333")) << "L1's second event waits";
  release();
  first.join();
  second.join();
  EXPECT_THAT(plates(), ElementsAre("豫H11111", "豫H33333", "豫H22222"));
}

TEST_F(CameraReceiverTest, UnknownPathIs404AndWrongMethodIs405) {
  auto r = send("POST", "/camera/axis/L1", "{}");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().status, 404);
  EXPECT_THAT(json::parse(r.value().body).at("error").get<std::string>(),
              HasSubstr("no route for /camera/axis/L1"));

  for (const char* target : {"/camera/vzenith/", "/camera/vzenith/L1/token/extra",
                             "/camera/generic/token/extra", "/camera/vzenith//token"}) {
    auto nolane = send("POST", target, vzenith_body().dump());
    ASSERT_TRUE(nolane.ok()) << nolane.error();
    EXPECT_EQ(nolane.value().status, 404) << target;
  }

  auto get = send("GET", "/camera/generic", "");
  ASSERT_TRUE(get.ok()) << get.error();
  EXPECT_EQ(get.value().status, 405);
  auto put = send("PUT", "/camera/vzenith/L1", vzenith_body().dump());
  ASSERT_TRUE(put.ok()) << put.error();
  EXPECT_EQ(put.value().status, 405);
  EXPECT_TRUE(events().empty());
}

TEST_F(CameraReceiverTest, KeepsServingAfterBadRequests) {
  ::testing::internal::CaptureStderr();
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(send("POST", "/camera/generic", "garbage").value().status, 400);
    ASSERT_EQ(send("POST", "/nowhere", "").value().status, 404);
  }
  refuse_with("lane busy");
  ASSERT_EQ(send("POST", "/camera/vzenith/L1", vzenith_body().dump()).value().status, 422);
  refuse_with("");
  ::testing::internal::GetCapturedStderr();
  auto r = send("POST", "/camera/vzenith/L1", vzenith_body().dump());
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().status, 200);
  EXPECT_EQ(events().size(), 1u);
}

TEST(CameraReceiverStartTest, BindFailureIsReported) {
  auto first = CameraReceiver::Start(
      "127.0.0.1", 0, {"L1"}, [](PlateEvent) { return Status::Ok(); }, [] { return kNow; });
  ASSERT_TRUE(first.ok()) << first.error();
  const uint16_t port = first.value()->port();
  auto second = CameraReceiver::Start(
      "127.0.0.1", port, {"L1"}, [](PlateEvent) { return Status::Ok(); }, [] { return kNow; });
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error(), "camera receiver: cannot listen on 127.0.0.1:" + std::to_string(port) +
                                ": Address already in use");
}

}  // namespace
}  // namespace gate::drivers
