// gatectl platform check / render: a shipped profile is summarised and a broken one named at its
// line; a stored passage rendered exactly as the configured transport-control profile would send
// it (URL, token header, envelope, codes, time format), as the reference profile's record, and
// the outcome a profile has no message for; a config whose profile needs settings it lacks is
// refused naming them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sstream>

#include "firmware-host/gatectl/commands.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/photo_store.h"
#include "tests/support/passages.h"
#include "tests/support/temp_dir.h"

namespace gate::ctl {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kPlatforms = std::string(GATE_SOURCE_DIR) + "/deploy/platforms/";

struct CtlRun {
  int rc;
  std::string out, err;
};

CtlRun run_ctl(const std::vector<std::string>& argv) {
  auto a = parse_args(argv);
  if (!a.ok()) return {2, "", a.error()};
  std::ostringstream out, err;
  int rc = run_command(a.value(), out, err);
  return {rc, out.str(), err.str()};
}

class PlatformCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = host::GateStore::Open(dir_.file("gate.db"));
    ASSERT_TRUE(s.ok()) << s.error();
    auto p = host::sync_test::passage("豫H00001", host::sync_test::kT0);
    // Its photo in the store beside the database, as gated keeps it.
    auto sha =
        host::PhotoStore(dir_.file("gate.db.photos")).put(std::string("\xFF\xD8\xFF\xE0jpeg", 8));
    ASSERT_TRUE(sha.ok()) << sha.error();
    p.mutable_read()->set_image_sha256(sha.value());
    ASSERT_TRUE(s.value()->commit_passage(p, host::sync_test::kT0).ok());
  }
  std::string config(const std::string& profile, const std::string& settings) {
    return dir_.write("gated.textproto",
                      "gate_id: \"G1\"\ndatabase_path: \"gate.db\"\nutc_offset_minutes: 480\n"
                      "lanes { lane_id: \"L1\" barrier { tcp { host: \"h\" port: 502 } } }\n"
                      "policy { version: \"v1\" }\n"
                      "uplink { url: \"http://10.0.0.9:8080/platform\" profile_file: \"" +
                          kPlatforms + profile + "\"\n" + settings + "}\n");
  }
  test_support::TempDir dir_;
};

const char* kTransportControlSettings =
    "platform_settings { key: \"organ\" value: \"JZ\" }\n"
    "platform_settings { key: \"username\" value: \"u\" }\n"
    "platform_settings { key: \"password\" value: \"p\" }\n"
    "platform_settings { key: \"enterprise_code\" value: \"410800001\" }\n"
    "platform_settings { key: \"enterprise_name\" value: \"焦作某钢厂\" }\n"
    "platform_settings { key: \"gate_code\" value: \"G01\" }\n";

