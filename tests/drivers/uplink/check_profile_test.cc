// The vehicle check message (KIND_VEHICLE_CHECK) of a platform profile: its mistakes are named
// at their line (no degraded mode, no may_pass reading, a request field that is not the read's,
// a deadline out of range, `check` on another message, a code read two ways); its defaults; the
// shipped profiles' checks; an answer read into our record of the check (codes theirs → ours,
// the registration date in the platform's format, an unusable answer refused with the reason).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "drivers/uplink/check_answer.h"
#include "drivers/uplink/platform_profile.h"

namespace gate::drivers::uplink {
namespace {

using gate::v1::PlatformCheck;
using gate::v1::PlatformMessage;
using gate::v1::VehicleCheck;
using json = nlohmann::json;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// A profile with a vehicle check; `check` replaces the check message's body from line 12 on.
std::string check_profile(const std::string& check) {
  return "name: \"made-up/1\"\n"                                        // 1
         "profile_format: 1\n"                                          // 2
         "source: \"test\"\n"                                           // 3
         "wire: WIRE_FIELD_MAP\n"                                       // 4
         "login { scheme: SCHEME_NONE }\n"                              // 5
         "success { http_status: 200 field: \"code\" value: \"0\" }\n"  // 6
         "code_tables { name: \"ok\" domain: DOMAIN_BOOL\n"             // 7
         "  codes { ours: \"true\" theirs: \"0\" } codes { ours: \"false\" theirs: \"1\" } }\n"
         "messages { kind: KIND_PASSAGE path: \"/pass\"\n"           // 9
         "  fields { name: \"plate\" from: \"plate\" } }\n"          // 10
         "messages { kind: KIND_VEHICLE_CHECK path: \"/check\"\n" +  // 11
         check +
         "}\n";
}

const std::string kGoodCheck =
    "  fields { name: \"license\" from: \"plate\" }\n"                            // 12
    "  reads { name: \"data.isControl\" to: \"may_pass\" code_table: \"ok\" }\n"  // 13
    "  reads { name: \"data.reason\" to: \"reason\" optional: true }\n"           // 14
    "  reads { name: \"data.regDate\" to: \"registration_date\"\n"                // 15
    "    optional: true }\n"                                                      // 16
    "  reads { name: \"data.serial\" to: \"serial\" optional: true }\n"           // 17
    "  check { degraded: DEGRADED_REFUSE }\n";                                    // 18

void expect_error(const std::string& text, int line, const std::string& what) {
  auto r = parse_platform_profile(text, "p.textproto");
  ASSERT_FALSE(r.ok()) << text;
  EXPECT_THAT(r.error(), StartsWith("p.textproto:" + std::to_string(line) + ":")) << r.error();
  EXPECT_THAT(r.error(), HasSubstr(what)) << r.error();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  return text.replace(text.find(from), from.size(), to);
}

TEST(VehicleCheckProfile, ACheckGetsTheDefaultDeadlineAndStrictestCombination) {
  auto p = parse_platform_profile(check_profile(kGoodCheck), "p.textproto");
  ASSERT_TRUE(p.ok()) << p.error();
  const PlatformMessage* m = find_message(p.value(), PlatformMessage::KIND_VEHICLE_CHECK);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->check().deadline_ms(), 800);
  EXPECT_EQ(m->check().combine(), PlatformCheck::COMBINE_STRICTEST);
  EXPECT_EQ(m->check().degraded(), PlatformCheck::DEGRADED_REFUSE);
}

TEST(VehicleCheckProfile, TheDegradedModeMustBeStated) {
  expect_error(check_profile(replaced(kGoodCheck, "  check { degraded: DEGRADED_REFUSE }\n",
                                      "  check { deadline_ms: 500 }\n")),
               18, "DEGRADED_LOCAL");
  expect_error(check_profile(replaced(kGoodCheck, "  check { degraded: DEGRADED_REFUSE }\n", "")),
               11, "say what the lane does when the platform does not answer");
}

TEST(VehicleCheckProfile, TheAnswerMustSayWhetherTheVehicleMayPass) {
  expect_error(check_profile(replaced(kGoodCheck,
                                      "  reads { name: \"data.isControl\" to: \"may_pass\" "
                                      "code_table: \"ok\" }\n",
                                      "")),
               11, "reads { to: \"may_pass\" }");
}

TEST(VehicleCheckProfile, ARequestSendsTheReadOnly) {
  expect_error(check_profile(replaced(kGoodCheck, "from: \"plate\"", "from: \"verdict\"")), 12,
               "no field \"verdict\" in our vehicle checks");
}

TEST(VehicleCheckProfile, AReadingFillsOneOfOurCheckAnswerFields) {
  expect_error(check_profile(replaced(kGoodCheck, "to: \"reason\"", "to: \"alert_level\"")), 14,
               "\"alert_level\" is none of our check answer fields: may_pass, reason");
  expect_error(check_profile(replaced(kGoodCheck, "code_table: \"ok\"", "")), 13,
               "\"may_pass\" is coded: name a code table of DOMAIN_BOOL");
}

TEST(VehicleCheckProfile, TheDeadlineIsBounded) {
  expect_error(check_profile(replaced(kGoodCheck, "check { ", "check { deadline_ms: 20000 ")), 18,
               "20000 is outside 50..10000");
}

TEST(VehicleCheckProfile, OnlyACheckMessageHasACheck) {
  const std::string text =
      replaced(check_profile(kGoodCheck), "  fields { name: \"plate\" from: \"plate\" } }\n",
               "  fields { name: \"plate\" from: \"plate\" }\n"
               "  check { degraded: DEGRADED_LOCAL } }\n");
  expect_error(text, 11, "only a KIND_VEHICLE_CHECK message has it");
}

TEST(VehicleCheckProfile, APlatformCodeReadTwoWaysIsRefused) {
  const std::string text =
      replaced(check_profile(kGoodCheck), "codes { ours: \"false\" theirs: \"1\" }",
               "codes { ours: \"false\" theirs: \"0\" }");
  expect_error(text, 13, "gives the platform's code \"0\" twice");
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(VehicleCheckProfile, TheShippedCityFamiliesCheckAndDecideLocallyWhenThePlatformIsSilent) {
  for (const char* name : {"transport-control", "token-rest"}) {
    const std::string file =
        std::string(GATE_SOURCE_DIR) + "/deploy/platforms/" + name + ".textproto";
    auto p = parse_platform_profile(read_file(file), file);
    ASSERT_TRUE(p.ok()) << p.error();
    const PlatformMessage* m = find_message(p.value(), PlatformMessage::KIND_VEHICLE_CHECK);
    ASSERT_NE(m, nullptr) << name;
    EXPECT_EQ(m->check().deadline_ms(), 800) << name;
    EXPECT_EQ(m->check().degraded(), PlatformCheck::DEGRADED_LOCAL) << name;
  }
}

gate::v1::PlatformProfile parsed_check_profile() {
  auto p = parse_platform_profile(check_profile(kGoodCheck), "p.textproto");
  EXPECT_TRUE(p.ok()) << p.error();
  return p.value();
}

TEST(VehicleCheckAnswer, ARefusalIsReadWithItsReasonDateAndSerial) {
  const auto p = parsed_check_profile();
  const auto* m = find_message(p, PlatformMessage::KIND_VEHICLE_CHECK);
  const json answer = {{"code", "0"},
                       {"data",
                        {{"isControl", 1},
                         {"reason", "国四柴油车 橙色预警禁行"},
                         {"regDate", "2019/5/12 0:00"},
                         {"serial", "KF-0042"}}}};
  auto r = read_check_answer(p, *m, answer);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().status(), VehicleCheck::STATUS_ANSWERED);
  EXPECT_FALSE(r.value().may_pass());
  EXPECT_EQ(r.value().reason(), "国四柴油车 橙色预警禁行");
  EXPECT_EQ(r.value().registration_date(), "2019-05-12");
  EXPECT_EQ(r.value().serial(), "KF-0042");
}

TEST(VehicleCheckAnswer, StageAndFuelAreDecodedAndAnUnlistedOneIsLeftUnspecified) {
  const std::string tables =
      "  reads { name: \"data.stage\" to: \"emission_stage\" code_table: \"stage\" }\n"
      "  reads { name: \"data.fuel\" to: \"fuel_type\" code_table: \"fuel\" }\n";
  std::string text = check_profile(kGoodCheck + tables);
  text = replaced(text, "messages { kind: KIND_PASSAGE",
                  "code_tables { name: \"stage\" domain: DOMAIN_EMISSION_STAGE\n"
                  "  codes { ours: \"4\" theirs: \"国四\" } }\n"
                  "code_tables { name: \"fuel\" domain: DOMAIN_FUEL_TYPE\n"
                  "  codes { ours: \"B\" theirs: \"柴油\" } }\n"
                  "messages { kind: KIND_PASSAGE");
  auto p = parse_platform_profile(text, "p.textproto");
  ASSERT_TRUE(p.ok()) << p.error();
  const auto* m = find_message(p.value(), PlatformMessage::KIND_VEHICLE_CHECK);
  auto r = read_check_answer(p.value(), *m,
                             {{"data", {{"isControl", "0"}, {"stage", "国四"}, {"fuel", "柴油"}}}});
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_TRUE(r.value().may_pass());
  EXPECT_EQ(r.value().emission_stage(), gate::v1::EMISSION_STAGE_CHINA_IV);
  EXPECT_EQ(r.value().fuel_type(), gate::v1::FUEL_TYPE_DIESEL);
  auto unlisted = read_check_answer(
      p.value(), *m, {{"data", {{"isControl", "0"}, {"stage", "国九"}, {"fuel", "?"}}}});
  ASSERT_TRUE(unlisted.ok()) << unlisted.error();
  EXPECT_EQ(unlisted.value().emission_stage(), gate::v1::EMISSION_STAGE_UNSPECIFIED);
  EXPECT_EQ(unlisted.value().fuel_type(), gate::v1::FUEL_TYPE_UNSPECIFIED);
}

TEST(VehicleCheckAnswer, AnAnswerThatCannotSayMayPassIsUnusable) {
  const auto p = parsed_check_profile();
  const auto* m = find_message(p, PlatformMessage::KIND_VEHICLE_CHECK);
  auto missing = read_check_answer(p, *m, {{"data", {{"reason", "x"}}}});
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.error(), HasSubstr("has no data.isControl (read as may_pass)"));
  auto unknown = read_check_answer(p, *m, {{"data", {{"isControl", "7"}}}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.error(), HasSubstr("data.isControl \"7\" is not in code table ok"));
  auto bad_date =
      read_check_answer(p, *m, {{"data", {{"isControl", "0"}, {"regDate", "12/05/2019"}}}});
  ASSERT_TRUE(bad_date.ok()) << "a registration date is evidence, not the decision";
  EXPECT_EQ(bad_date.value().registration_date(), "");
}

}  // namespace
}  // namespace gate::drivers::uplink
