// A display behind the entrance camera's RS-485 port: the display.camera block's checks, the
// Hikvision transparent-channel calls on bytes, HikvisionSerialDisplay against the virtual
// Hikvision camera of gate-sim over loopback (Digest auth, frames decoded by the simulated
// display), and the frames a VzenithSerialDisplay keeps for the camera's next reply.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <thread>

#include "drivers/display/display_camera_config.h"
#include "drivers/display/display_frame.h"
#include "drivers/display/hikvision_serial_display.h"
#include "drivers/display/serial_passthrough.h"
#include "drivers/display/vzenith_serial_display.h"
#include "sim/devices/relay_camera.h"

namespace gate::drivers {
namespace {

using gate::v1::DisplayCamera;

bool wait_until(const std::function<bool()>& pred, int timeout_ms) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}

// A loopback port nothing listens on (bound, then released).
uint16_t unused_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

DisplayMessage message(int i) {
  return {i % 2 ? DisplayColour::kRed : DisplayColour::kGreen,
          {"豫A0000" + std::to_string(i), i % 2 ? "禁止通行" : "请通行"}};
}

DisplayCamera hikvision(int port) {
  DisplayCamera c;
  c.set_vendor(DisplayCamera::VENDOR_HIKVISION);
  c.set_host("127.0.0.1");
  c.set_port(port);
  c.set_user("admin");
  c.set_password_file("display.password");
  c.set_timeout_ms(500);
  return c;
}

// --- display.camera checks ---

TEST(DisplayCameraConfig, HikvisionDefaultsAreFilledIn) {
  DisplayCamera c = hikvision(0);
  c.clear_timeout_ms();
  ASSERT_TRUE(normalise_display_camera(&c).ok());
  EXPECT_EQ(c.port(), 80);
  EXPECT_EQ(c.serial_port(), 1);
  EXPECT_EQ(c.transparent_channel(), 1);
  EXPECT_EQ(c.timeout_ms(), 2000);
}

TEST(DisplayCameraConfig, ErrorsNameTheFieldAndWhatToWrite) {
  DisplayCamera none;
  EXPECT_EQ(normalise_display_camera(&none).message(),
            "camera.vendor is not set: write VENDOR_HIKVISION or VENDOR_VZENITH");
  DisplayCamera no_host = hikvision(80);
  no_host.clear_host();
  EXPECT_EQ(normalise_display_camera(&no_host).message(),
            "camera.host is empty: give the camera's address");
  DisplayCamera no_password = hikvision(80);
  no_password.clear_password_file();
  EXPECT_NE(normalise_display_camera(&no_password).message().find("camera.password_file"),
            std::string::npos);
  DisplayCamera bad_port = hikvision(70000);
  EXPECT_EQ(normalise_display_camera(&bad_port).message(), "camera.port 70000 is outside 1..65535");
  DisplayCamera slow = hikvision(80);
  slow.set_timeout_ms(20000);
  EXPECT_EQ(normalise_display_camera(&slow).message(),
            "camera.timeout_ms 20000 is outside 1..10000");
  DisplayCamera mixed = hikvision(80);
  mixed.set_serial_channel(1);
  EXPECT_NE(normalise_display_camera(&mixed).message().find("camera.serial_channel is for vzenith"),
            std::string::npos);
}

TEST(DisplayCameraConfig, VzenithTakesOnlyItsSerialChannel) {
  DisplayCamera v;
  v.set_vendor(DisplayCamera::VENDOR_VZENITH);
  v.set_serial_channel(1);
  EXPECT_TRUE(normalise_display_camera(&v).ok());
  v.set_serial_channel(2);
  EXPECT_EQ(normalise_display_camera(&v).message(),
            "camera.serial_channel 2 is outside 0..1 (0: RS-485-1, 1: RS-485-2)");
  DisplayCamera with_host;
  with_host.set_vendor(DisplayCamera::VENDOR_VZENITH);
  with_host.set_host("10.0.0.5");
  EXPECT_NE(normalise_display_camera(&with_host).message().find("remove host"), std::string::npos);
}

// --- Hikvision calls on bytes ---

TEST(HikvisionSerialPassthrough, TheFrameGoesUnchangedToTheConfiguredPortAndChannel) {
  DisplayCamera c = hikvision(80);
  c.set_serial_port(2);
  c.set_transparent_channel(3);
  const std::string frame = encode_display_frame(7, message(1));
  const auto send = hikvision_frame_request(c, frame);
  EXPECT_EQ(send.method, "PUT");
  EXPECT_EQ(send.target, "/ISAPI/System/Serial/ports/2/Transparent/channels/3/transData");
  EXPECT_EQ(send.content_type, "application/octet-stream");
  EXPECT_EQ(send.body, frame);  // binary, STX…ETX, not re-encoded
  std::size_t used = 0;
  auto decoded = decode_display_frame(send.body, &used);
  ASSERT_TRUE(decoded.ok()) << decoded.error();
  EXPECT_EQ(decoded.value().address, 7);
  EXPECT_EQ(decoded.value().message, message(1));
  const auto open = hikvision_open_channel_request(c);
  EXPECT_EQ(open.method, "PUT");
  EXPECT_EQ(open.target, "/ISAPI/System/Serial/ports/2/Transparent/channels/3/open");
}

TEST(HikvisionSerialPassthrough, RepliesAreJudgedByTheirIsapiStatus) {
  EXPECT_TRUE(
      judge_hikvision_serial_reply(200,
                                   "<ResponseStatus><statusCode>1</statusCode><statusString>OK"
                                   "</statusString></ResponseStatus>")
          .ok());
  const Status refused = judge_hikvision_serial_reply(
      200,
      "<ResponseStatus><statusCode>4</statusCode><statusString>Invalid Operation</statusString>"
      "<subStatusCode>notSupport</subStatusCode></ResponseStatus>");
  EXPECT_EQ(refused.message(),
            "camera answered HTTP 200 statusCode 4 \"Invalid Operation\" (notSupport)");
  EXPECT_NE(judge_hikvision_serial_reply(200, "<html>\x1b[31m</html>").message().find("?[31m"),
            std::string::npos);
}

// --- HikvisionSerialDisplay against the virtual camera ---

class HikvisionSerialDisplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sim::RelayCameraOptions o;
    o.password = "display-pw";
    auto cam = sim::RelayCamera::Start(o);
    ASSERT_TRUE(cam.ok()) << cam.error();
    camera_ = std::move(cam).value();
  }
  HikvisionSerialDisplayOptions options(uint16_t port, std::size_t queue_limit = 8) {
    HikvisionSerialDisplayOptions o;
    o.camera = hikvision(port);
    EXPECT_TRUE(normalise_display_camera(&o.camera).ok());
    o.password = "display-pw";
    o.address = 2;
    o.queue_limit = queue_limit;
    o.retry_interval_ms = 50;
    return o;
  }
  std::unique_ptr<sim::RelayCamera> camera_;
};

