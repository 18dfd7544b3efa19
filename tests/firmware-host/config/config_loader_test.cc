#include "firmware-host/config/config_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>

#include "tests/support/temp_dir.h"
#include "tests/support/tls_fixture.h"

namespace gate::host {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* kFile = "gated.textproto";

// Joins lines with '\n' so that the test can name each line by its 1-based position.
std::string lines(std::initializer_list<std::string> ls) {
  std::string out;
  for (const auto& l : ls) out += l + "\n";
  return out;
}

// A minimal valid configuration; everything else comes from defaults.
std::string minimal() {
  return lines({
      R"(gate_id: "HN-JZ-0001-G1")",                            // 1
      R"(database_path: "data/gate.db")",                       // 2
      R"(camera { port: 8081 })",                               // 3
      R"(lanes {)",                                             // 4
      R"(  lane_id: "L1")",                                     // 5
      R"(  barrier { tcp { host: "127.0.0.1" port: 1502 } })",  // 6
      R"(})",                                                   // 7
      R"(policy { version: "test-1" })",                        // 8
  });
}

// Expects a parse failure whose message starts with "gated.textproto:LINE:" and contains `what`.
void expect_error_at(const std::string& text, int line, const std::string& what) {
  auto r = parse_config(text, kFile, "/srv/gate");
  ASSERT_FALSE(r.ok()) << "expected an error at line " << line << " for:\n" << text;
  EXPECT_THAT(r.error(), StartsWith(std::string(kFile) + ":" + std::to_string(line) + ":"))
      << r.error();
  EXPECT_THAT(r.error(), HasSubstr(what));
}

TEST(ConfigLoaderTest, MinimalConfigGetsDefaults) {
  auto r = parse_config(minimal(), kFile, "/srv/gate");
  ASSERT_TRUE(r.ok()) << r.error();
  const auto& cfg = r.value();
  EXPECT_EQ(cfg.gate_id(), "HN-JZ-0001-G1");
  ASSERT_EQ(cfg.lanes_size(), 1);
  const auto& lane = cfg.lanes(0);
  EXPECT_EQ(lane.debounce_ms(), 10000);
  EXPECT_EQ(lane.passage_timeout_ms(), 30000);
  EXPECT_EQ(lane.direction(), gate::v1::DIRECTION_IN);
  // Barrier defaults as documented in drivers/barrier/barrier.h.
  EXPECT_EQ(lane.barrier().pulse_ms(), 500);
  EXPECT_EQ(lane.barrier().response_timeout_ms(), 500);
  EXPECT_EQ(lane.barrier().poll_interval_ms(), 50);
  EXPECT_EQ(lane.barrier().reconnect_interval_ms(), 1000);
  EXPECT_EQ(lane.barrier().slave_id(), 1);
  EXPECT_EQ(lane.barrier().tcp().port(), 1502);
  EXPECT_EQ(cfg.uplink().batch_size(), 100);
  EXPECT_EQ(cfg.uplink().interval_ms(), 500);
  EXPECT_EQ(cfg.uplink().timeout_ms(), 5000);
  EXPECT_EQ(cfg.uplink().url(), "");
  EXPECT_EQ(cfg.camera().listen_address(), "127.0.0.1");
  EXPECT_EQ(cfg.camera().port(), 8081);
  EXPECT_EQ(cfg.camera().clock_tolerance_s(), 120);
  EXPECT_EQ(cfg.uplink().clock_tolerance_s(), 120);
  EXPECT_EQ(cfg.alert_level(), gate::v1::ALERT_LEVEL_NONE);
  EXPECT_EQ(cfg.policy().version(), "test-1");
  EXPECT_EQ(cfg.database_path(), "/srv/gate/data/gate.db");
  EXPECT_EQ(cfg.photo_dir(), "/srv/gate/data/gate.db.photos");
}

TEST(ConfigLoaderTest, ExplicitValuesAreKeptAndAbsolutePathsUntouched) {
  std::string text = lines({
      R"(gate_id: "G1")",
      R"(database_path: "/var/lib/gate/gate.db")",
      R"(photo_dir: "photos")",
      R"(camera { listen_address: "0.0.0.0" port: 8081 })",
      R"(lanes { lane_id: "L1" direction: DIRECTION_OUT debounce_ms: 3000)",
      R"(  passage_timeout_ms: 5000)",
      R"(  barrier { rtu { device: "/dev/ttyUSB0" } pulse_ms: 250 slave_id: 7 })",
      R"(  push_cameras { camera_id: "c1" vendor: PUSH_CAMERA_VENDOR_HIKVISION)",
      R"(    source_address: "10.0.0.9" auth: PUSH_CAMERA_AUTH_NONE } })",
      R"(uplink { url: "http://127.0.0.1:9000/p" batch_size: 20 })",
      R"(policy { version: "v2" min_confidence: 0.8 })",
      R"(alert_level: ALERT_LEVEL_ORANGE)",
      R"(utc_offset_minutes: 480)",
  });
  auto r = parse_config(text, kFile, "/srv/gate");
  ASSERT_TRUE(r.ok()) << r.error();
  const auto& cfg = r.value();
  EXPECT_EQ(cfg.database_path(), "/var/lib/gate/gate.db");
  EXPECT_EQ(cfg.photo_dir(), "/srv/gate/photos");
  EXPECT_EQ(cfg.camera().listen_address(), "0.0.0.0");
  const auto& lane = cfg.lanes(0);
  EXPECT_EQ(lane.direction(), gate::v1::DIRECTION_OUT);
  EXPECT_EQ(lane.debounce_ms(), 3000);
  EXPECT_EQ(lane.passage_timeout_ms(), 5000);
  EXPECT_EQ(lane.barrier().pulse_ms(), 250);
  EXPECT_EQ(lane.barrier().slave_id(), 7);
  EXPECT_EQ(lane.barrier().rtu().baud(), 9600);
  EXPECT_EQ(lane.barrier().rtu().parity(), "N");
  EXPECT_EQ(cfg.uplink().batch_size(), 20);
  EXPECT_EQ(cfg.alert_level(), gate::v1::ALERT_LEVEL_ORANGE);
  EXPECT_EQ(cfg.utc_offset_minutes(), 480);
}

TEST(ConfigLoaderTest, SyntaxErrorNamesFileLineAndColumn) {
  std::string text = lines({
      R"(gate_id: "G1")",
      R"(database_path: "gate.db")",
      R"(  gate_name: "typo")",
      R"(policy { version: "v1" })",
  });
  auto r = parse_config(text, kFile, "/srv/gate");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), ::testing::MatchesRegex("gated.textproto:3:[0-9]+: .*")) << r.error();
  EXPECT_THAT(r.error(), HasSubstr("gate_name"));
}

