// The answer to a Vzenith push: "info":"no" unless the lane's relay command rides on it, and the
// frames waiting for the camera's serial ports as serialData (base64 data, dataLen) only when
// there are some; through a real CameraReceiver on loopback, the frames and the relay command of
// the pushing camera's lane, taken once, and the command told that its answer was written.
#include "drivers/camera/vzenith_reply.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <memory>
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
  EXPECT_EQ(r.at("info"), "no");  // "ok" only with a relay command: the camera would open
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

TEST(VzenithReply, ARelayCommandIsInfoOk) {
  const json reply = json::parse(vzenith_push_reply({{0, "AB"}}, true));
  EXPECT_EQ(reply.at("Response_AlarmInfoPlate").at("info"), "ok");
  EXPECT_EQ(reply.at("Response_AlarmInfoPlate").at("serialData").size(), 1u);
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
  o.vzenith_reply = [&](const std::string& lane) {
    std::lock_guard lock(mu);
    asked.push_back(lane);
    VzenithReplyExtras extras;
    if (lane == "L1") extras.serial = std::exchange(waiting, {});
    return extras;
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

TEST(VzenithReply, TheLanesRelayCommandRidesOnItsCamerasAnswerAndHearsItWasWritten) {
  std::mutex mu;
  std::condition_variable cv;
  bool command_waiting = true;
  std::vector<bool> written;
  CameraReceiverOptions o;
  o.lane_ids = {"L1", "L2"};
  o.sink = [](PlateEvent) { return Status::Ok(); };
  o.clock = [] { return int64_t{1718000000500}; };
  o.access.allow_undeclared = true;
  o.vzenith_reply = [&](const std::string& lane) {
    std::lock_guard lock(mu);
    VzenithReplyExtras extras;
    if (lane == "L1" && std::exchange(command_waiting, false)) {
      extras.open_relay = [&](bool ok) {
        std::lock_guard l(mu);
        written.push_back(ok);
        cv.notify_all();
      };
    }
    return extras;
  };
  auto receiver = CameraReceiver::Start(std::move(o));
  ASSERT_TRUE(receiver.ok()) << receiver.error();
  const HttpUrl url{"127.0.0.1", receiver.value()->port(), "/"};
  auto info = [&](const std::string& lane, const std::string& plate) {
    auto r = http_request(url, "POST", "/camera/vzenith/" + lane, vzenith_push(plate).dump(),
                          "application/json", 5000);
    EXPECT_TRUE(r.ok()) << r.error();
    return json::parse(r.value().body).at("Response_AlarmInfoPlate").at("info");
  };
  EXPECT_EQ(info("L2", "豫H00002"), "no");
  EXPECT_EQ(info("L1", "豫H00001"), "ok");
  EXPECT_EQ(info("L1", "豫H00003"), "no");  // one command, one answer
  std::unique_lock lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(5), [&] { return !written.empty(); }));
  EXPECT_EQ(written, std::vector<bool>{true});
}

TEST(VzenithReply, AnAnswerNeverWrittenTellsItsCommandSo) {
  std::vector<bool> told;
  {
    auto notice = std::make_shared<WriteNotice>([&](bool ok) { told.push_back(ok); });
    HttpResponse copy{200, "application/json", "{}"};
    copy.written = notice;
    notice.reset();
    EXPECT_TRUE(told.empty());  // the answer still holds it
  }
  EXPECT_EQ(told, std::vector<bool>{false});
  WriteNotice fired([&](bool ok) { told.push_back(ok); });
  fired.fire(true);
  fired.fire(false);  // only the first counts
  EXPECT_EQ(told, (std::vector<bool>{false, true}));
}

}  // namespace
}  // namespace gate::drivers
