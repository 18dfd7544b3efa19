// Platform profile files: the shipped ones parse and get their defaults; every mistake an
// integrator makes is named at its line with what to write (unknown field, a field we do not
// have, a code table of the wrong domain, a code that is not ours, a broken envelope, a login
// without its token, a time format that is no format).
#include "drivers/uplink/platform_profile.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace gate::drivers::uplink {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A minimal field-map profile; `extra` is appended inside the passage message (line 9 on).
std::string profile(const std::string& extra, const std::string& tail = "") {
  return "name: \"made-up/1\"\n"                                        // 1
         "profile_format: 1\n"                                          // 2
         "source: \"test\"\n"                                           // 3
         "wire: WIRE_FIELD_MAP\n"                                       // 4
         "login { scheme: SCHEME_NONE }\n"                              // 5
         "success { http_status: 200 }\n"                               // 6
         "code_tables { name: \"colour\" domain: DOMAIN_PLATE_COLOR\n"  // 7
         "  codes { ours: \"blue\" theirs: \"B\" } }\n"                 // 8
         "messages { kind: KIND_PASSAGE path: \"/pass\"\n"              // 9
         "  fields { name: \"plate\" from: \"plate\" }\n" +             // 10
         extra +
         "}\n" + tail;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  return text.replace(text.find(from), from.size(), to);
}

void expect_error(const std::string& text, int line, const std::string& what) {
  auto r = parse_platform_profile(text, "p.textproto");
  ASSERT_FALSE(r.ok()) << text;
  EXPECT_THAT(r.error(), StartsWith("p.textproto:" + std::to_string(line) + ":")) << r.error();
  EXPECT_THAT(r.error(), HasSubstr(what)) << r.error();
}

TEST(PlatformProfile, TheShippedProfilesAreValid) {
  for (const char* name : {"gate-uplink-1", "transport-control", "token-rest", "company-control"}) {
    const std::string file =
        std::string(GATE_SOURCE_DIR) + "/deploy/platforms/" + name + ".textproto";
    auto p = parse_platform_profile(read(file), file);
    ASSERT_TRUE(p.ok()) << p.error();
    EXPECT_NE(find_message(p.value(), gate::v1::PlatformMessage::KIND_PASSAGE) == nullptr,
              p.value().wire() == gate::v1::PlatformProfile::WIRE_FIELD_MAP)
        << name;
    EXPECT_EQ(p.value().photos().max_bytes(), 204800) << name;
  }
}

TEST(PlatformProfile, ATokenLoginGetsItsDefaultLifetime) {
  auto p = parse_platform_profile(
      replaced(profile(""), "login { scheme: SCHEME_NONE }",
               "login { scheme: SCHEME_TOKEN path: \"/login\" request { name: \"u\" setting: "
               "\"user\" } token_field: \"t\" token_header: \"t\" }"),
      "p.textproto");
  ASSERT_TRUE(p.ok()) << p.error();
  EXPECT_EQ(p.value().login().token_lifetime_s(), 3600);
}

TEST(PlatformProfile, AnUnknownFieldIsASyntaxErrorAtItsLine) {
  expect_error(profile("  fields { name: \"x\" form: \"plate\" }\n"), 11, "form");
}

TEST(PlatformProfile, AFieldWeDoNotHaveIsNamedWithTheListOfOurs) {
  expect_error(profile("  fields { name: \"cpys\" from: \"plate_colour\" }\n"), 11,
               "no field \"plate_colour\" in our records; the fields are: key, gate_id");
}

TEST(PlatformProfile, AStatusMessageNamesStatusFieldsOnly) {
  const std::string status =
      "messages { kind: KIND_STATUS path: \"/s\" interval_s: 60\n"
      "  fields { name: \"p\" from: \"plate\" } }\n";
  expect_error(profile("", status), 13, "no field \"plate\" in our status reports");
  expect_error(profile("", replaced(status, "interval_s: 60", "interval_s: 5")), 12,
               "5 is outside 10..86400");
}