TEST(ConfigLoaderTest, SyntaxErrorInsideNestedBlockNamesItsLine) {
  std::string text = lines({
      R"(gate_id: "G1")",
      R"(lanes {)",
      R"(  lane_id: "L1")",
      R"(  debounce_ms: "soon")",
      R"(})",
  });
  expect_error_at(text, 4, "soon");
}

TEST(ConfigLoaderTest, UnterminatedBlockIsASyntaxError) {
  std::string text = lines({R"(gate_id: "G1")", R"(lanes {)", R"(  lane_id: "L1")"});
  auto r = parse_config(text, kFile, "/srv/gate");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), StartsWith("gated.textproto:")) << r.error();
}

TEST(ConfigLoaderTest, MissingGateIdIsReported) {
  std::string text = minimal();
  text.erase(0, text.find('\n') + 1);  // drop line 1
  auto r = parse_config(text, kFile, "/srv/gate");
  ASSERT_FALSE(r.ok());
  // Not written anywhere, so there is no line to name: just the file.
  EXPECT_THAT(r.error(), StartsWith("gated.textproto: gate_id is required")) << r.error();
}

TEST(ConfigLoaderTest, MissingDatabasePathIsReported) {
  std::string text = lines({
      R"(gate_id: "G1")",
      R"(lanes { lane_id: "L1" barrier { tcp { host: "h" port: 502 } } })",
      R"(policy { version: "v1" })",
  });
  auto r = parse_config(text, kFile, "/srv/gate");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), HasSubstr("database_path is required"));
}

TEST(ConfigLoaderTest, NoLanesIsReported) {
  std::string text = lines({
      R"(gate_id: "G1")",
      R"(database_path: "gate.db")",
      R"(policy { version: "v1" })",
  });
  auto r = parse_config(text, kFile, "/srv/gate");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), HasSubstr("lanes"));
}

TEST(ConfigLoaderTest, DuplicateLaneIdNamesTheSecondLaneIdLine) {
  std::string text = lines({
      R"(gate_id: "G1")",                                       // 1
      R"(database_path: "gate.db")",                            // 2
      R"(lanes {)",                                             // 3
      R"(  lane_id: "L1")",                                     // 4
      R"(  barrier { tcp { host: "127.0.0.1" port: 1502 } })",  // 5
      R"(})",                                                   // 6
      R"(lanes {)",                                             // 7
      R"(  barrier { tcp { host: "127.0.0.1" port: 1503 } })",  // 8
      R"(  lane_id: "L1")",                                     // 9
      R"(})",                                                   // 10
      R"(policy { version: "v1" })",                            // 11
  });
  expect_error_at(text, 9, "lanes[1].lane_id \"L1\" is used twice");
}

