// The camera relay's wire formats per vendor and the checks of the camera_relay block.
#include "drivers/barrier/relay_commands.h"

#include <gtest/gtest.h>

#include "drivers/barrier/barrier.h"
#include "drivers/barrier/camera_relay_config.h"

namespace gate::drivers {
namespace {

using gate::v1::CameraRelay;

CameraRelay relay(CameraRelay::Vendor vendor) {
  CameraRelay r;
  r.set_vendor(vendor);
  r.set_host("10.0.0.5");
  r.set_user("admin");
  r.set_password_file("/etc/gate/relay.password");
  EXPECT_TRUE(normalise_camera_relay(&r).ok());
  return r;
}

TEST(RelayCommands, HikvisionOpenIsAnIsapiBarrierGatePut) {
  auto r = relay(CameraRelay::VENDOR_HIKVISION);
  r.set_channel(2);
  const RelayRequest open = relay_open_request(r);
  EXPECT_EQ(open.method, "PUT");
  EXPECT_EQ(open.target, "/ISAPI/Parking/channels/2/barrierGate");
  EXPECT_NE(open.body.find("<BarrierGate><ctrlMode>open</ctrlMode></BarrierGate>"),
            std::string::npos);
  EXPECT_EQ(relay_probe_request(r).target,
            "/ISAPI/Parking/channels/2/barrierGate/barrierGateStatus");
}

TEST(RelayCommands, DahuaOpenIsTheOpenStrobeCgi) {
  const auto r = relay(CameraRelay::VENDOR_DAHUA);
  const RelayRequest open = relay_open_request(r);
  EXPECT_EQ(open.method, "GET");
  EXPECT_EQ(open.target,
            "/cgi-bin/trafficSnap.cgi?action=openStrobe&channel=1&info.openType=Normal");
  EXPECT_EQ(relay_probe_request(r).target, "/cgi-bin/magicBox.cgi?action=getDeviceType");
}

TEST(RelayCommands, HikvisionReplyMustBeStatusCodeOne) {
  const auto r = relay(CameraRelay::VENDOR_HIKVISION);
  EXPECT_TRUE(judge_open_reply(r, 200,
                               "<ResponseStatus><statusCode>1</statusCode>"
                               "<statusString>OK</statusString></ResponseStatus>")
                  .ok());
  Status refused = judge_open_reply(r, 200,
                                    "<ResponseStatus><statusCode>4</statusCode><statusString>"
                                    "Invalid Operation</statusString><subStatusCode>notSupport"
                                    "</subStatusCode></ResponseStatus>");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("statusCode 4 \"Invalid Operation\" (notSupport)"),
            std::string::npos)
      << refused.message();
  EXPECT_FALSE(judge_open_reply(r, 500, "<statusCode>1</statusCode>").ok());
  EXPECT_FALSE(judge_open_reply(r, 200, "OK").ok());
}

TEST(RelayCommands, DahuaReplyMustBeOk) {
  const auto r = relay(CameraRelay::VENDOR_DAHUA);
  EXPECT_TRUE(judge_open_reply(r, 200, "OK\r\n").ok());
  Status error = judge_open_reply(r, 200, "Error\r\nBad Request!\r\n");
  ASSERT_FALSE(error.ok());
  EXPECT_NE(error.message().find("Error??Bad Request!"), std::string::npos) << error.message();
  EXPECT_FALSE(judge_open_reply(r, 403, "OK").ok());
}

TEST(RelayCommands, ExcerptsAreShortAndPrintable) {
  EXPECT_EQ(printable_excerpt("a\nb\x1b"), "a?b?");
  EXPECT_EQ(printable_excerpt(std::string(300, 'x'), 10), std::string(10, 'x') + "…");
}

TEST(CameraRelayConfig, DefaultsAndErrorsNameTheField) {
  CameraRelay r;
  Status st = normalise_camera_relay(&r);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("camera_relay.vendor"), std::string::npos) << st.message();
  r = relay(CameraRelay::VENDOR_HIKVISION);
  EXPECT_EQ(r.port(), 80);
  EXPECT_EQ(r.channel(), 1);
  EXPECT_EQ(r.timeout_ms(), 2000);
  EXPECT_EQ(r.probe_interval_ms(), 5000);
  r.clear_password_file();
  st = normalise_camera_relay(&r);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("camera_relay.password_file"), std::string::npos);
  r = relay(CameraRelay::VENDOR_DAHUA);
  r.set_timeout_ms(60000);
  EXPECT_FALSE(normalise_camera_relay(&r).ok());
}

TEST(CameraRelayConfig, BarrierConfigTakesACameraRelayWithoutAModbusMap) {
  gate::v1::BarrierConfig cfg;
  *cfg.mutable_camera_relay() = relay(CameraRelay::VENDOR_HIKVISION);
  auto normalised = normalise_barrier_config(cfg);
  ASSERT_TRUE(normalised.ok()) << normalised.error();
  EXPECT_TRUE(normalised.value().has_camera_relay());
  cfg.mutable_camera_relay()->clear_host();
  normalised = normalise_barrier_config(cfg);
  ASSERT_FALSE(normalised.ok());
  EXPECT_NE(normalised.error().find("camera_relay.host is empty"), std::string::npos);
}

}  // namespace
}  // namespace gate::drivers