TEST(PlatformProfile, LaneAndCameraStatusNameTheirOwnFieldsAndShareTheStatusInterval) {
  const std::string lane =
      "messages { kind: KIND_STATUS path: \"/s\" interval_s: 60\n"         // 12
      "  fields { name: \"b\" from: \"barrier_online\" } }\n"              // 13
      "messages { kind: KIND_LANE_STATUS path: \"/l\" interval_s: 60\n"    // 14
      "  fields { name: \"l\" from: \"lane_id\" } }\n"                     // 15
      "messages { kind: KIND_CAMERA_STATUS path: \"/c\" interval_s: 60\n"  // 16
      "  fields { name: \"c\" from: \"camera_id\" }\n"                     // 17
      "  fields { name: \"t\" from: \"last_seen\" } }\n";                  // 18
  auto p = parse_platform_profile(profile("", lane), "p.textproto");
  ASSERT_TRUE(p.ok()) << p.error();
  expect_error(profile("", replaced(lane, "\"camera_id\"", "\"plate\"")), 17,
               "no field \"plate\" in our camera status reports; the fields are: gate_id, time, "
               "lane_id, camera_id, online, last_seen, barrier_online");
  expect_error(profile("", replaced(lane, "\"lane_id\"", "\"camera_id\"")), 15,
               "no field \"camera_id\" in our lane status reports");
  expect_error(profile("", replaced(lane, "/c\" interval_s: 60", "/c\" interval_s: 120")), 16,
               "status messages are sent together: give the same interval_s as KIND_STATUS (60)");
}

TEST(PlatformProfile, APhotoFieldNeedsInlinePhotos) {
  expect_error(profile("  fields { name: \"img\" from: \"plate_photo\" }\n"), 11,
               "\"plate_photo\" travels in the record only with photos { mode: MODE_INLINE }");
}

TEST(PlatformProfile, APhotoMessageCarriesThePhotoAndNeedsMessageMode) {
  const std::string message =
      "messages { kind: KIND_PHOTO path: \"/photo\"\n"          // 12
      "  fields { name: \"of\" from: \"passage_key\" }\n"       // 13
      "  fields { name: \"img\" from: \"photo_base64\" } }\n";  // 14
  const std::string mode = "photos { mode: MODE_MESSAGE }\n";
  auto p = parse_platform_profile(profile("", message + mode), "p.textproto");
  ASSERT_TRUE(p.ok()) << p.error();
  expect_error(profile("", message), 14,
               "\"photo_base64\" is sent in a photo message only with photos { mode: "
               "MODE_MESSAGE }");
  expect_error(profile("", replaced(message, "photo_base64", "time") + mode), 12,
               "a photo message carries the photo");
  expect_error(profile("", mode), 12, "MODE_MESSAGE needs a KIND_PHOTO message");
  expect_error(profile("  fields { name: \"img\" from: \"photo\" }\n", message + mode), 11,
               "no field \"photo\" in our records");
}

TEST(PlatformProfile, ACodeTableMustExistAndCodeTheFieldsDomain) {
  expect_error(profile("  fields { name: \"c\" from: \"plate_color\" code_table: \"colr\" }\n"), 11,
               "no code table named \"colr\"");
  expect_error(profile("  fields { name: \"d\" from: \"direction\" code_table: \"colour\" }\n"), 11,
               "codes DOMAIN_PLATE_COLOR, but \"direction\" is DOMAIN_DIRECTION");
  expect_error(profile("  fields { name: \"p\" from: \"plate\" code_table: \"colour\" }\n"), 11,
               "\"plate\" is not a coded field");
}