TEST(ConfigLoaderTest, PulseAboveLimitNamesThePulseLine) {
  std::string text = lines({
      R"(gate_id: "G1")",                             // 1
      R"(database_path: "gate.db")",                  // 2
      R"(lanes {)",                                   // 3
      R"(  lane_id: "L1")",                           // 4
      R"(  barrier {)",                               // 5
      R"(    tcp { host: "127.0.0.1" port: 1502 })",  // 6
      R"(    open_coil: 0)",                          // 7
      R"(    pulse_ms: 20000)",                       // 8
      R"(  })",                                       // 9
      R"(})",                                         // 10
      R"(policy { version: "v1" })",                  // 11
  });
  expect_error_at(text, 8, "pulse_ms");
  auto r = parse_config(text, kFile, "/srv/gate");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), StartsWith("gated.textproto:8:5: lanes[0].barrier")) << r.error();
  EXPECT_THAT(r.error(), HasSubstr("20000"));
}

TEST(ConfigLoaderTest, BadBarrierPortNamesThePortLine) {
  std::string text = lines({
      R"(gate_id: "G1")",             // 1
      R"(database_path: "gate.db")",  // 2
      R"(lanes {)",                   // 3
      R"(  lane_id: "L1")",           // 4
      R"(  barrier {)",               // 5
      R"(    tcp {)",                 // 6
      R"(      host: "127.0.0.1")",   // 7
      R"(      port: 70000)",         // 8
      R"(    })",                     // 9
      R"(  })",                       // 10
      R"(})",                         // 11
      R"(policy { version: "v1" })",  // 12
  });
  expect_error_at(text, 8, "tcp.port");
}

TEST(ConfigLoaderTest, BarrierWithoutTransportNamesTheBarrierLine) {
  std::string text = lines({
      R"(gate_id: "G1")",               // 1
      R"(database_path: "gate.db")",    // 2
      R"(lanes {)",                     // 3
      R"(  lane_id: "L1")",             // 4
      R"(  barrier { open_coil: 3 })",  // 5
      R"(})",                           // 6
      R"(policy { version: "v1" })",    // 7
  });
  expect_error_at(text, 5, "transport");
}

// A lane whose barrier is the camera's relay: the block's fields, in the file at `line`s.
std::string camera_relay_config(const std::string& relay_fields) {
  return lines({
      R"(gate_id: "G1")",                                                     // 1
      R"(database_path: "gate.db")",                                          // 2
      R"(lanes {)",                                                           // 3
      R"(  lane_id: "L1")",                                                   // 4
      R"(  barrier {)",                                                       // 5
      R"(    camera_relay {)",                                                // 6
      R"(      vendor: VENDOR_HIKVISION host: "192.168.1.64" user: "gate")",  // 7
      "      " + relay_fields,                                                // 8
      R"(    })",                                                             // 9
      R"(  })",                                                               // 10
      R"(})",                                                                 // 11
      R"(policy { version: "v1" })",                                          // 12
  });
}

TEST(ConfigLoaderTest, CameraRelayPasswordFileIsRelativeToTheConfigAndRead) {
  test_support::TempDir dir;
  { std::ofstream(dir.path() + "/relay.password") << "s3cret\n"; }
  auto r =
      parse_config(camera_relay_config(R"(password_file: "relay.password")"), kFile, dir.path());
  ASSERT_TRUE(r.ok()) << r.error();
  const auto& relay = r.value().lanes(0).barrier().camera_relay();
  EXPECT_EQ(relay.password_file(), dir.path() + "/relay.password");
  EXPECT_EQ(relay.port(), 80);
  EXPECT_EQ(relay.channel(), 1);
  EXPECT_EQ(relay.timeout_ms(), 2000);
}

TEST(ConfigLoaderTest, CameraRelayErrorsNameTheirLines) {
  test_support::TempDir dir;
  auto missing =
      parse_config(camera_relay_config(R"(password_file: "absent.password")"), kFile, dir.path());
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.error(), StartsWith("gated.textproto:8:7: "));
  EXPECT_THAT(missing.error(), HasSubstr("camera_relay.password_file"));
  EXPECT_THAT(missing.error(), HasSubstr("cannot read it"));
  expect_error_at(camera_relay_config(R"(password_file: "p" timeout_ms: 60000)"), 8,
                  "camera_relay.timeout_ms 60000 is outside 1..10000");
  expect_error_at(camera_relay_config(R"(password_file: "")"), 8,
                  "camera_relay.password_file is empty");
  // Not written at all: the barrier block.
  expect_error_at(camera_relay_config(R"(channel: 2)"), 5, "camera_relay.password_file is empty");
}

