// lanes[].push_cameras and camera.replay_*: defaults, file:line errors, secrets from files, and
// a camera port beyond loopback without declared cameras.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <initializer_list>
#include <string>

#include "firmware-host/config/config_loader.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* kFile = "gated.textproto";

// Line 1..6 fixed; the camera block's lines follow from line 7; then the lane's end.
std::string with_camera(std::initializer_list<std::string> camera_lines,
                        const std::string& listen = "127.0.0.1") {
  std::string out =
      "gate_id: \"G1\"\n"             // 1
      "database_path: \"gate.db\"\n"  // 2
      "camera { listen_address: \"" +
      listen +
      "\" port: 8081 }\n"                                       // 3
      "lanes {\n"                                               // 4
      "  lane_id: \"L1\"\n"                                     // 5
      "  barrier { tcp { host: \"127.0.0.1\" port: 1502 } }\n"  // 6
      "  push_cameras {\n";                                     // 7
  for (const auto& l : camera_lines) out += "    " + l + "\n";  // 8…
  out += "  }\n}\npolicy { version: \"test-1\" }\n";
  return out;
}

void expect_error_at(const std::string& text, int line, const std::string& what) {
  auto r = parse_config(text, kFile, "/srv/gate");
  ASSERT_FALSE(r.ok()) << "expected an error at line " << line << " for:\n" << text;
  EXPECT_THAT(r.error(), StartsWith(std::string(kFile) + ":" + std::to_string(line) + ":"))
      << r.error();
  EXPECT_THAT(r.error(), HasSubstr(what));
}

TEST(PushCameraConfig, ADeclaredCameraGetsItsDefaults) {
  auto r =
      parse_config(with_camera({R"(camera_id: "hik-1")", "vendor: PUSH_CAMERA_VENDOR_HIKVISION",
                                R"(source_address: "10.20.0.11")", "auth: PUSH_CAMERA_AUTH_NONE"},
                               "0.0.0.0"),
                   kFile, "/srv/gate");
  ASSERT_TRUE(r.ok()) << r.error();
  const auto& c = r.value().lanes(0).push_cameras(0);
  EXPECT_EQ(c.clock_tolerance_s(), 120);
  EXPECT_EQ(r.value().camera().replay_window_s(), 120);
  EXPECT_EQ(r.value().camera().replay_memory(), 1024);
}

TEST(PushCameraConfig, EachMissingOrWrongFieldNamesItsLine) {
  expect_error_at(with_camera({R"(camera_id: "a b")", "vendor: PUSH_CAMERA_VENDOR_DAHUA"}), 8,
                  "camera_id is required");
  expect_error_at(with_camera({R"(camera_id: "c1")", R"(source_address: "10.0.0.1")"}), 7,
                  ".vendor is required");
  expect_error_at(with_camera({R"(camera_id: "c1")", "vendor: PUSH_CAMERA_VENDOR_DAHUA",
                               R"(source_address: "cam.local")", "auth: PUSH_CAMERA_AUTH_NONE"}),
                  10, "is not an IP address");
  expect_error_at(with_camera({R"(camera_id: "c1")", "vendor: PUSH_CAMERA_VENDOR_DAHUA",
                               R"(source_address: "10.0.0.1")"}),
                  7, ".auth is required");
  expect_error_at(with_camera({R"(camera_id: "c1")", "vendor: PUSH_CAMERA_VENDOR_DAHUA",
                               R"(source_address: "10.0.0.1")", "auth: PUSH_CAMERA_AUTH_DIGEST",
                               R"(username: "itc")"}),
                  7, "exactly one of password and password_file");
  expect_error_at(with_camera({R"(camera_id: "c1")", "vendor: PUSH_CAMERA_VENDOR_DAHUA",
                               R"(source_address: "10.0.0.1")", "auth: PUSH_CAMERA_AUTH_PATH_TOKEN",
                               R"(token: "short")"}),
                  12, "at least 16 characters");
  expect_error_at(with_camera({R"(camera_id: "c1")", "vendor: PUSH_CAMERA_VENDOR_DAHUA",
                               R"(source_address: "10.0.0.1")", "auth: PUSH_CAMERA_AUTH_NONE",
                               R"(password: "x")"}),
                  11, "takes no username, password or token");
  expect_error_at(with_camera({R"(camera_id: "c1")", "vendor: PUSH_CAMERA_VENDOR_DAHUA",
                               R"(source_address: "10.0.0.1")", "auth: PUSH_CAMERA_AUTH_NONE",
                               "clock_tolerance_s: 90000"}),
                  12, "clock_tolerance_s must be 1..86400");
}

