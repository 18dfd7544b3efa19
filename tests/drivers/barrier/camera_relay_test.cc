// CameraRelayBarrier against the virtual relay camera (sim/devices/relay_camera) over loopback:
// confirmed opens, refused credentials, a silent camera, refusals and garbage, the probe.
#include "drivers/barrier/camera_relay.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "sim/devices/relay_camera.h"

namespace gate::drivers {
namespace {

using namespace std::chrono_literals;
using Kind = BarrierEvent::Kind;
using gate::v1::CameraRelay;

class EventLog {
 public:
  BarrierEventHandler handler() {
    return [this](const BarrierEvent& ev) {
      std::lock_guard<std::mutex> lock(mu_);
      events_.push_back(ev);
      cv_.notify_all();
    };
  }
  // The first event of `kind` (and `token`, for kOpened), waiting up to 5 s.
  std::optional<BarrierEvent> wait_for(Kind kind, uint64_t token = 0) {
    std::unique_lock<std::mutex> lock(mu_);
    std::optional<BarrierEvent> found;
    cv_.wait_for(lock, 5s, [&] {
      for (const auto& e : events_) {
        if (e.kind == kind && (kind != Kind::kOpened || e.token == token)) {
          found = e;
          return true;
        }
      }
      return false;
    });
    return found;
  }
  int count(Kind kind) {
    std::lock_guard<std::mutex> lock(mu_);
    int n = 0;
    for (const auto& e : events_) n += e.kind == kind ? 1 : 0;
    return n;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<BarrierEvent> events_;
};

struct Rig {
  std::unique_ptr<sim::RelayCamera> camera;
  EventLog log;
  std::unique_ptr<CameraRelayBarrier> barrier;