TEST(ConfigLoaderTest, ClockTolerancesAreCheckedWithTheirLines) {
  std::string camera = minimal();
  camera.replace(camera.find("camera { port: 8081 }"), 21,
                 "camera { port: 8081\n  clock_tolerance_s: -5 }");
  expect_error_at(camera, 4, "camera.clock_tolerance_s must be 1..86400 seconds");
  std::string uplink = minimal() + "uplink {\n  clock_tolerance_s: 100000 }\n";
  expect_error_at(uplink, 10, "uplink.clock_tolerance_s: must be 1..86400, got 100000");
  std::string explicit_value = minimal();
  explicit_value.replace(explicit_value.find("port: 8081"), 10, "port: 8081 clock_tolerance_s: 30");
  auto ok = parse_config(explicit_value, kFile, "/srv/gate");
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(ok.value().camera().clock_tolerance_s(), 30);
}

TEST(ConfigLoaderTest, CameraHealthSettingsAreCheckedWithTheirLines) {
  auto with_camera = [](const std::string& fields) {
    std::string text = minimal();
    text.replace(text.find("camera { port: 8081 }"), 21, "camera { port: 8081\n  " + fields + " }");
    return text;
  };
  auto defaults = parse_config(minimal(), kFile, "/srv/gate");
  ASSERT_TRUE(defaults.ok()) << defaults.error();
  EXPECT_EQ(defaults.value().camera().silence_alarm_s(), 300);
  EXPECT_EQ(defaults.value().camera().opening_hours(), "");
  expect_error_at(with_camera("silence_alarm_s: 9"), 4,
                  "camera.silence_alarm_s must be 10..86400 seconds (0 takes the default, 300)");
  expect_error_at(with_camera("silence_alarm_s: 86401"), 4, "got 86401");
  expect_error_at(with_camera("opening_hours: \"6-22\""), 4,
                  "camera.opening_hours: \"6-22\" has a time that is not HH:MM");
  auto night = parse_config(with_camera("silence_alarm_s: 10 opening_hours: \"22:00-06:00\""),
                            kFile, "/srv/gate");
  ASSERT_TRUE(night.ok()) << night.error();
  EXPECT_EQ(night.value().camera().silence_alarm_s(), 10);
}

TEST(ConfigLoaderTest, MissingBarrierNamesTheLane) {
  std::string text = lines({
      R"(gate_id: "G1")",             // 1
      R"(database_path: "gate.db")",  // 2
      R"(lanes { lane_id: "L1" })",   // 3
      R"(policy { version: "v1" })",  // 4
  });
  expect_error_at(text, 3, "lanes[0].barrier");
}

TEST(ConfigLoaderTest, MinConfidenceAboveOneNamesItsLine) {
  std::string text = lines({
      R"(gate_id: "G1")",                                                  // 1
      R"(database_path: "gate.db")",                                       // 2
      R"(lanes { lane_id: "L1" barrier { tcp { host: "h" port: 1 } } })",  // 3
      R"(policy {)",                                                       // 4
      R"(  version: "v1")",                                                // 5
      R"(  min_confidence: 2)",                                            // 6
      R"(})",                                                              // 7
  });
  expect_error_at(text, 6, "policy.min_confidence must be between 0 and 1");
}

TEST(ConfigLoaderTest, MissingPolicyVersionNamesThePolicyBlock) {
  std::string text = lines({
      R"(gate_id: "G1")",                                                  // 1
      R"(database_path: "gate.db")",                                       // 2
      R"(lanes { lane_id: "L1" barrier { tcp { host: "h" port: 1 } } })",  // 3
      R"(policy {)",                                                       // 4
      R"(  min_confidence: 0.5)",                                          // 5
      R"(})",                                                              // 6
  });
  expect_error_at(text, 4, "policy.version is required");
}

TEST(ConfigLoaderTest, MissingPolicyBlockIsReportedWithoutLine) {
  std::string text = lines({
      R"(gate_id: "G1")",
      R"(database_path: "gate.db")",
      R"(lanes { lane_id: "L1" barrier { tcp { host: "h" port: 1 } } })",
  });
  auto r = parse_config(text, kFile, "/srv/gate");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), StartsWith("gated.textproto: policy_file is required")) << r.error();
}

// Policy engine: a policy set file with the enterprise profile that selects its rule sets.
std::string with_policy_file(const std::string& policy_line, const std::string& extra = "") {
  return lines({
             R"(gate_id: "G1")",                                                  // 1
             R"(database_path: "gate.db")",                                       // 2
             R"(lanes { lane_id: "L1" barrier { tcp { host: "h" port: 1 } } })",  // 3
             policy_line,                                                         // 4
             R"(enterprise { industry: "steel" grade: PERFORMANCE_GRADE_B })",    // 5
         }) +
         extra;
}

TEST(ConfigLoaderTest, PolicyFileIsResolvedAgainstTheConfigDirectoryAndChecked) {
  test_support::TempDir dir;
  dir.write("henan.textproto",
            "id: \"h\"\nversion: \"1\"\nsource: \"s\"\nrule_sets { id: \"a\" source: \"s\" }\n");
  auto r = parse_config(with_policy_file(R"(policy_file: "henan.textproto")"), kFile, dir.path());
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().policy_file(), dir.path() + "/henan.textproto");
  EXPECT_EQ(r.value().enterprise().industry(), "steel");
}

