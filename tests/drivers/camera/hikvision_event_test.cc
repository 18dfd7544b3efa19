// Hikvision ISAPI alarm pushes: the documented samples (data/README.md), heartbeats, and bodies
// cut, bloated or of the wrong type.
#include "drivers/camera/hikvision_event.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/drivers/camera/camera_push_samples.h"
#include "tests/support/test_images.h"

namespace gate::drivers {
namespace {

using test_support::camera_sample;
using test_support::hikvision_multipart;
using test_support::kHikvisionContentType;
using test_support::multipart_body;
using ::testing::HasSubstr;

constexpr int64_t kStamp = 1767608100000;  // 2026-01-05T10:15:00Z
constexpr int kChina = 480;

// The error of a refused push, or "accepted" (so that a wrong acceptance fails readably).
std::string error_of(const Result<CameraPush>& r) {
  return r.ok() ? "accepted" : r.error();
}

std::string anpr_xml(const std::string& plate = "豫G12345") {
  return camera_sample("hikvision_anpr.xml",
                       {{"PLATE", plate}, {"DATETIME", "2026-01-05T18:15:00+08:00"}});
}

TEST(HikvisionPush, MultipartAnprGivesThePlateEventWithTheScenePicture) {
  const std::string body = hikvision_multipart(anpr_xml());
  auto push = parse_hikvision_push(kHikvisionContentType, body, "L1", kChina);
  ASSERT_TRUE(push.ok()) << push.error();
  ASSERT_EQ(push.value().kind, CameraPush::Kind::kPlate);
  const auto& read = push.value().event.read;
  EXPECT_EQ(read.plate_text(), "豫G12345");
  EXPECT_EQ(read.lane_id(), "L1");
  EXPECT_EQ(read.source(), "hikvision");
  EXPECT_EQ(read.color(), gate::v1::PLATE_COLOR_YELLOW);
  EXPECT_DOUBLE_EQ(read.confidence(), 0.96);
  EXPECT_EQ(read.camera_time_unix_ms(), kStamp);
  EXPECT_EQ(read.time_unix_ms(), 0);  // the receiver stamps the arrival
  EXPECT_EQ(read.camera_id(), "bc:5e:33:62:2a:5c/ch1");
  EXPECT_EQ(push.value().event.vehicle_kind, "truck");
  EXPECT_EQ(push.value().event.image_jpeg, test_support::make_jpeg(20));
  EXPECT_THAT(push.value().event.image_field, HasSubstr("detectionPicture.jpg"));
  // The plate picture is kept too, as the close-up.
  EXPECT_EQ(push.value().event.closeup_jpeg, test_support::make_jpeg(10));
  EXPECT_THAT(push.value().event.closeup_field, HasSubstr("licensePlatePicture.jpg"));
}

TEST(HikvisionPush, TheCloseupIsThePlatePictureBesideAnotherOneOnly) {
  // Vehicle picture and plate picture: the vehicle is the main one, the plate the close-up.
  auto vehicle = parse_hikvision_push(
      kHikvisionContentType,
      multipart_body({{"anpr.xml", "text/xml", anpr_xml()},
                      {"licensePlatePicture.jpg", "image/jpeg", test_support::make_jpeg(3)},
                      {"vehiclePicture.jpg", "image/jpeg", test_support::make_jpeg(4)}}),
      "L1", kChina);
  ASSERT_TRUE(vehicle.ok()) << vehicle.error();
  EXPECT_EQ(vehicle.value().event.image_jpeg, test_support::make_jpeg(4));
  EXPECT_EQ(vehicle.value().event.closeup_jpeg, test_support::make_jpeg(3));
  // The scene alone: no close-up.
  auto scene = parse_hikvision_push(
      kHikvisionContentType,
      multipart_body({{"anpr.xml", "text/xml", anpr_xml()},
                      {"detectionPicture.jpg", "image/jpeg", test_support::make_jpeg(5)}}),
      "L1", kChina);
  ASSERT_TRUE(scene.ok()) << scene.error();
  EXPECT_EQ(scene.value().event.image_jpeg, test_support::make_jpeg(5));
  EXPECT_TRUE(scene.value().event.closeup_jpeg.empty());
  EXPECT_TRUE(scene.value().event.closeup_field.empty());
}

TEST(HikvisionPush, ABadPlatePictureRefusesTheEventLikeABadScene) {
  const std::string body =
      multipart_body({{"anpr.xml", "text/xml", anpr_xml()},
                      {"licensePlatePicture.jpg", "image/jpeg", "hello"},
                      {"detectionPicture.jpg", "image/jpeg", test_support::make_jpeg(20)}});
  const std::string error =
      error_of(parse_hikvision_push(kHikvisionContentType, body, "L1", kChina));
  EXPECT_THAT(error, HasSubstr("licensePlatePicture"));
  EXPECT_THAT(error, HasSubstr("does not decode as an image"));
}

TEST(HikvisionPush, PlainXmlAndJsonBodiesAreTaken) {
  auto xml = parse_hikvision_push("application/xml", anpr_xml(), "L1", kChina);
  ASSERT_TRUE(xml.ok()) << xml.error();
  EXPECT_TRUE(xml.value().event.image_jpeg.empty());

  const std::string json = camera_sample(
      "hikvision_anpr.json", {{"PLATE", "豫A9876D"}, {"DATETIME", "2026-01-05T10:15:00Z"}});
  auto from_json = parse_hikvision_push("application/json", json, "L2", kChina);
  ASSERT_TRUE(from_json.ok()) << from_json.error();
  EXPECT_EQ(from_json.value().event.read.plate_text(), "豫A9876D");
  EXPECT_EQ(from_json.value().event.read.color(), gate::v1::PLATE_COLOR_BLUE);
  EXPECT_DOUBLE_EQ(from_json.value().event.read.confidence(), 0.97);
  EXPECT_EQ(from_json.value().event.vehicle_kind, "car");
  EXPECT_EQ(from_json.value().event.read.camera_time_unix_ms(), kStamp);

  auto json_part = parse_hikvision_push(
      kHikvisionContentType,
      multipart_body({{"anpr.json", "application/json", json},
                      {"licensePlatePicture.jpg", "image/jpeg", test_support::make_jpeg(3)}}),
      "L2", kChina);
  ASSERT_TRUE(json_part.ok()) << json_part.error();
  EXPECT_EQ(json_part.value().event.image_jpeg, test_support::make_jpeg(3));
  EXPECT_TRUE(json_part.value().event.closeup_jpeg.empty()) << "the plate picture is the main one";
}

// A number too large for a double is an out_of_range error in nlohmann::json, not a parse
// error: it once escaped the parser and would have ended gated (found by hikvision_push_fuzz).
TEST(HikvisionPush, ANumberTooLargeIsABadBodyNotACrash) {
  auto r = parse_hikvision_push("application/json", R"({"ipAddress": 1E999, "eventType": "ANPR"})",
                                "L1", kChina);
  EXPECT_THAT(error_of(r), HasSubstr("body is not JSON"));
  EXPECT_THAT(error_of(r), HasSubstr("number overflow"));
}

TEST(HikvisionPush, HeartbeatsAndOtherAlarmsAreSignsOfLife) {
  for (const char* sample : {"hikvision_heartbeat.xml", "hikvision_videoloss_keepalive.xml"}) {
    const std::string xml = camera_sample(sample, {{"DATETIME", "2026-01-05T18:15:00+08:00"}});
    auto push = parse_hikvision_push("application/xml", xml, "L1", kChina);
    ASSERT_TRUE(push.ok()) << sample << ": " << push.error();
    EXPECT_EQ(push.value().kind, CameraPush::Kind::kHeartbeat) << sample;
    EXPECT_EQ(push.value().camera_id, "bc:5e:33:62:2a:5c/ch1");
    EXPECT_FALSE(push.value().what.empty());
  }
}

TEST(HikvisionPush, RefusesEventsThatFailTheCommonChecks) {
  auto not_plate = parse_hikvision_push("text/xml", anpr_xml("豫G&lt;b&gt;12"), "L1", kChina);
  EXPECT_THAT(error_of(not_plate), HasSubstr("not a plate read"));
  auto control = parse_hikvision_push("text/xml", anpr_xml("豫G1\u202e2345"), "L1", kChina);
  EXPECT_FALSE(control.ok());
  auto no_time = parse_hikvision_push(
      "text/xml",
      test_support::replace_all(anpr_xml(), "<dateTime>2026-01-05T18:15:00+08:00</dateTime>", ""),
      "L1", kChina);
  EXPECT_THAT(error_of(no_time), HasSubstr("dateTime missing"));
  auto bad_conf = parse_hikvision_push(
      "text/xml", test_support::replace_all(anpr_xml(), ">96<", ">high<"), "L1", kChina);
  EXPECT_THAT(error_of(bad_conf), HasSubstr("confidenceLevel must be a number 0..100"));
  auto long_lane = parse_hikvision_push("text/xml", anpr_xml(), std::string(65, 'L'), kChina);
  EXPECT_THAT(error_of(long_lane), HasSubstr("64 bytes"));
}

TEST(HikvisionPush, RefusesPicturesThatAreNoneOrTooLarge) {
  const std::string bomb = multipart_body(
      {{"anpr.xml", "text/xml", anpr_xml()},
       {"detectionPicture.jpg", "image/jpeg", test_support::png_claiming(20000, 20000)}});
  EXPECT_THAT(error_of(parse_hikvision_push(kHikvisionContentType, bomb, "L1", kChina)),
              HasSubstr("refused"));
  const std::string text = multipart_body(
      {{"anpr.xml", "text/xml", anpr_xml()}, {"detectionPicture.jpg", "image/jpeg", "hello"}});
  EXPECT_THAT(error_of(parse_hikvision_push(kHikvisionContentType, text, "L1", kChina)),
              HasSubstr("does not decode as an image"));
}

TEST(HikvisionPush, TruncatedBodiesAreErrorsNeverCrashes) {
  const std::string body = hikvision_multipart(anpr_xml());
  for (std::size_t n = 0; n < body.size(); n += 37) {
    auto push = parse_hikvision_push(kHikvisionContentType, body.substr(0, n), "L1", kChina);
    EXPECT_FALSE(push.ok()) << "cut at " << n;
  }
  const std::string xml = anpr_xml();
  for (std::size_t n = 0; n + 30 < xml.size(); n += 11) {
    EXPECT_FALSE(parse_hikvision_push("text/xml", xml.substr(0, n), "L1", kChina).ok()) << n;
  }
}

TEST(HikvisionPush, WrongTypedAndOversizedDocumentsAreRefused) {
  EXPECT_THAT(error_of(parse_hikvision_push("text/xml", "<other/>", "L1", kChina)),
              HasSubstr("no EventNotificationAlert"));
  EXPECT_THAT(error_of(parse_hikvision_push("application/json", "[1,2]", "L1", kChina)),
              HasSubstr("must be a JSON object"));
  EXPECT_THAT(
      error_of(parse_hikvision_push(
          "application/json", R"({"eventType":"ANPR","ANPR":{"licensePlate":5}})", "L1", kChina)),
      HasSubstr("must be a string"));
  EXPECT_THAT(error_of(parse_hikvision_push("text/xml", "<EventNotificationAlert/>", "L1", kChina)),
              HasSubstr("eventType missing"));
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += "<a>";
  EXPECT_THAT(error_of(parse_hikvision_push("text/xml", deep, "L1", kChina)), HasSubstr("nests"));
  const std::string huge =
      "<EventNotificationAlert>" + std::string(70000, ' ') + "</EventNotificationAlert>";
  EXPECT_THAT(error_of(parse_hikvision_push("text/xml", huge, "L1", kChina)), HasSubstr("bytes"));
  const std::string two =
      multipart_body({{"a.xml", "text/xml", anpr_xml()}, {"b.xml", "text/xml", anpr_xml()}});
  EXPECT_THAT(error_of(parse_hikvision_push(kHikvisionContentType, two, "L1", kChina)),
              HasSubstr("two event parts"));
}

}  // namespace
}  // namespace gate::drivers
