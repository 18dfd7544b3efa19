// gated's config file with a lane display behind the entrance camera (display { camera { … } }):
// defaults filled in, the password file resolved against the config's folder and read, and
// every mistake named at the display block's line with the field and what to do.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "firmware-host/config/config_loader.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* kFile = "gated.textproto";

// A one-lane config whose display block (line 6) is `display`.
std::string with_display(const std::string& display) {
  return "gate_id: \"G1\"\n"                                       // 1
         "database_path: \"gate.db\"\n"                            // 2
         "lanes {\n"                                               // 3
         "  lane_id: \"L1\"\n"                                     // 4
         "  barrier { tcp { host: \"127.0.0.1\" port: 1502 } }\n"  // 5
         "  display { " +
         display +
         " }\n"                           // 6
         "}\n"                            // 7
         "policy { version: \"v1\" }\n";  // 8
}

void expect_display_error(const std::string& display, const std::string& what) {
  auto r = parse_config(with_display(display), kFile, "/srv/gate");
  ASSERT_FALSE(r.ok()) << display;
  EXPECT_THAT(r.error(), StartsWith(std::string(kFile) + ":6:")) << r.error();
  EXPECT_THAT(r.error(), HasSubstr("lanes[0].display: ")) << r.error();
  EXPECT_THAT(r.error(), HasSubstr(what)) << r.error();
}

TEST(DisplayCameraConfigLoader, HikvisionDefaultsAndThePasswordFileBesideTheConfig) {
  test_support::TempDir dir;
  { std::ofstream(dir.path() + "/camera.password") << "s3cret\n"; }
  auto r = parse_config(with_display("address: 2 camera { vendor: VENDOR_HIKVISION host: "
                                     "\"192.168.1.64\" user: \"gate\" password_file: "
                                     "\"camera.password\" }"),
                        kFile, dir.path());
  ASSERT_TRUE(r.ok()) << r.error();
  const auto& d = r.value().lanes(0).display();
  EXPECT_EQ(d.camera().password_file(), dir.path() + "/camera.password");
  EXPECT_EQ(d.camera().port(), 80);
  EXPECT_EQ(d.camera().serial_port(), 1);
  EXPECT_EQ(d.camera().timeout_ms(), 2000);
  EXPECT_EQ(d.queue_limit(), 8);
}

TEST(DisplayCameraConfigLoader, AMissingPasswordFileIsNamed) {
  test_support::TempDir dir;
  auto r = parse_config(with_display("camera { vendor: VENDOR_HIKVISION host: \"10.0.0.5\" "
                                     "user: \"gate\" password_file: \"absent.password\" }"),
                        kFile, dir.path());
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), HasSubstr("display.camera.password_file"));
  EXPECT_THAT(r.error(), HasSubstr("cannot read it"));
}

TEST(DisplayCameraConfigLoader, MistakesNameTheFieldAndWhatToDo) {
  expect_display_error("address: 1", "host is required");
  expect_display_error("address: 1", "or a camera { … } block");
  expect_display_error("host: \"10.0.0.9\" port: 5005 camera { vendor: VENDOR_VZENITH }",
                       "remove host and port");
  expect_display_error("camera { host: \"10.0.0.5\" }", "camera.vendor is not set");
  expect_display_error("camera { vendor: VENDOR_HIKVISION host: \"10.0.0.5\" }",
                       "camera.user is empty");
  expect_display_error("camera { vendor: VENDOR_VZENITH serial_channel: 5 }",
                       "camera.serial_channel 5 is outside 0..1");
  expect_display_error("camera { vendor: VENDOR_VZENITH user: \"gate\" }", "remove host");
}

TEST(DisplayCameraConfigLoader, VzenithNeedsNoAddress) {
  auto r = parse_config(with_display("camera { vendor: VENDOR_VZENITH serial_channel: 1 }"), kFile,
                        "/srv/gate");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().lanes(0).display().camera().serial_channel(), 1);
}

}  // namespace
}  // namespace gate::host
