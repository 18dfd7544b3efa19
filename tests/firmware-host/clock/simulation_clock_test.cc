// gated's simulation mode may only run against gate-sim on this machine
// (firmware-host/clock/simulation_clock.h): every endpoint of the configuration must be
// loopback, and the refusal names the first one that is not.
#include "firmware-host/clock/simulation_clock.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gate::host {
namespace {

using ::testing::HasSubstr;

gate::v1::GateConfig loopback_gate() {
  gate::v1::GateConfig cfg;
  cfg.mutable_camera()->set_listen_address("127.0.0.1");
  auto* lane = cfg.add_lanes();
  lane->set_lane_id("L1");
  lane->mutable_barrier()->mutable_tcp()->set_host("localhost");
  auto* lane2 = cfg.add_lanes();
  lane2->set_lane_id("L2");
  lane2->mutable_barrier()->mutable_tcp()->set_host("::1");
  cfg.mutable_uplink()->set_url("http://127.0.0.1:18080/hj1321");
  cfg.mutable_api()->set_listen_address("127.0.0.1");
  return cfg;
}

TEST(SimulationClock, AGateWiredToLoopbackOnlyIsAccepted) {
  EXPECT_TRUE(check_loopback_only(loopback_gate()).ok());
  auto cfg = loopback_gate();
  cfg.mutable_uplink()->set_url("http://[::1]:18080/x");
  EXPECT_TRUE(check_loopback_only(cfg).ok());
  cfg.mutable_uplink()->clear_url();  // no uplink at all
  EXPECT_TRUE(check_loopback_only(cfg).ok());
}

TEST(SimulationClock, EachNonLoopbackEndpointIsRefusedByName) {
  auto camera = loopback_gate();
  camera.mutable_camera()->set_listen_address("0.0.0.0");
  auto st = check_loopback_only(camera);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("camera.listen_address is '0.0.0.0'"));

  auto barrier = loopback_gate();
  barrier.mutable_lanes(1)->mutable_barrier()->mutable_tcp()->set_host("192.168.1.20");
  st = check_loopback_only(barrier);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("lane L2 barrier host is '192.168.1.20'"));

  auto serial = loopback_gate();
  serial.mutable_lanes(0)->mutable_barrier()->mutable_rtu()->set_device("/dev/ttyS0");
  st = check_loopback_only(serial);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("lane L1 has a serial (RTU) barrier module"));

  auto uplink = loopback_gate();
  uplink.mutable_uplink()->set_url("https://hj1321.henan.example:8443/upload");
  st = check_loopback_only(uplink);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("uplink.url"));
  EXPECT_THAT(st.message(), HasSubstr("not 127.0.0.1"));

  auto api = loopback_gate();
  api.mutable_api()->set_listen_address("10.0.0.5");
  st = check_loopback_only(api);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("api.listen_address is '10.0.0.5'"));
}

TEST(SimulationClock, AHostThatOnlyStartsWithLocalhostIsNotLoopback) {
  auto cfg = loopback_gate();
  cfg.mutable_uplink()->set_url("http://localhost.attacker.example/x");
  EXPECT_FALSE(check_loopback_only(cfg).ok());
}

}  // namespace
}  // namespace gate::host
