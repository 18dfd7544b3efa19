// The answer to a Vzenith push: "info":"no" always, and the frames waiting for the camera's
// serial ports as serialData (base64 data, dataLen) only when there are some; through a real
// CameraReceiver on loopback, the frames of the pushing camera's lane, taken once.
#include "drivers/camera/vzenith_reply.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <mutex>
#include <string>
#include <vector>

#include "drivers/camera/camera_receiver.h"
#include "drivers/camera/plate_event.h"
#include "drivers/http/http_client.h"

namespace gate::drivers {
namespace {

using json = nlohmann::json;

const std::string kFrame("\x02\x01\x00\x03\x31G\x00\xAA\xBB\x03", 10);

TEST(VzenithReply, WithoutFramesItIsThePlainAcknowledgement) {
  EXPECT_EQ(json::parse(vzenith_push_reply({})),
            json::parse(R"({"Response_AlarmInfoPlate":{"info":"no","content":"received"}})"));
}

TEST(VzenithReply, FramesGoAsSerialDataInBase64WithTheirLength) {
  const json reply = json::parse(vzenith_push_reply({{0, kFrame}, {1, "AB"}}));
  const json& r = reply.at("Response_AlarmInfoPlate");
  EXPECT_EQ(r.at("info"), "no");  // never "ok": the camera must not open the barrier itself
  ASSERT_EQ(r.at("serialData").size(), 2u);
  const json& first = r.at("serialData")[0];
  EXPECT_EQ(first.at("serialChannel"), 0);
  EXPECT_EQ(first.at("dataLen"), 10);
  auto bytes = base64_decode(first.at("data").get<std::string>());
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(bytes.value(), kFrame);
  EXPECT_EQ(r.at("serialData")[1].at("serialChannel"), 1);
  EXPECT_EQ(r.at("serialData")[1].at("data"), "QUI=");
}

json vzenith_push(const std::string& plate) {
  return json{{"AlarmInfoPlate",
               {{"serialno", "vz-001"},
                {"result",
                 {{"PlateResult", {{"license", plate}, {"colorType", 2}, {"confidence", 97}}}}}}}};
}

TEST(VzenithReply, TheReceiverAnswersTheLanesCameraWithItsWaitingFrames) {
  std::mutex mu;
  std::vector<std::string> asked;
  std::vector<VzenithSerialData> waiting{{0, kFrame}};
  CameraReceiverOptions o;
  o.lane_ids = {"L1", "L2"};
  o.sink = [](PlateEvent) { return Status::Ok(); };
  o.clock = [] { return int64_t{1718000000500}; };
  o.access.allow_undeclared = true;
  o.vzenith_serial_data = [&](const std::string& lane) {
    std::lock_guard lock(mu);
    asked.push_back(lane);
    return lane == "L1" ? std::exchange(waiting, {}) : std::vector<VzenithSerialData>{};
  };
  auto receiver = CameraReceiver::Start(std::move(o));
  ASSERT_TRUE(receiver.ok()) << receiver.error();
  const HttpUrl url{"127.0.0.1", receiver.value()->port(), "/"};
  auto post = [&](const std::string& lane, const std::string& plate) {
    auto r = http_request(url, "POST", "/camera/vzenith/" + lane, vzenith_push(plate).dump(),
                          "application/json", 5000);
    EXPECT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r.value().status, 200) << r.value().body;
    return json::parse(r.value().body).at("Response_AlarmInfoPlate");
  };
  const json other_lane = post("L2", "豫H00002");
  EXPECT_FALSE(other_lane.contains("serialData"));
  const json first = post("L1", "豫H00001");
  ASSERT_TRUE(first.contains("serialData")) << first;
  EXPECT_EQ(base64_decode(first.at("serialData")[0].at("data").get<std::string>()).value(), kFrame);
  const json second = post("L1", "豫H00003");  // taken by the first answer
  EXPECT_FALSE(second.contains("serialData")) << second;
  std::lock_guard lock(mu);
  EXPECT_EQ(asked, (std::vector<std::string>{"L2", "L1", "L1"}));
}

}  // namespace
}  // namespace gate::drivers