  explicit Rig(sim::RelayVendor vendor, const std::string& password = "relay-test-password",
               const std::string& algorithm = "MD5", int probe_interval_ms = 5000) {
    sim::RelayCameraOptions o;
    o.vendor = vendor;
    o.algorithm = algorithm;
    auto started = sim::RelayCamera::Start(o);
    if (!started.ok()) throw std::runtime_error(started.error());
    camera = std::move(started).value();
    CameraRelay relay;
    relay.set_vendor(vendor == sim::RelayVendor::kDahua ? CameraRelay::VENDOR_DAHUA
                                                        : CameraRelay::VENDOR_HIKVISION);
    relay.set_host("127.0.0.1");
    relay.set_port(camera->port());
    relay.set_user("admin");
    relay.set_password_file("unused-here");
    relay.set_timeout_ms(400);
    relay.set_probe_interval_ms(probe_interval_ms);
    barrier = std::make_unique<CameraRelayBarrier>(relay, password, log.handler());
    barrier->start();
  }
};

TEST(CameraRelayBarrier, HikvisionConfirmedOpenPulsesTheRelay) {
  Rig rig(sim::RelayVendor::kHikvision);
  rig.barrier->request_open(7);
  auto opened = rig.log.wait_for(Kind::kOpened, 7);
  ASSERT_TRUE(opened);
  EXPECT_TRUE(opened->ok) << opened->message;
  EXPECT_EQ(rig.camera->pulses(), 1);
  EXPECT_TRUE(rig.barrier->connected());
  EXPECT_FALSE(rig.barrier->has_loop_inputs());
  EXPECT_EQ(rig.log.count(Kind::kFault), 0);
}

TEST(CameraRelayBarrier, DahuaConfirmedOpenWithSha256Challenge) {
  Rig rig(sim::RelayVendor::kDahua, "relay-test-password", "SHA-256");
  rig.barrier->request_open(3);
  auto opened = rig.log.wait_for(Kind::kOpened, 3);
  ASSERT_TRUE(opened);
  EXPECT_TRUE(opened->ok) << opened->message;
  EXPECT_EQ(rig.camera->pulses(), 1);
}

TEST(CameraRelayBarrier, WrongPasswordIsAFaultThatSaysSo) {
  Rig rig(sim::RelayVendor::kHikvision, "not-the-password");
  auto fault = rig.log.wait_for(Kind::kFault);  // from the first probe
  ASSERT_TRUE(fault);
  EXPECT_NE(fault->message.find("refused user \"admin\""), std::string::npos) << fault->message;
  EXPECT_NE(fault->message.find("password_file"), std::string::npos) << fault->message;
  rig.barrier->request_open(1);
  auto opened = rig.log.wait_for(Kind::kOpened, 1);
  ASSERT_TRUE(opened);
  EXPECT_FALSE(opened->ok);
  EXPECT_NE(opened->message.find("refused user"), std::string::npos) << opened->message;
  EXPECT_EQ(rig.camera->pulses(), 0);
  EXPECT_GE(rig.camera->refused_logins(), 2);
}

TEST(CameraRelayBarrier, SilentCameraTimesOutClosedAndIsNotRetried) {
  Rig rig(sim::RelayVendor::kHikvision);
  for (int i = 0; i < 200 && !rig.barrier->connected(); ++i) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(rig.barrier->connected());
  rig.camera->set_behaviour(sim::RelayBehaviour::kSilent);
  const auto asked = std::chrono::steady_clock::now();
  rig.barrier->request_open(5);
  auto opened = rig.log.wait_for(Kind::kOpened, 5);
  ASSERT_TRUE(opened);
  EXPECT_FALSE(opened->ok);
  EXPECT_NE(opened->message.find("timeout"), std::string::npos) << opened->message;
  EXPECT_LT(std::chrono::steady_clock::now() - asked, 2s);
  ASSERT_TRUE(rig.log.wait_for(Kind::kFault));
  EXPECT_FALSE(rig.barrier->connected());
  // The camera answering again later must not open the barrier for the failed request.
  rig.camera->set_behaviour(sim::RelayBehaviour::kConfirm);
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(rig.camera->pulses(), 0);
}

TEST(CameraRelayBarrier, RefusalCarriesTheCamerasStatusText) {
  Rig rig(sim::RelayVendor::kHikvision);
  rig.camera->set_behaviour(sim::RelayBehaviour::kRefuse);
  rig.barrier->request_open(2);
  auto opened = rig.log.wait_for(Kind::kOpened, 2);
  ASSERT_TRUE(opened);
  EXPECT_FALSE(opened->ok);
  EXPECT_NE(opened->message.find("Invalid Operation"), std::string::npos) << opened->message;
  EXPECT_TRUE(rig.log.wait_for(Kind::kFault));
}

TEST(CameraRelayBarrier, GarbageIsAFailureAndCannotForgeALogLine) {
  for (auto vendor : {sim::RelayVendor::kHikvision, sim::RelayVendor::kDahua}) {
    Rig rig(vendor);
    rig.camera->set_behaviour(sim::RelayBehaviour::kGarbage);
    rig.barrier->request_open(9);
    auto opened = rig.log.wait_for(Kind::kOpened, 9);
    ASSERT_TRUE(opened);
    EXPECT_FALSE(opened->ok);
    EXPECT_NE(opened->message.find("not a camera"), std::string::npos) << opened->message;
    EXPECT_EQ(opened->message.find('\x1b'), std::string::npos);
  }
}

TEST(CameraRelayBarrier, ProbeReportsAnOutageBeforeATruckAndTheRecovery) {
  Rig rig(sim::RelayVendor::kDahua, "relay-test-password", "MD5", 100);
  rig.camera->set_behaviour(sim::RelayBehaviour::kSilent);
  auto fault = rig.log.wait_for(Kind::kFault);
  ASSERT_TRUE(fault);
  EXPECT_NE(fault->message.find("not answering"), std::string::npos) << fault->message;
  rig.camera->set_behaviour(sim::RelayBehaviour::kConfirm);
  ASSERT_TRUE(rig.log.wait_for(Kind::kRecovered));
  EXPECT_TRUE(rig.barrier->connected());
  EXPECT_EQ(rig.log.count(Kind::kFault), 1);
  EXPECT_EQ(rig.camera->pulses(), 0);
}

}  // namespace
}  // namespace gate::drivers