TEST_F(HikvisionSerialDisplayTest, MessagesReachTheDisplayBehindTheCameraInOrder) {
  HikvisionSerialDisplay display(options(camera_->port()), nullptr);
  for (int i = 0; i < 3; ++i) display.show(message(i));
  ASSERT_TRUE(wait_until([&] { return camera_->display_shown().size() == 3; }, 5000));
  const auto shown = camera_->display_shown();
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(shown[i].message, message(i));
    EXPECT_EQ(shown[i].address, 2);
  }
  EXPECT_EQ(camera_->display_bad_frames(), 0);
  EXPECT_EQ(camera_->refused_logins(), 0);
  EXPECT_EQ(display.counters().sent, 3u);
  EXPECT_TRUE(display.counters().answering);
}

TEST_F(HikvisionSerialDisplayTest, ASilentCameraNeverBlocksShowAndTheLatestIsShownLater) {
  camera_->set_behaviour(sim::RelayBehaviour::kSilent);
  std::vector<std::string> logs;
  std::mutex mu;
  HikvisionSerialDisplay display(options(camera_->port(), 2), [&](const std::string& m) {
    std::lock_guard lock(mu);
    logs.push_back(m);
  });
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 6; ++i) display.show(message(i));
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took, std::chrono::milliseconds(50));  // the call takes up to 500 ms: not here
  ASSERT_TRUE(wait_until(
      [&] {
        std::lock_guard lock(mu);
        return !logs.empty();
      },
      5000));
  EXPECT_NE(logs[0].find("not shown"), std::string::npos) << logs[0];
  camera_->set_behaviour(sim::RelayBehaviour::kConfirm);
  ASSERT_TRUE(wait_until([&] { return camera_->display_shown().size() >= 2; }, 5000));
  // The queue kept the two latest; older ones were dropped, not shown late.
  const auto shown = camera_->display_shown();
  EXPECT_EQ(shown.back().message, message(5));
  for (const auto& s : shown) EXPECT_NE(s.message, message(0));
  EXPECT_GE(display.counters().dropped, 3u);
}

TEST_F(HikvisionSerialDisplayTest, AnAbsentCameraIsRetriedWithoutBlocking) {
  std::atomic<int> logged{0};
  HikvisionSerialDisplay display(options(unused_port()), [&](const std::string&) { ++logged; });
  display.show(message(1));
  ASSERT_TRUE(wait_until([&] { return logged.load() >= 1; }, 5000));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // several retries
  EXPECT_EQ(logged.load(), 1);                                  // once per change, not per attempt
  EXPECT_EQ(display.counters().sent, 0u);
  EXPECT_FALSE(display.counters().answering);
}

TEST_F(HikvisionSerialDisplayTest, WrongCredentialsAreNamedInTheLog) {
  auto o = options(camera_->port());
  o.password = "wrong";
  std::string first;
  std::mutex mu;
  HikvisionSerialDisplay display(std::move(o), [&](const std::string& m) {
    std::lock_guard lock(mu);
    if (first.empty()) first = m;
  });
  display.show(message(0));
  ASSERT_TRUE(wait_until(
      [&] {
        std::lock_guard lock(mu);
        return !first.empty();
      },
      5000));
  EXPECT_NE(first.find("display.camera.password_file"), std::string::npos) << first;
  EXPECT_TRUE(camera_->display_shown().empty());
}

// --- Vzenith: frames wait for the camera's next reply ---

TEST(VzenithSerialDisplay, FramesWaitForTheReplyAndTheLatestAreKept) {
  VzenithSerialDisplay display(4, 1, 2);
  EXPECT_TRUE(display.take_frames().empty());
  for (int i = 0; i < 3; ++i) display.show(message(i));
  const auto frames = display.take_frames();
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0], encode_display_frame(4, message(1)));
  EXPECT_EQ(frames[1], encode_display_frame(4, message(2)));
  EXPECT_EQ(display.dropped(), 1u);
  EXPECT_EQ(display.serial_channel(), 1);
  EXPECT_TRUE(display.take_frames().empty());  // taken once
  display.stop();
  display.show(message(5));
  EXPECT_TRUE(display.take_frames().empty());
}

}  // namespace
}  // namespace gate::drivers
