// CameraReceiver end to end on loopback: HTTP in, PlateEvent at the sink, answers checked.
#include "drivers/camera/camera_receiver.h"

#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "drivers/http/http_client.h"

namespace gate::drivers {
namespace {

using json = nlohmann::json;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr int64_t kNow = 1718000000500;

class CameraReceiverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = CameraReceiver::Start(
        io_, "127.0.0.1", 0,
        [this](PlateEvent ev) -> Status {
          std::lock_guard lock(mu_);
          if (!refusal_.empty()) return Error{refusal_};
          events_.push_back(std::move(ev));
          return Status::Ok();
        },
        [] { return kNow; });
    ASSERT_TRUE(r.ok()) << r.error();
    receiver_ = std::move(r).value();
    thread_ = std::thread([this] { io_.run(); });
  }

  void TearDown() override {
    receiver_.reset();
    guard_.reset();
    io_.stop();
    thread_.join();
  }

  Result<HttpReply> send(const std::string& method, const std::string& target,
                         const std::string& body) {
    return http_request(HttpUrl{"127.0.0.1", receiver_->port(), "/"}, method, target, body,
                        "application/json", 5000);
  }

  std::vector<PlateEvent> events() {
    std::lock_guard lock(mu_);
    return events_;
  }

  void refuse_with(const std::string& message) {
    std::lock_guard lock(mu_);
    refusal_ = message;
  }

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_ =
      boost::asio::make_work_guard(io_);
  std::unique_ptr<CameraReceiver> receiver_;
  std::thread thread_;
  std::mutex mu_;
  std::vector<PlateEvent> events_;
  std::string refusal_;
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
  EXPECT_EQ(read.time_unix_ms(), 1718000000250);
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
  EXPECT_EQ(read.time_unix_ms(), kNow);  // absent in the body: the receiver's clock
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
  refuse_with("unknown lane \"L9\"");
  ::testing::internal::CaptureStderr();
  auto r = send("POST", "/camera/vzenith/L9", vzenith_body().dump());
  ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().status, 422);
  EXPECT_EQ(json::parse(r.value().body), json::parse(R"({"error":"unknown lane \"L9\""})"));
}

TEST_F(CameraReceiverTest, UnknownPathIs404AndWrongMethodIs405) {
  auto r = send("POST", "/camera/hikvision/L1", "{}");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().status, 404);
  EXPECT_THAT(json::parse(r.value().body).at("error").get<std::string>(),
              HasSubstr("no route for /camera/hikvision/L1"));

  for (const char* target : {"/camera/vzenith/", "/camera/vzenith/L1/extra"}) {
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
  boost::asio::io_context io;
  auto first = CameraReceiver::Start(
      io, "127.0.0.1", 0, [](PlateEvent) { return Status::Ok(); }, [] { return kNow; });
  ASSERT_TRUE(first.ok()) << first.error();
  const uint16_t port = first.value()->port();
  auto second = CameraReceiver::Start(
      io, "127.0.0.1", port, [](PlateEvent) { return Status::Ok(); }, [] { return kNow; });
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error(), "camera receiver: cannot listen on 127.0.0.1:" + std::to_string(port) +
                                ": Address already in use");
}

}  // namespace
}  // namespace gate::drivers
