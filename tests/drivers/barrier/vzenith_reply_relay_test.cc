// The Vzenith relay opened by gated's answer to the camera's push: a request taken by an answer
// is done when the answer was written and failed when it was not; a request no answer took in
// time fails and is never handed to a later answer; a stop fails what waits. And its config:
// only vendor and timeout_ms, no address or account.
#include "drivers/barrier/vzenith_reply_relay.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "drivers/barrier/camera_relay_config.h"

namespace gate::drivers {
namespace {

class Opened {
 public:
  BarrierEventHandler handler() {
    return [this](const BarrierEvent& e) {
      std::lock_guard lock(mu_);
      events_.push_back(e);
      cv_.notify_all();
    };
  }
  // The first `n` events, waiting up to 5 s for them.
  std::vector<BarrierEvent> wait_for(std::size_t n) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(5), [&] { return events_.size() >= n; });
    return events_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<BarrierEvent> events_;
};

TEST(VzenithReplyRelay, ARequestTakenByAnAnswerIsDoneWhenTheAnswerWasWritten) {
  Opened opened;
  VzenithReplyRelay relay(2000, opened.handler());
  relay.start();
  EXPECT_FALSE(relay.take_open());  // nothing asked yet: the answer says "no"
  relay.request_open(7);
  auto carry = relay.take_open();
  ASSERT_TRUE(carry);
  EXPECT_FALSE(relay.take_open());  // one command rides on one answer
  carry(true);
  const auto events = opened.wait_for(1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, BarrierEvent::Kind::kOpened);
  EXPECT_EQ(events[0].token, 7u);
  EXPECT_TRUE(events[0].ok);
  relay.stop();
  EXPECT_EQ(opened.wait_for(1).size(), 1u);  // stop answers synchronously: nothing else waited
}

TEST(VzenithReplyRelay, AnAnswerThatCouldNotBeWrittenFailsTheRequest) {
  Opened opened;
  VzenithReplyRelay relay(2000, opened.handler());
  relay.start();
  relay.request_open(3);
  relay.take_open()(false);
  const auto events = opened.wait_for(1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_FALSE(events[0].ok);
  EXPECT_NE(events[0].message.find("could not be written"), std::string::npos);
}

TEST(VzenithReplyRelay, ARequestNoAnswerTookInTimeFailsAndIsNeverCarriedLater) {
  Opened opened;
  VzenithReplyRelay relay(50, opened.handler());
  relay.start();
  relay.request_open(9);
  const auto events = opened.wait_for(1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].token, 9u);
  EXPECT_FALSE(events[0].ok);
  EXPECT_NE(events[0].message.find("within 50 ms"), std::string::npos) << events[0].message;
  EXPECT_FALSE(relay.take_open());  // the camera's next push is answered "no"
}

TEST(VzenithReplyRelay, StopFailsTheRequestsStillWaiting) {
  Opened opened;
  VzenithReplyRelay relay(5000, opened.handler());
  relay.start();
  relay.request_open(1);
  relay.request_open(2);
  relay.stop();
  const auto events = opened.wait_for(2);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_FALSE(events[0].ok);
  EXPECT_FALSE(events[1].ok);
  EXPECT_FALSE(relay.take_open());
}

TEST(VzenithRelayConfig, OnlyTheTimeoutApplies) {
  gate::v1::CameraRelay relay;
  relay.set_vendor(gate::v1::CameraRelay::VENDOR_VZENITH);
  ASSERT_TRUE(normalise_camera_relay(&relay).ok());
  EXPECT_EQ(relay.timeout_ms(), 2000);
  EXPECT_TRUE(relay.host().empty());
  relay.set_user("admin");
  const Status st = normalise_camera_relay(&relay);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("camera_relay.user is not used with VENDOR_VZENITH"),
            std::string::npos)
      << st.message();
}

}  // namespace
}  // namespace gate::drivers