TEST(ConfigLoaderTest, BrokenPolicyFileNamesBothFilesAndLines) {
  test_support::TempDir dir;
  const std::string policy = dir.write(
      "henan.textproto",
      "id: \"h\"\nversion: \"1\"\nsource: \"s\"\nrule_sets {\n  id: \"a\"\n  source: \"s\"\n"
      "  identity { min_confidence: 9 }\n}\n");
  auto r = parse_config(with_policy_file(R"(policy_file: "henan.textproto")"), kFile, dir.path());
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), StartsWith(std::string(kFile) + ":4:")) << r.error();
  EXPECT_THAT(r.error(), HasSubstr(policy + ":7:")) << r.error();
  EXPECT_THAT(r.error(), HasSubstr("min_confidence must be between 0 and 1"));
  auto missing =
      parse_config(with_policy_file(R"(policy_file: "absent.textproto")"), kFile, dir.path());
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.error(), HasSubstr("absent.textproto: cannot open policy file"));
}

// The shipped Jiaozuo set names the key industries whose plants must state double_high, and
// scopes Qinyang's rules by location.
std::string with_shipped_jiaozuo(const std::vector<std::string>& enterprise_lines) {
  std::vector<std::string> all = {
      R"(gate_id: "G1")",                                                  // 1
      R"(database_path: "gate.db")",                                       // 2
      R"(lanes { lane_id: "L1" barrier { tcp { host: "h" port: 1 } } })",  // 3
      "policy_file: \"" + std::string(GATE_SOURCE_DIR) +
          "/rules/policies/henan-jiaozuo-2025.textproto\"",  // 4
      "enterprise {",                                        // 5
  };
  all.insert(all.end(), enterprise_lines.begin(), enterprise_lines.end());
  all.push_back("}");
  std::string out;
  for (const auto& l : all) out += l + "\n";
  return out;
}

TEST(ConfigLoaderTest, AKeyIndustryPlantMustStateDoubleHighAtItsLine) {
  const auto text = with_shipped_jiaozuo({
      R"(  industry: "steel")",           // 6
      R"(  grade: PERFORMANCE_GRADE_B)",  // 7
      R"(  location: "jiaozuo/wuzhi")",   // 8
  });
  auto r = parse_config(text, kFile, "/srv/gate");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), StartsWith(std::string(kFile) + ":5:")) << r.error();
  EXPECT_THAT(r.error(), HasSubstr("enterprise.double_high: industry 'steel' is a key industry"));
  EXPECT_THAT(r.error(), HasSubstr("double_high: true"));
  EXPECT_THAT(r.error(), HasSubstr("double_high: false"));
  auto stated =
      parse_config(with_shipped_jiaozuo({R"(  industry: "steel")", R"(  double_high: false)",
                                         R"(  location: "jiaozuo/wuzhi")"}),
                   kFile, "/srv/gate");
  EXPECT_TRUE(stated.ok()) << stated.error();
}

TEST(ConfigLoaderTest, ProfileFactsAndChoicesAreCheckedAgainstThePolicyAtTheirLines) {
  auto unknown_place = parse_config(
      with_shipped_jiaozuo({R"(  industry: "chemicals")", R"(  location: "jiaozuo/qinyan")"}),
      kFile, "/srv/gate");
  ASSERT_FALSE(unknown_place.ok());
  EXPECT_THAT(unknown_place.error(), StartsWith(std::string(kFile) + ":7:"));
  EXPECT_THAT(unknown_place.error(), HasSubstr("unknown location 'jiaozuo/qinyan'"));
  EXPECT_THAT(unknown_place.error(), HasSubstr("jiaozuo/qinyang"));
  auto no_place =
      parse_config(with_shipped_jiaozuo({R"(  industry: "chemicals")"}), kFile, "/srv/gate");
  ASSERT_FALSE(no_place.ok());
  EXPECT_THAT(no_place.error(), HasSubstr("enterprise.location: location is required"));
  auto bad_choice = parse_config(
      with_shipped_jiaozuo({R"(  industry: "chemicals")", R"(  location: "jiaozuo/wuzhi")",
                            R"(  choices: "green-share-reading=whenever")"}),
      kFile, "/srv/gate");
  ASSERT_FALSE(bad_choice.ok());
  EXPECT_THAT(bad_choice.error(), StartsWith(std::string(kFile) + ":8:"));
  EXPECT_THAT(bad_choice.error(), HasSubstr("one of [deadline, in-month]"));
  auto qinyang = parse_config(
      with_shipped_jiaozuo({R"(  industry: "chemicals")", R"(  location: "jiaozuo/qinyang")"}),
      kFile, "/srv/gate");
  ASSERT_FALSE(qinyang.ok());
  EXPECT_THAT(qinyang.error(), HasSubstr("enterprise.ownership"));
  EXPECT_THAT(qinyang.error(), HasSubstr("enterprise.annual_freight_kt"));
}