TEST(PushCameraConfig, TwoCamerasOfOneVendorAtOneAddressAreRefused) {
  std::string text = with_camera({R"(camera_id: "c1")", "vendor: PUSH_CAMERA_VENDOR_DAHUA",
                                  R"(source_address: "10.0.0.1")", "auth: PUSH_CAMERA_AUTH_NONE"});
  text.replace(text.find("  }\n}"), 5,
               "  }\n  push_cameras { camera_id: \"c2\" vendor: PUSH_CAMERA_VENDOR_DAHUA "
               "source_address: \"10.0.0.1\" auth: PUSH_CAMERA_AUTH_NONE }\n}");
  expect_error_at(text, 13, "already declared for lane L1");
}

TEST(PushCameraConfig, BeyondLoopbackWithoutDeclaredCamerasIsRefused) {
  const std::string text =
      "gate_id: \"G1\"\ndatabase_path: \"gate.db\"\ncamera { listen_address: \"0.0.0.0\" }\n"
      "lanes { lane_id: \"L1\" barrier { tcp { host: \"127.0.0.1\" port: 1502 } } }\n"
      "policy { version: \"test-1\" }\n";
  expect_error_at(text, 3, "no lane declares push_cameras");
}

TEST(PushCameraConfig, SecretsAreReadFromFiles) {
  test_support::TempDir dir;
  std::ofstream(dir.file("cam.password")) << "s3cret\n";
  std::ofstream(dir.file("cam.token")) << "0123456789abcdef0123\n";
  std::ofstream(dir.file("short.token")) << "abc\n";
  auto digest =
      parse_config(with_camera({R"(camera_id: "c1")", "vendor: PUSH_CAMERA_VENDOR_DAHUA",
                                R"(source_address: "10.0.0.1")", "auth: PUSH_CAMERA_AUTH_DIGEST",
                                R"(username: "itc")", R"(password_file: "cam.password")"}),
                   kFile, dir.path());
  ASSERT_TRUE(digest.ok()) << digest.error();
  EXPECT_EQ(digest.value().lanes(0).push_cameras(0).password(), "s3cret");
  auto token =
      parse_config(with_camera({R"(camera_id: "c1")", "vendor: PUSH_CAMERA_VENDOR_HIKVISION",
                                R"(source_address: "10.0.0.1")",
                                "auth: PUSH_CAMERA_AUTH_PATH_TOKEN", R"(token_file: "cam.token")"}),
                   kFile, dir.path());
  ASSERT_TRUE(token.ok()) << token.error();
  EXPECT_EQ(token.value().lanes(0).push_cameras(0).token(), "0123456789abcdef0123");
  auto missing =
      parse_config(with_camera({R"(camera_id: "c1")", "vendor: PUSH_CAMERA_VENDOR_HIKVISION",
                                R"(source_address: "10.0.0.1")", "auth: PUSH_CAMERA_AUTH_BASIC",
                                R"(username: "u")", R"(password_file: "nope")"}),
                   kFile, dir.path());
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.error(), StartsWith(std::string(kFile) + ":13:"));
  EXPECT_THAT(missing.error(), HasSubstr("cannot read"));
  auto short_token = parse_config(
      with_camera({R"(camera_id: "c1")", "vendor: PUSH_CAMERA_VENDOR_HIKVISION",
                   R"(source_address: "10.0.0.1")", "auth: PUSH_CAMERA_AUTH_PATH_TOKEN",
                   R"(token_file: "short.token")"}),
      kFile, dir.path());
  ASSERT_FALSE(short_token.ok());
  EXPECT_THAT(short_token.error(), HasSubstr("at least 16 characters"));
}

TEST(PushCameraConfig, ReadBackIsOnWhenTheCameraApiIsGivenAndGetsItsDefaults) {
  auto r =
      parse_config(with_camera({R"(camera_id: "hik-1")", "vendor: PUSH_CAMERA_VENDOR_HIKVISION",
                                R"(source_address: "10.20.0.11")", "auth: PUSH_CAMERA_AUTH_NONE",
                                R"(api_user: "reader")", R"(api_password: "pw")"}),
                   kFile, "/srv/gate");
  ASSERT_TRUE(r.ok()) << r.error();
  const auto& c = r.value().lanes(0).push_cameras(0);
  EXPECT_EQ(c.readback(), gate::v1::PUSH_CAMERA_READBACK_ON);
  EXPECT_EQ(c.api_port(), 80u);
  EXPECT_EQ(c.readback_timeout_ms(), 800);
  auto off =
      parse_config(with_camera({R"(camera_id: "hik-1")", "vendor: PUSH_CAMERA_VENDOR_DAHUA",
                                R"(source_address: "10.20.0.11")", "auth: PUSH_CAMERA_AUTH_NONE"}),
                   kFile, "/srv/gate");
  ASSERT_TRUE(off.ok()) << off.error();
  EXPECT_EQ(off.value().lanes(0).push_cameras(0).readback(), gate::v1::PUSH_CAMERA_READBACK_OFF);
}