TEST_F(PlatformCommandsTest, CheckSummarisesAShippedProfile) {
  CtlRun r = run_ctl({"platform", "check", kPlatforms + "token-rest.textproto"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("profile token-rest/1 (profile_format 1), WIRE_FIELD_MAP, login "
                               "SCHEME_TOKEN"));
  EXPECT_THAT(r.out, HasSubstr("message KIND_PASSAGE: POST <base>/transport/record/pass"));
  EXPECT_THAT(r.out, HasSubstr("settings it takes (uplink.platform_settings): company_code "
                               "company_num company_password gate_code"));
}

TEST_F(PlatformCommandsTest, CheckNamesAMistakeAtItsLine) {
  const std::string bad = dir_.write(
      "bad.textproto",
      "name: \"x/1\"\nprofile_format: 1\nsource: \"s\"\nwire: WIRE_FIELD_MAP\n"
      "login { scheme: SCHEME_NONE }\n"
      "messages { kind: KIND_PASSAGE path: \"/p\"\n  fields { name: \"v\" from: \"vin\" }\n}\n");
  CtlRun r = run_ctl({"platform", "check", bad});
  EXPECT_EQ(r.rc, 1);
  EXPECT_THAT(r.err, StartsWith(bad + ":7:"));
  EXPECT_THAT(r.err, HasSubstr("no field \"vin\" in our records"));
}

TEST_F(PlatformCommandsTest, RenderPrintsWhatTheConfiguredProfileSends) {
  const std::string cfg = config("transport-control.textproto", kTransportControlSettings);
  CtlRun r = run_ctl({"platform", "render", "--config", cfg, "--passage", "1"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("POST http://10.0.0.9:8080/platform/restapi/transportControl/"
                                "put_data\nContent-Type: application/json\n\n"));
  const auto body = nlohmann::json::parse(r.out.substr(r.out.find("\n\n") + 2));
  EXPECT_EQ(body.at("ipctype"), "shareDrivingRecord");
  EXPECT_EQ(body.at("access_token"), "<token>");
  const auto& v = body.at("value");
  EXPECT_EQ(v.at("lsh"), "G1-1-decision");
  EXPECT_EQ(v.at("cphm"), "豫H00001");
  EXPECT_EQ(v.at("cpys"), "1");  // yellow in the three platforms' table
  EXPECT_EQ(v.at("tgsjq"), "2026-11-22 08:00:00");
  EXPECT_EQ(v.at("qymc"), "焦作某钢厂");
  EXPECT_EQ(v.at("emissionStandard"), "6");
  EXPECT_EQ(v.at("networkStatus"), "0") << "rendered now, long after the passage: backfill";
  EXPECT_FALSE(v.contains("imgURL1")) << "the photo goes as its own message";
  CtlRun photo =
      run_ctl({"platform", "render", "--config", cfg, "--passage", "1", "--kind", "photo_1"});
  ASSERT_EQ(photo.rc, 0) << photo.err;
  EXPECT_THAT(photo.out, StartsWith("POST http://10.0.0.9:8080/platform/restapi/transportControl/"
                                    "put_file\n"));
  const auto pv = nlohmann::json::parse(photo.out.substr(photo.out.find("\n\n") + 2)).at("value");
  EXPECT_EQ(pv.at("zpbh"), "G1-1-photo_1");
  EXPECT_EQ(pv.at("lsh"), "G1-1-decision");
  EXPECT_EQ(pv.at("base64Image").get<std::string>().rfind("/9j/", 0), 0u) << "a JPEG in base64";
  // Passage 1's camera sent no plate close-up: there is no photo_2 to show, and the answer says so.
  CtlRun closeup =
      run_ctl({"platform", "render", "--config", cfg, "--passage", "1", "--kind", "photo_2"});
  EXPECT_EQ(closeup.rc, 1);
  EXPECT_THAT(closeup.err, HasSubstr("passage 1 has no plate close-up, so no photo_2 record"));
  CtlRun bad =
      run_ctl({"platform", "render", "--config", cfg, "--passage", "1", "--kind", "photo_3"});
  EXPECT_EQ(bad.rc, 2);
  EXPECT_THAT(bad.err, HasSubstr("--kind is decision, outcome, photo_1, photo_2, cargo or cargo_N, not photo_3"));
}

TEST_F(PlatformCommandsTest, RenderWithTheReferenceProfileAndAnOutcomeItHasNoMessageFor) {
  const std::string cfg = config("gate-uplink-1.textproto", "");
  CtlRun ref = run_ctl({"platform", "render", "--config", cfg, "--passage", "1"});
  ASSERT_EQ(ref.rc, 0) << ref.err;
  EXPECT_THAT(ref.out, HasSubstr("\"key\": \"G1-1-decision\""));
  EXPECT_THAT(ref.out, HasSubstr("\"plate\": \"豫H00001\""));
  CtlRun outcome =
      run_ctl({"platform", "render", "--db", dir_.file("gate.db"), "--profile",
               kPlatforms + "token-rest.textproto", "--passage", "1", "--kind", "outcome"});
  ASSERT_EQ(outcome.rc, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("profile token-rest/1 has no KIND_OUTCOME message: outcome "
                                     "records are not sent to this platform"));
  CtlRun missing = run_ctl({"platform", "render", "--config", cfg, "--passage", "9"});
  EXPECT_EQ(missing.rc, 1);
}

TEST_F(PlatformCommandsTest, AConfigLackingTheProfilesSettingsIsRefusedNamingThem) {
  const std::string cfg =
      config("token-rest.textproto", "platform_settings { key: \"gate_code\" value: \"G01\" }\n");
  CtlRun r = run_ctl({"config", "check", cfg});
  EXPECT_EQ(r.rc, 1);
  EXPECT_THAT(r.err, HasSubstr("gated.textproto:6:"));
  EXPECT_THAT(r.err, HasSubstr("profile token-rest/1 takes settings that "
                               "uplink.platform_settings lacks: company_code, company_num, "
                               "company_password"));
}

}  // namespace
}  // namespace gate::ctl