TEST(ConfigLoaderTest, PolicyFileNeedsAnEnterpriseAndExcludesAnInlinePolicy) {
  std::string no_enterprise = lines({
      R"(gate_id: "G1")",
      R"(database_path: "gate.db")",
      R"(lanes { lane_id: "L1" barrier { tcp { host: "h" port: 1 } } })",
      R"(policy_file: "henan.textproto")",
  });
  auto r = parse_config(no_enterprise, kFile, "/srv/gate");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), HasSubstr("enterprise { industry"));
  expect_error_at(
      with_policy_file(R"(policy_file: "henan.textproto")", R"(policy { version: "v" })"), 6,
      "either policy_file or an inline policy");
}

TEST(ConfigLoaderTest, ApiNeedsAnOperatorToken) {
  expect_error_at(minimal() + lines({R"(api { port: 8088 })"}), 9,
                  "api.operator_token or an api.tokens");
  expect_error_at(minimal() + lines({R"(api {)", R"(  port: 70000)", R"(})"}), 10, "api.port");
  auto r = parse_config(minimal() + lines({R"(api { port: 8088 operator_token: "abcdefgh" })"}),
                        kFile, "/srv/gate");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().api().listen_address(), "127.0.0.1");
}

TEST(ConfigLoaderTest, AnApiBeyondLoopbackNeedsTlsOrTheRiskAccepted) {
  const std::string api_head = R"(  port: 8088 operator_token: "abcdefgh")";
  expect_error_at(
      minimal() + lines({R"(api {)", api_head, R"(  listen_address: "0.0.0.0")", R"(})"}), 11,
      "reachable from the gate LAN");
  for (const char* loopback : {"127.0.0.1", "127.0.0.2", "::1"}) {
    auto r = parse_config(
        minimal() +
            lines({"api {", api_head, "  listen_address: \"" + std::string(loopback) + "\"", "}"}),
        kFile, "/srv/gate");
    EXPECT_TRUE(r.ok()) << loopback << ": " << r.error();
  }
  auto accepted =
      parse_config(minimal() + lines({"api {", api_head, R"(  listen_address: "0.0.0.0")",
                                      "  allow_plain_http_beyond_loopback: true", "}"}),
                   kFile, "/srv/gate");
  EXPECT_TRUE(accepted.ok()) << accepted.error();
  test_support::TempDir dir;
  const auto tls = gate::testing::make_tls_files(dir.path());
  auto with_tls = parse_config(
      minimal() + lines({"api {", api_head, R"(  listen_address: "0.0.0.0")",
                         R"(  tls_cert_file: "server.pem" tls_key_file: "server.key")", "}"}),
      kFile, dir.path());
  ASSERT_TRUE(with_tls.ok()) << with_tls.error();
  EXPECT_EQ(with_tls.value().api().tls_cert_file(), tls.server_cert);
  expect_error_at(minimal() + lines({"api {", api_head, R"(  tls_cert_file: "server.pem")", "}"}),
                  11, "give both api.tls_cert_file and api.tls_key_file");
  auto wrong_key = parse_config(
      minimal() + lines({"api {", api_head,
                         R"(  tls_cert_file: "server.pem" tls_key_file: "ca.pem")", "}"}),
      kFile, dir.path());
  ASSERT_FALSE(wrong_key.ok());
  EXPECT_THAT(wrong_key.error(), StartsWith(std::string(kFile) + ":11:"));
  EXPECT_THAT(wrong_key.error(), HasSubstr("api TLS: cannot load private key"));
}

TEST(ConfigLoaderTest, NonHttpUplinkUrlNamesTheUrlLine) {
  std::string text = minimal() + lines({
                                     R"(uplink {)",                        // 9
                                     R"(  batch_size: 10)",                // 10
                                     R"(  url: "ftp://platform/upload")",  // 11
                                     R"(})",                               // 12
                                 });
  expect_error_at(text, 11, "uplink.url");
}

TEST(ConfigLoaderTest, UplinkBatchSizeOutOfRangeNamesItsLine) {
  std::string text = minimal() + lines({R"(uplink { batch_size: 20000 })"});  // 9
  expect_error_at(text, 9, "uplink.batch_size");
}

TEST(ConfigLoaderTest, CameraPortOutOfRangeNamesItsLine) {
  std::string text = lines({
      R"(gate_id: "G1")",             // 1
      R"(database_path: "gate.db")",  // 2
      R"(camera {)",                  // 3
      R"(  port: 70000)",             // 4
      R"(})",                         // 5
  });
  expect_error_at(text, 4, "camera.port");
}

