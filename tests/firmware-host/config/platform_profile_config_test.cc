// gated's config with a platform profile (uplink.profile_file, docs/platform-profiles.md): the
// path is taken relative to the config's folder; a profile with a status message sets the
// heartbeat interval, one with a policy pull the downlink interval; a profile that does not load is
// named at the profile_file line with its own file:line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "firmware-host/config/config_loader.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// Line 5 is uplink's profile_file.
std::string with_profile(const std::string& profile_file, const std::string& settings) {
  return "gate_id: \"G1\"\n"                                                      // 1
         "database_path: \"gate.db\"\n"                                           // 2
         "lanes { lane_id: \"L1\" barrier { tcp { host: \"h\" port: 502 } } }\n"  // 3
         "uplink { url: \"http://127.0.0.1:9000/p\"\n"                            // 4
         "  profile_file: \"" +
         profile_file + "\"\n" + settings + "}\npolicy { version: \"v1\" }\n";
}

const char* kSettings =
    "  platform_settings { key: \"organ\" value: \"O\" }\n"
    "  platform_settings { key: \"username\" value: \"u\" }\n"
    "  platform_settings { key: \"password\" value: \"p\" }\n"
    "  platform_settings { key: \"enterprise_code\" value: \"E\" }\n"
    "  platform_settings { key: \"enterprise_name\" value: \"N\" }\n"
    "  platform_settings { key: \"gate_code\" value: \"G\" }\n";

TEST(PlatformProfileConfig, APathRelativeToTheConfigAndTheStatusIntervalAsHeartbeat) {
  const std::string base = std::string(GATE_SOURCE_DIR) + "/deploy";
  auto cfg = parse_config(with_profile("platforms/transport-control.textproto", kSettings),
                          "gated.textproto", base);
  ASSERT_TRUE(cfg.ok()) << cfg.error();
  EXPECT_EQ(cfg.value().uplink().profile_file(), base + "/platforms/transport-control.textproto");
  EXPECT_EQ(cfg.value().uplink().heartbeat_interval_ms(), 600000) << "gateStatusReport: 10 min";
  EXPECT_EQ(cfg.value().uplink().downlink_poll_interval_ms(), 600000)
      << "shareOneCtrlOnePolicyData: 10 min";
}

// A downlink interval set in the config wins over the profile's pull interval (a platform that
// allows pulling more often; gate-sim's scenarios pull every 250 ms).
TEST(PlatformProfileConfig, AConfiguredPullIntervalWinsOverTheProfiles) {
  const std::string base = std::string(GATE_SOURCE_DIR) + "/deploy";
  auto cfg =
      parse_config(with_profile("platforms/transport-control.textproto",
                                std::string(kSettings) + "  downlink_poll_interval_ms: 250\n"),
                   "gated.textproto", base);
  ASSERT_TRUE(cfg.ok()) << cfg.error();
  EXPECT_EQ(cfg.value().uplink().downlink_poll_interval_ms(), 250);
  EXPECT_EQ(cfg.value().uplink().heartbeat_interval_ms(), 600000) << "the profile's still";
}

// A setting given for one lane names a lane of the gate and has a value for the whole gate too.
TEST(PlatformProfileConfig, ALanesOwnSettingNamesALaneAndHasAGateValue) {
  const auto with_setting = [](const std::string& key) {
    return parse_config(with_profile("platforms/transport-control.textproto",
                                     std::string(kSettings) + "  platform_settings { key: \"" +
                                         key + "\" value: \"V\" }\n"),
                        "gated.textproto", std::string(GATE_SOURCE_DIR) + "/deploy");
  };
  auto ok = with_setting("gate_code@L1");
  ASSERT_TRUE(ok.ok()) << ok.error();
  auto typo = with_setting("gate_code@L9");
  ASSERT_FALSE(typo.ok());
  EXPECT_THAT(typo.error(), StartsWith("gated.textproto:"));
  EXPECT_THAT(typo.error(), HasSubstr("platform setting gate_code@L9 names lane \"L9\", which "
                                      "this gate does not have"));
  auto alone = with_setting("site@L1");
  ASSERT_FALSE(alone.ok());
  EXPECT_THAT(alone.error(), HasSubstr("give site for the whole gate too"));
}

TEST(PlatformProfileConfig, AProfileThatDoesNotLoadIsNamedWithItsOwnLine) {
  test_support::TempDir dir;
  const std::string bad = dir.write("bad.textproto", "name: \"x/1\"\nprofile_format: 7\n");
  auto cfg = parse_config(with_profile(bad, ""), "gated.textproto", dir.path());
  ASSERT_FALSE(cfg.ok());
  EXPECT_THAT(cfg.error(), StartsWith("gated.textproto:5:"));
  EXPECT_THAT(cfg.error(), HasSubstr("uplink.profile_file: " + bad + ":2:"));
  EXPECT_THAT(cfg.error(), HasSubstr("this gated reads profile_format 1"));
  auto missing = parse_config(with_profile("nowhere.textproto", ""), "gated.textproto", dir.path());
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.error(), HasSubstr("cannot read the platform profile"));
}

}  // namespace
}  // namespace gate::host