TEST(PlatformProfile, ATableAFieldUsesCodesEveryValueWeSendOrSaysOtherwise) {
  const std::string field =
      "  fields { name: \"c\" from: \"plate_color\" code_table: \"colour\" }\n";
  expect_error(profile(field), 7,
               "table \"colour\" has no code for \"yellow\", \"white\", \"black\", \"green\", "
               "\"yellow-green\", \"unknown\", which gated may send");
  auto p = parse_platform_profile(
      replaced(profile(field), "theirs: \"B\" }", "theirs: \"B\" } otherwise: \"9\""),
      "p.textproto");
  EXPECT_TRUE(p.ok()) << p.error();
  auto declared = parse_platform_profile(
      replaced(profile(field), "theirs: \"B\" }",
               "theirs: \"B\" } not_coded: [\"yellow\", \"white\", \"black\", \"green\", "
               "\"yellow-green\", \"unknown\"]"),
      "p.textproto");
  EXPECT_TRUE(declared.ok()) << "values declared not coded: " << declared.error();
  expect_error(replaced(profile(field), "theirs: \"B\" }", "theirs: \"B\" } not_coded: \"blue\""),
               8, "\"blue\" is also coded or listed");
  auto unused = parse_platform_profile(profile(""), "p.textproto");
  EXPECT_TRUE(unused.ok()) << "a table no field uses is not judged: " << unused.error();
}

TEST(PlatformProfile, ACodeMustBeOneOfOurValues) {
  expect_error(replaced(profile(""), "ours: \"blue\"", "ours: \"navy\""), 8,
               "\"navy\" is not one of ours: blue yellow white black green");
}

TEST(PlatformProfile, AnEnvelopeHoldsTheRecordOnce) {
  expect_error(profile("  envelope { name: \"type\" constant: \"pass\" }\n"), 11,
               "an envelope holds the record once");
  expect_error(profile("  envelope { name: \"value\" from: \"record\" }\n"
                       "  envelope { name: \"t\" from: \"token\" }\n"),
               12, "\"token\" needs login.scheme SCHEME_TOKEN");
  expect_error(profile("  fields { name: \"r\" from: \"record\" }\n"), 11,
               "may only be used in an envelope");
}

TEST(PlatformProfile, ATimeFormatMustBeAFormatOfATime) {
  expect_error(profile("  fields { name: \"t\" from: \"time\" time_format: \"yyyy-MM-dd\" }\n"), 11,
               "has no HH");
  expect_error(profile("  fields { name: \"t\" from: \"plate\" time_format: \"unix_s\" }\n"), 11,
               "\"plate\" is not a time");
}

TEST(PlatformProfile, NamesAreUniqueAndEveryFieldSaysWhereItsValueComesFrom) {
  expect_error(profile("  fields { name: \"plate\" from: \"seq\" }\n"), 11, "written twice");
  expect_error(profile("  fields { name: \"x\" }\n"), 11,
               "say where the value comes from: from, constant or setting");
}

TEST(PlatformProfile, ATokenLoginNeedsItsPathTokenAndCarrier) {
  auto r = parse_platform_profile(
      replaced(profile(""), "login { scheme: SCHEME_NONE }", "login { scheme: SCHEME_TOKEN }"),
      "p.textproto");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), HasSubstr("login.path: give the login call's path"));
  EXPECT_THAT(r.error(), HasSubstr("login.token_field"));
  EXPECT_THAT(r.error(), HasSubstr("set one of token_header and token_envelope_field"));
}

TEST(PlatformProfile, AProfileWithoutAPassageMessageIsRefused) {
  auto r =
      parse_platform_profile(replaced(profile(""), "KIND_PASSAGE", "KIND_OUTCOME"), "p.textproto");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), HasSubstr("a profile needs a KIND_PASSAGE message"));
}

TEST(PlatformProfile, TheReferenceWireTakesNoFieldMap) {
  auto r = parse_platform_profile(
      "name: \"r\" profile_format: 1 source: \"s\" wire: WIRE_GATE_UPLINK_1\n"
      "login { scheme: SCHEME_TOKEN }\n"
      "messages { kind: KIND_PASSAGE path: \"/p\" fields { name: \"a\" from: \"plate\" } }\n",
      "r.textproto");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), HasSubstr("r.textproto:2:"));
  EXPECT_THAT(r.error(), HasSubstr("gate-uplink/1 signs with SCHEME_HMAC or not at all"));
  EXPECT_THAT(r.error(), HasSubstr("WIRE_GATE_UPLINK_1 has its own format"));
}

TEST(PlatformProfile, AnotherFormatVersionIsRefused) {
  expect_error(replaced(profile(""), "profile_format: 1", "profile_format: 2"), 2,
               "this gated reads profile_format 1");
}

}  // namespace
}  // namespace gate::drivers::uplink