TEST(ConfigLoaderTest, UtcOffsetOutOfRangeNamesItsLine) {
  std::string text = minimal() + lines({R"(utc_offset_minutes: 900)"});  // 9
  expect_error_at(text, 9, "utc_offset_minutes");
}

TEST(ConfigLoaderTest, LoadConfigOfMissingFileNamesThePath) {
  test_support::TempDir dir;
  const std::string path = dir.file("absent/gated.textproto");
  auto r = load_config(path);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), StartsWith(path + ": ")) << r.error();
}

TEST(ConfigLoaderTest, LoadConfigResolvesPathsAgainstTheFilesDirectory) {
  test_support::TempDir dir;
  const std::string path = dir.write("gated.textproto", minimal());
  auto r = load_config(path);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().database_path(), dir.path() + "/data/gate.db");
  EXPECT_EQ(r.value().photo_dir(), dir.path() + "/data/gate.db.photos");
}

TEST(ConfigLoaderTest, LoadConfigErrorsNameTheFilePath) {
  test_support::TempDir dir;
  const std::string path = dir.write("gated.textproto", lines({R"(gate_id: "G1")", "bogus: 1"}));
  auto r = load_config(path);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), StartsWith(path + ":2:")) << r.error();
}

TEST(ConfigLoaderTest, ApiTokensNeedANameARoleAndOneSecret) {
  std::string base = minimal() + lines({R"(api { port: 8090)"});  // 9
  expect_error_at(
      base + lines({R"(  tokens { role: API_ROLE_AUDITOR token: "0123456789abcdef" } })"}), 10,
      "name is required");
  expect_error_at(base + lines({R"(  tokens { name: "a" token: "0123456789abcdef" } })"}), 10,
                  "role is required");
  expect_error_at(
      base + lines({R"(  tokens { name: "a" role: API_ROLE_AUDITOR token: "short" } })"}), 10,
      "at least 16 characters");
  expect_error_at(base + lines({R"(  tokens { name: "a" role: API_ROLE_AUDITOR } })"}), 10,
                  "exactly one of token and token_file");
  expect_error_at(base + lines({R"(  tokens { name: "a" role: API_ROLE_AUDITOR)",   // 10
                                R"(    token: "0123456789abcdef" })",               // 11
                                R"(  tokens { name: "a" role: API_ROLE_OPERATOR)",  // 12
                                R"(    token: "fedcba9876543210" } })"}),           // 13
                  12, "used twice");
}

TEST(ConfigLoaderTest, ApiTokenFilesAreReadRelativeToTheConfig) {
  test_support::TempDir dir;
  dir.write("auditor.token", "0123456789abcdef0123\n");
  const std::string path = dir.write(
      "gated.textproto",
      minimal() + lines({R"(api { port: 8090 tokens { name: "bureau" role: API_ROLE_AUDITOR)",
                         R"(  token_file: "auditor.token" } })"}));
  auto r = load_config(path);
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r.value().api().tokens_size(), 1);
  EXPECT_EQ(r.value().api().tokens(0).token(), "0123456789abcdef0123") << "trailing newline cut";

  const std::string missing = dir.write(
      "missing.textproto",
      minimal() + lines({R"(api { port: 8090 tokens { name: "bureau" role: API_ROLE_AUDITOR)",
                         R"(  token_file: "absent.token" } })"}));
  auto m = load_config(missing);
  ASSERT_FALSE(m.ok());
  EXPECT_THAT(m.error(), StartsWith(missing + ":10:")) << m.error();
  EXPECT_THAT(m.error(), HasSubstr("cannot read token_file")) << m.error();
}

// minimal() plus a lane L2 (lanes[1]) with an lpr_camera block whose lines start at line 13.
std::string with_lpr_camera(std::initializer_list<std::string> camera_lines) {
  std::string out = minimal() + lines({
                                    R"(lanes {)",                                             // 9
                                    R"(  lane_id: "L2")",                                     // 10
                                    R"(  barrier { tcp { host: "127.0.0.1" port: 1503 } })",  // 11
                                    R"(  lpr_camera {)",                                      // 12
                                });
  out += lines(camera_lines);
  return out + lines({"  }", "}"});
}

TEST(ConfigLoaderTest, LprCameraGetsDefaultsAndPathsResolvedAgainstTheConfig) {
  test_support::TempDir dir;
  std::filesystem::create_directory(dir.file("ftp"));
  auto r = parse_config(with_lpr_camera({R"(    snapshot_folder: "ftp")"}), kFile, dir.path());
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_FALSE(r.value().lanes(0).has_lpr_camera()) << "absent stays absent";
  const auto& c = r.value().lanes(1).lpr_camera();
  EXPECT_EQ(c.snapshot_folder(), dir.file("ftp"));
  EXPECT_EQ(c.every_nth_frame(), 1);
  EXPECT_FALSE(c.read_every_frame());
  EXPECT_DOUBLE_EQ(c.motion_threshold(), 4.0);
  EXPECT_FLOAT_EQ(c.min_confidence(), 0.6f);
  EXPECT_FLOAT_EQ(c.local_province_weight(), 20.0f);
  EXPECT_EQ(c.model_path(), "") << "empty: gated takes the shipped model";
  EXPECT_EQ(c.camera_id(), "LPR-L2");
}