TEST(PushCameraConfig, TheApiPasswordIsReadFromItsFile) {
  test_support::TempDir dir;
  std::ofstream(dir.file("api.password")) << "reader-pw\n";
  auto config = [](const std::string& file) {
    return with_camera({R"(camera_id: "c1")", "vendor: PUSH_CAMERA_VENDOR_DAHUA",
                        R"(source_address: "10.0.0.1")", "auth: PUSH_CAMERA_AUTH_NONE",
                        R"(api_user: "reader")", "api_port: 8080",
                        "api_password_file: \"" + file + "\""});
  };
  auto r = parse_config(config("api.password"), kFile, dir.path());
  ASSERT_TRUE(r.ok()) << r.error();
  const auto& c = r.value().lanes(0).push_cameras(0);
  EXPECT_EQ(c.api_password(), "reader-pw");
  EXPECT_EQ(c.api_port(), 8080u);
  EXPECT_EQ(c.readback(), gate::v1::PUSH_CAMERA_READBACK_ON);
  auto missing = parse_config(config("nope"), kFile, dir.path());
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.error(), StartsWith(std::string(kFile) + ":14:"));
  EXPECT_THAT(missing.error(), HasSubstr("cannot read"));
}

TEST(PushCameraConfig, ReadBackWithoutCredentialsOrForAVendorWithoutTheApiIsAnError) {
  const std::string hik = "vendor: PUSH_CAMERA_VENDOR_HIKVISION";
  expect_error_at(with_camera({R"(camera_id: "c1")", hik, R"(source_address: "10.0.0.1")",
                               "auth: PUSH_CAMERA_AUTH_NONE", "readback: PUSH_CAMERA_READBACK_ON"}),
                  7, "readback PUSH_CAMERA_READBACK_ON needs api_user");
  expect_error_at(with_camera({R"(camera_id: "c1")", hik, R"(source_address: "10.0.0.1")",
                               "auth: PUSH_CAMERA_AUTH_NONE", R"(api_user: "reader")"}),
                  7, "exactly one of api_password and api_password_file");
  expect_error_at(with_camera({R"(camera_id: "c1")", "vendor: PUSH_CAMERA_VENDOR_VZENITH",
                               R"(source_address: "10.0.0.1")", "auth: PUSH_CAMERA_AUTH_NONE",
                               "readback: PUSH_CAMERA_READBACK_ON"}),
                  12, "only Hikvision and Dahua");
  expect_error_at(with_camera({R"(camera_id: "c1")", hik, R"(source_address: "10.0.0.1")",
                               "auth: PUSH_CAMERA_AUTH_NONE", R"(api_user: "reader")",
                               R"(api_password: "pw")", "readback_timeout_ms: 9000"}),
                  14, "readback_timeout_ms must be 100..5000");
}

TEST(PushCameraConfig, ShippedConfigsDeclareTheirCameras) {
  for (const char* rel : {"/deploy/demo/gated.textproto", "/deploy/package/gated.textproto"}) {
    std::ifstream in(std::string(GATE_SOURCE_DIR) + rel);
    std::stringstream text;
    text << in.rdbuf();
    gate::v1::GateConfig cfg;
    // The policy file and secrets are elsewhere; only the camera declarations are checked here.
    auto r = parse_config(text.str(), rel, std::string(GATE_SOURCE_DIR) + "/deploy/demo");
    if (!r.ok()) {
      EXPECT_THAT(r.error(), ::testing::Not(HasSubstr("push_cameras"))) << rel;
      continue;
    }
    EXPECT_GT(r.value().lanes(0).push_cameras_size(), 0) << rel;
  }
}

}  // namespace
}  // namespace gate::host

namespace gate::host {
namespace {

// A lane whose barrier is its Vzenith camera's relay (docs/barrier.md), with one declared camera.
std::string vzenith_relay_lane(const std::string& camera_vendor) {
  std::string text = with_camera({R"(camera_id: "c1")", "vendor: " + camera_vendor,
                                  R"(source_address: "10.0.0.1")", "auth: PUSH_CAMERA_AUTH_NONE"});
  const std::string modbus = "barrier { tcp { host: \"127.0.0.1\" port: 1502 } }";
  text.replace(text.find(modbus), modbus.size(),
               "barrier { camera_relay { vendor: VENDOR_VZENITH } }");
  return text;
}

TEST(PushCameraConfig, AVzenithRelayNeedsTheLanesVzenithCamera) {
  auto ok = parse_config(vzenith_relay_lane("PUSH_CAMERA_VENDOR_VZENITH"), kFile, "/srv/gate");
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(ok.value().lanes(0).barrier().camera_relay().timeout_ms(), 2000);
  EXPECT_EQ(ok.value().lanes(0).presence_check(), gate::v1::PRESENCE_CHECK_OFF);
  expect_error_at(vzenith_relay_lane("PUSH_CAMERA_VENDOR_HIKVISION"), 6,
                  "none of its push_cameras is one");
}

}  // namespace
}  // namespace gate::host