TEST(ConfigLoaderTest, LprCameraVideoFileIsResolvedAndUrlKept) {
  auto file = parse_config(with_lpr_camera({R"(    video: "clips/gate.mp4" local_province: "豫")",
                                            R"(    model_path: "m.onnx" camera_id: "C9")"}),
                           kFile, "/srv/gate");
  ASSERT_TRUE(file.ok()) << file.error();
  const auto& c = file.value().lanes(1).lpr_camera();
  EXPECT_EQ(c.video(), "/srv/gate/clips/gate.mp4");
  EXPECT_EQ(c.model_path(), "/srv/gate/m.onnx");
  EXPECT_EQ(c.local_province(), "豫");
  EXPECT_EQ(c.camera_id(), "C9");
  // A file or stream that is not there yet is an alarm at run time, not a config error.
  auto url = parse_config(with_lpr_camera({R"(    video: "rtsp://10.0.0.5/stream1")"}), kFile,
                          "/srv/gate");
  ASSERT_TRUE(url.ok()) << url.error();
  EXPECT_EQ(url.value().lanes(1).lpr_camera().video(), "rtsp://10.0.0.5/stream1");
}

TEST(ConfigLoaderTest, LprCameraNeedsExactlyOneSource) {
  expect_error_at(with_lpr_camera({R"(    every_nth_frame: 2)"}), 12, "neither is set");
  expect_error_at(with_lpr_camera({R"(    video: "a.mp4")", R"(    snapshot_folder: "/tmp")"}), 12,
                  "lanes[1].lpr_camera: set exactly one of video");
  expect_error_at(with_lpr_camera({R"(    video: "a.mp4")", R"(    snapshot_folder: "/tmp")"}), 12,
                  "both are set");
}

TEST(ConfigLoaderTest, LprCameraMissingSnapshotFolderNamesItsLine) {
  test_support::TempDir dir;
  auto r = parse_config(with_lpr_camera({R"(    read_every_frame: true)",
                                         R"(    snapshot_folder: "no-such-folder")"}),
                        kFile, dir.path());
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), StartsWith(std::string(kFile) + ":14:")) << r.error();
  EXPECT_THAT(r.error(), HasSubstr(dir.file("no-such-folder") + " does not exist")) << r.error();
}

TEST(ConfigLoaderTest, LprCameraNegativeNumbersNameTheirLine) {
  expect_error_at(with_lpr_camera({R"(    video: "a.mp4")", R"(    every_nth_frame: -2)"}), 14,
                  "lanes[1].lpr_camera.every_nth_frame: -2 must not be negative");
  expect_error_at(with_lpr_camera({R"(    video: "a.mp4")", R"(    motion_threshold: -1.5)"}), 14,
                  "motion_threshold: -1.5 must not be negative");
  expect_error_at(with_lpr_camera({R"(    video: "a.mp4")", R"(    local_province_weight: -3)"}),
                  14, "local_province_weight: -3 must not be negative");
}

TEST(ConfigLoaderTest, LprCameraMinConfidenceOutsideZeroToOneNamesItsLine) {
  expect_error_at(with_lpr_camera({R"(    video: "a.mp4")", R"(    min_confidence: 1.5)"}), 14,
                  "min_confidence: 1.5 is outside 0..1");
  expect_error_at(with_lpr_camera({R"(    video: "a.mp4")", R"(    min_confidence: -0.5)"}), 14,
                  "must not be negative");
}

TEST(ConfigLoaderTest, LprCameraLocalProvinceMustBeAProvinceCharacter) {
  expect_error_at(with_lpr_camera({R"(    video: "a.mp4")", R"(    local_province: "H")"}), 14,
                  "\"H\" is not a province character");
  expect_error_at(with_lpr_camera({R"(    video: "a.mp4")", R"(    local_province: "豫H")"}), 14,
                  "is not a province character");
}

TEST(ConfigLoaderTest, LprCameraLocalProvinceWeightBelowOneIsRefusedWithItsLine) {
  // The recogniser refuses odds below 1 at start; the config check says so with the line.
  expect_error_at(with_lpr_camera({R"(    video: "a.mp4")", R"(    local_province_weight: 0.5)"}),
                  14, "local_province_weight: 0.5 is below 1");
}

}  // namespace
}  // namespace gate::host
