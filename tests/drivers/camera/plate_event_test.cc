#include "drivers/camera/plate_event.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "tests/support/test_images.h"

namespace gate::drivers {
namespace {

using json = nlohmann::json;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// A real JPEG, made the way a camera would: encode a small picture.
std::string make_jpeg(int w = 16, int h = 8) {
  cv::Mat img(h, w, CV_8UC3, cv::Scalar(30, 200, 220));
  std::vector<uchar> buf;
  EXPECT_TRUE(cv::imencode(".jpg", img, buf));
  return std::string(buf.begin(), buf.end());
}

json vzenith(const std::string& license = "豫H12345", int color_type = 2, double confidence = 98) {
  return json{{"AlarmInfoPlate",
               {{"channel", 0},
                {"deviceName", "IVS"},
                {"ipaddr", "192.168.1.100"},
                {"serialno", "a1b2c3d4-e5f60001"},
                {"result",
                 {{"PlateResult",
                   {{"license", license},
                    {"colorType", color_type},
                    {"confidence", confidence},
                    {"direction", 0},
                    {"triggerType", 8},
                    {"timeStamp", {{"Timeval", {{"sec", 1718000000}, {"usec", 123456}}}}}}}}}}}};
}

json& plate_result(json& j) {
  return j["AlarmInfoPlate"]["result"]["PlateResult"];
}

std::string vz_error(const json& j, const std::string& lane = "L1") {
  auto r = parse_vzenith_event(j.dump(), lane);
  EXPECT_FALSE(r.ok());
  return r.ok() ? std::string() : r.error();
}

TEST(VzenithEventTest, ValidEventWithoutImage) {
  auto r = parse_vzenith_event(vzenith().dump(), "L1");
  ASSERT_TRUE(r.ok()) << r.error();
  const auto& read = r.value().read;
  EXPECT_EQ(read.plate_text(), "豫H12345");
  EXPECT_EQ(read.color(), gate::v1::PLATE_COLOR_YELLOW);
  EXPECT_DOUBLE_EQ(read.confidence(), 0.98);
  EXPECT_EQ(read.lane_id(), "L1");
  EXPECT_EQ(read.camera_id(), "a1b2c3d4-e5f60001");
  EXPECT_EQ(read.camera_time_unix_ms(), 1718000000123);
  EXPECT_EQ(read.time_unix_ms(), 0) << "the receiver stamps the arrival";
  EXPECT_EQ(read.source(), "vzenith");
  EXPECT_EQ(read.direction(), gate::v1::DIRECTION_UNSPECIFIED);
  EXPECT_TRUE(read.image_sha256().empty());
  EXPECT_TRUE(r.value().image_jpeg.empty());
}

// nlohmann::json reports a number too large for a double as out_of_range, not as a parse
// error; both are a bad body (400), never an exception out of the parser.
TEST(VzenithEventTest, ANumberTooLargeIsABadBodyNotACrash) {
  auto vz = parse_vzenith_event(R"({"AlarmInfoPlate": {"channel": 88E999999}})", "L1");
  ASSERT_FALSE(vz.ok());
  EXPECT_NE(vz.error().find("number overflow"), std::string::npos) << vz.error();
  auto generic = parse_generic_event(R"({"lane_id": "L1", "confidence": -1e400})");
  ASSERT_FALSE(generic.ok());
  EXPECT_NE(generic.error().find("body is not JSON"), std::string::npos) << generic.error();
}

TEST(VzenithEventTest, ValidEventWithImage) {
  const std::string jpeg = make_jpeg();
  json j = vzenith();
  plate_result(j)["imageFile"] = base64_encode(jpeg);
  auto r = parse_vzenith_event(j.dump(), "L2");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().image_jpeg, jpeg);
  EXPECT_EQ(r.value().read.lane_id(), "L2");
  EXPECT_TRUE(r.value().closeup_jpeg.empty()) << "no imageFragmentFile, no close-up";
  EXPECT_TRUE(r.value().closeup_field.empty());
}

TEST(VzenithEventTest, TheFragmentIsKeptAsThePlateCloseup) {
  const std::string full = make_jpeg(64, 48);
  const std::string fragment = make_jpeg(24, 8);
  json j = vzenith();
  plate_result(j)["imageFile"] = base64_encode(full);
  plate_result(j)["imageFragmentFile"] = base64_encode(fragment);
  auto r = parse_vzenith_event(j.dump(), "L1");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().image_jpeg, full);
  EXPECT_EQ(r.value().image_field, "AlarmInfoPlate.result.PlateResult.imageFile");
  EXPECT_EQ(r.value().closeup_jpeg, fragment);
  EXPECT_EQ(r.value().closeup_field, "AlarmInfoPlate.result.PlateResult.imageFragmentFile");

  // The fragment alone is the main picture, as the other vendors fall back to the plate one.
  plate_result(j).erase("imageFile");
  auto alone = parse_vzenith_event(j.dump(), "L1");
  ASSERT_TRUE(alone.ok()) << alone.error();
  EXPECT_EQ(alone.value().image_jpeg, fragment);
  EXPECT_TRUE(alone.value().closeup_jpeg.empty());
}

TEST(VzenithEventTest, ABadFragmentRefusesTheEventLikeABadImageFile) {
  json j = vzenith();
  plate_result(j)["imageFile"] = base64_encode(make_jpeg());
  plate_result(j)["imageFragmentFile"] = base64_encode("this is not a picture at all");
  EXPECT_THAT(vz_error(j),
              StartsWith("AlarmInfoPlate.result.PlateResult.imageFragmentFile does not decode as "
                         "an image"));
  plate_result(j)["imageFragmentFile"] = "";  // an empty field: no close-up
  auto r = parse_vzenith_event(j.dump(), "L1");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_TRUE(r.value().closeup_jpeg.empty());
}

TEST(VzenithEventTest, ColorTypesUseTheVzenithTable) {
  const std::pair<int, gate::v1::PlateColor> cases[] = {
      {0, gate::v1::PLATE_COLOR_UNKNOWN},      {1, gate::v1::PLATE_COLOR_BLUE},
      {2, gate::v1::PLATE_COLOR_YELLOW},       {3, gate::v1::PLATE_COLOR_WHITE},
      {4, gate::v1::PLATE_COLOR_BLACK},        {5, gate::v1::PLATE_COLOR_GREEN},
      {6, gate::v1::PLATE_COLOR_YELLOW_GREEN}, {42, gate::v1::PLATE_COLOR_UNKNOWN},
  };
  for (const auto& [code, color] : cases) {
    auto r = parse_vzenith_event(vzenith("豫H12345", code).dump(), "L1");
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r.value().read.color(), color) << "colorType " << code;
  }
  json j = vzenith();
  plate_result(j).erase("colorType");
  auto r = parse_vzenith_event(j.dump(), "L1");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().read.color(), gate::v1::PLATE_COLOR_UNKNOWN);
}

TEST(VzenithEventTest, LicenseIsTrimmed) {
  auto r = parse_vzenith_event(vzenith("  豫HD12345 \t").dump(), "L1");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().read.plate_text(), "豫HD12345");
}

TEST(VzenithEventTest, MissingTimestampLeavesNoCameraTime) {
  json j = vzenith();
  plate_result(j).erase("timeStamp");
  auto r = parse_vzenith_event(j.dump(), "L1");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().read.camera_time_unix_ms(), 0);

  json no_usec = vzenith();
  plate_result(no_usec)["timeStamp"]["Timeval"].erase("usec");
  auto r2 = parse_vzenith_event(no_usec.dump(), "L1");
  ASSERT_TRUE(r2.ok()) << r2.error();
  EXPECT_EQ(r2.value().read.camera_time_unix_ms(), 1718000000000);
}

TEST(VzenithEventTest, CameraIdFallsBackToDeviceName) {
  json j = vzenith();
  j["AlarmInfoPlate"].erase("serialno");
  auto r = parse_vzenith_event(j.dump(), "L1");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().read.camera_id(), "IVS");
}

TEST(VzenithEventTest, ErrorsSayWhatWasWrong) {
  EXPECT_THAT(parse_vzenith_event("{not json", "L1").error(), StartsWith("body is not JSON: "));
  EXPECT_THAT(parse_vzenith_event("", "L1").error(), StartsWith("body is not JSON: "));
  EXPECT_EQ(parse_vzenith_event("[1,2]", "L1").error(), "body must be a JSON object, got array");
  EXPECT_EQ(parse_vzenith_event("{}", "L1").error(), "AlarmInfoPlate missing");
  EXPECT_EQ(parse_vzenith_event(R"({"AlarmInfoPlate":{}})", "L1").error(),
            "AlarmInfoPlate.result missing");
  EXPECT_EQ(parse_vzenith_event(R"({"AlarmInfoPlate":{"result":{}}})", "L1").error(),
            "AlarmInfoPlate.result.PlateResult missing");
  EXPECT_EQ(parse_vzenith_event(R"({"AlarmInfoPlate":{"result":{"PlateResult":7}}})", "L1").error(),
            "AlarmInfoPlate.result.PlateResult must be a JSON object, got number");
  EXPECT_EQ(vz_error(vzenith(), ""), "lane id is empty (it comes from the push URL)");

  json j = vzenith();
  plate_result(j).erase("license");
  EXPECT_EQ(vz_error(j), "AlarmInfoPlate.result.PlateResult.license missing");
  plate_result(j)["license"] = 123;
  EXPECT_EQ(vz_error(j), "AlarmInfoPlate.result.PlateResult.license must be a string, got number");
  plate_result(j)["license"] = "   ";
  EXPECT_EQ(vz_error(j), "AlarmInfoPlate.result.PlateResult.license is empty");

  EXPECT_EQ(vz_error(vzenith("豫H12345", 2, 250)),
            "AlarmInfoPlate.result.PlateResult.confidence must be 0..100, got 250");
  EXPECT_EQ(vz_error(vzenith("豫H12345", 2, -1.5)),
            "AlarmInfoPlate.result.PlateResult.confidence must be 0..100, got -1.5");
  j = vzenith();
  plate_result(j).erase("confidence");
  EXPECT_EQ(vz_error(j), "AlarmInfoPlate.result.PlateResult.confidence missing");
  plate_result(j)["confidence"] = "99";
  EXPECT_EQ(vz_error(j),
            "AlarmInfoPlate.result.PlateResult.confidence must be a number, got string");

  j = vzenith();
  plate_result(j)["colorType"] = "yellow";
  EXPECT_EQ(vz_error(j),
            "AlarmInfoPlate.result.PlateResult.colorType must be an integer, got string");
  plate_result(j)["colorType"] = 1.5;
  EXPECT_EQ(vz_error(j), "AlarmInfoPlate.result.PlateResult.colorType must be an integer, got 1.5");

  j = vzenith();
  plate_result(j)["timeStamp"]["Timeval"].erase("sec");
  EXPECT_EQ(vz_error(j), "AlarmInfoPlate.result.PlateResult.timeStamp.Timeval.sec missing");
  plate_result(j)["timeStamp"]["Timeval"]["sec"] = 1718000000;
  plate_result(j)["timeStamp"]["Timeval"]["usec"] = 1000000;
  EXPECT_EQ(vz_error(j),
            "AlarmInfoPlate.result.PlateResult.timeStamp.Timeval.usec must be 0..999999, got "
            "1000000");
  plate_result(j)["timeStamp"] = {{"sec", 1}};
  EXPECT_EQ(vz_error(j), "AlarmInfoPlate.result.PlateResult.timeStamp.Timeval missing");

  j = vzenith();
  j["AlarmInfoPlate"]["serialno"] = 5;
  EXPECT_EQ(vz_error(j), "AlarmInfoPlate.serialno must be a string, got number");
}

TEST(VzenithEventTest, BadImageIsRejected) {
  json j = vzenith();
  plate_result(j)["imageFile"] = "/9j/4AAQSkZJRgABAQ*AAAQABAAD";  // '*' at offset 18
  EXPECT_EQ(vz_error(j),
            "AlarmInfoPlate.result.PlateResult.imageFile is not valid base64 at offset 18: "
            "unexpected '*'");

  plate_result(j)["imageFile"] = base64_encode("this is not a picture at all");
  EXPECT_THAT(vz_error(j),
              StartsWith("AlarmInfoPlate.result.PlateResult.imageFile does not decode as an "
                         "image: "));

  std::string truncated = make_jpeg(64, 64);
  truncated.resize(20);
  plate_result(j)["imageFile"] = base64_encode(truncated);
  EXPECT_THAT(vz_error(j), HasSubstr("imageFile does not decode as an image"));

  plate_result(j)["imageFile"] = 17;
  EXPECT_EQ(vz_error(j),
            "AlarmInfoPlate.result.PlateResult.imageFile must be a string, got number");

  plate_result(j)["imageFile"] = "";  // some firmware sends an empty field: no image
  auto r = parse_vzenith_event(j.dump(), "L1");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_TRUE(r.value().image_jpeg.empty());
}

json generic() {
  return json{{"plate", "豫HD12345"}, {"lane", "L1"}};
}

std::string gen_error(const json& j) {
  auto r = parse_generic_event(j.dump());
  EXPECT_FALSE(r.ok());
  return r.ok() ? std::string() : r.error();
}

TEST(GenericEventTest, MinimalEventGetsDefaults) {
  auto r = parse_generic_event(generic().dump());
  ASSERT_TRUE(r.ok()) << r.error();
  const auto& read = r.value().read;
  EXPECT_EQ(read.plate_text(), "豫HD12345");
  EXPECT_EQ(read.lane_id(), "L1");
  EXPECT_EQ(read.color(), gate::v1::PLATE_COLOR_UNKNOWN);
  EXPECT_DOUBLE_EQ(read.confidence(), 1.0);
  EXPECT_EQ(read.camera_time_unix_ms(), 0);
  EXPECT_EQ(read.time_unix_ms(), 0) << "the receiver stamps the arrival";
  EXPECT_EQ(read.camera_id(), "");
  EXPECT_EQ(read.direction(), gate::v1::DIRECTION_UNSPECIFIED);
  EXPECT_EQ(read.source(), "generic");
  EXPECT_TRUE(r.value().image_jpeg.empty());
}

TEST(GenericEventTest, FullEvent) {
  const std::string jpeg = make_jpeg(32, 16);
  json j = generic();
  j["color"] = "yellow-green";
  j["confidence"] = 0.87;
  j["time_unix_ms"] = 1718000000123;
  j["camera"] = "cam-1";
  j["direction"] = "out";
  j["image_jpeg_base64"] = base64_encode(jpeg);
  auto r = parse_generic_event(j.dump());
  ASSERT_TRUE(r.ok()) << r.error();
  const auto& read = r.value().read;
  EXPECT_EQ(read.color(), gate::v1::PLATE_COLOR_YELLOW_GREEN);
  EXPECT_DOUBLE_EQ(read.confidence(), 0.87);
  EXPECT_EQ(read.camera_time_unix_ms(), 1718000000123);
  EXPECT_EQ(read.camera_id(), "cam-1");
  EXPECT_EQ(read.direction(), gate::v1::DIRECTION_OUT);
  EXPECT_EQ(r.value().image_jpeg, jpeg);
  EXPECT_EQ(check_image(r.value().image_jpeg).value(), "32x16");
}

TEST(GenericEventTest, Variants) {
  json j = generic();
  j["color"] = "黄";
  j["direction"] = "in";
  j["confidence"] = 0;
  j["camera"] = nullptr;  // null counts as absent
  auto r = parse_generic_event(j.dump());
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().read.color(), gate::v1::PLATE_COLOR_YELLOW);
  EXPECT_EQ(r.value().read.direction(), gate::v1::DIRECTION_IN);
  EXPECT_DOUBLE_EQ(r.value().read.confidence(), 0.0);

  j["color"] = "Blue";
  j["confidence"] = 1;
  r = parse_generic_event(j.dump());
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().read.color(), gate::v1::PLATE_COLOR_BLUE);
  EXPECT_DOUBLE_EQ(r.value().read.confidence(), 1.0);
}

TEST(GenericEventTest, ErrorsSayWhatWasWrong) {
  EXPECT_THAT(parse_generic_event("nope").error(), StartsWith("body is not JSON: "));
  EXPECT_EQ(parse_generic_event("\"x\"").error(), "body must be a JSON object, got string");
  // 京 in GBK: reported readably, without the raw bytes.
  const std::string gbk = parse_generic_event("{\"plate\":\"\xbe\xa9H12345\"}").error();
  EXPECT_THAT(gbk, StartsWith("body is not JSON: "));
  EXPECT_THAT(gbk, HasSubstr("\\xbe"));
  EXPECT_THAT(gbk, HasSubstr("is the camera set to GBK?"));
  EXPECT_EQ(gbk.find('\xbe'), std::string::npos);

  json j = generic();
  j.erase("plate");
  EXPECT_EQ(gen_error(j), "plate missing");
  j["plate"] = " ";
  EXPECT_EQ(gen_error(j), "plate is empty");
  j["plate"] = true;
  EXPECT_EQ(gen_error(j), "plate must be a string, got boolean");

  j = generic();
  j.erase("lane");
  EXPECT_EQ(gen_error(j), "lane missing");
  j["lane"] = "";
  EXPECT_EQ(gen_error(j), "lane is empty");

  j = generic();
  j["color"] = "purple";
  EXPECT_THAT(gen_error(j), StartsWith("color \"purple\" is not a known colour; accepted: blue, "
                                       "yellow, white, black, green, yellow-green, unknown"));
  j["color"] = 2;
  EXPECT_EQ(gen_error(j), "color must be a string, got number");

  j = generic();
  j["confidence"] = 1.5;
  EXPECT_EQ(gen_error(j), "confidence must be 0..1, got 1.5");
  j["confidence"] = 87;
  EXPECT_EQ(gen_error(j), "confidence must be 0..1, got 87");

  j = generic();
  j["time_unix_ms"] = -5;
  EXPECT_EQ(gen_error(j), "time_unix_ms must be positive, got -5");
  j["time_unix_ms"] = "2024-06-10";
  EXPECT_EQ(gen_error(j), "time_unix_ms must be an integer, got string");

  j = generic();
  j["direction"] = "sideways";
  EXPECT_EQ(gen_error(j), "direction must be \"in\" or \"out\", got \"sideways\"");

  j = generic();
  j["image_jpeg_base64"] = "QUJD!";
  EXPECT_EQ(gen_error(j), "image_jpeg_base64 is not valid base64 at offset 4: unexpected '!'");
  j["image_jpeg_base64"] = base64_encode("GIF89a? no");
  EXPECT_THAT(gen_error(j), StartsWith("image_jpeg_base64 does not decode as an image: "));
}

// What a camera sends must be plate-shaped, short and plain before it can reach a record, a log
// line or the LED display.
TEST(CameraTextTest, APlateThatIsNoPlateReadIsRefused) {
  EXPECT_EQ(gen_error(json{{"plate", std::string(7 * 1024 * 1024, 'A')}, {"lane", "L1"}}),
            "plate is not a plate read: it is 7340032 bytes long; a plate has 7 or 8 characters; "
            "check what the camera is set to send");
  EXPECT_EQ(gen_error(json{{"plate", "豫H123456789"}, {"lane", "L1"}}),
            "plate is not a plate read: it has 11 characters; a plate has 7 or 8; check what the "
            "camera is set to send");
  EXPECT_THAT(gen_error(json{{"plate", "=1+2"}, {"lane", "L1"}}),
              HasSubstr("character 1 '=' is on no plate"));
  EXPECT_EQ(vz_error(vzenith("豫H\u202e54321")),
            "AlarmInfoPlate.result.PlateResult.license is not a plate read: it holds U+202E (a "
            "bidirectional override) at character 3; check what the camera is set to send");
  EXPECT_THAT(vz_error(vzenith("豫H1\n2345")), HasSubstr("holds U+000A (a control character)"));
  // Blanks around the text are trimmed as before; plate-shaped misreads are still taken (the
  // identity rule refuses and records them).
  auto r = parse_vzenith_event(vzenith(" 豫H1234O\r\n").dump(), "L1");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().read.plate_text(), "豫H1234O");
}

TEST(CameraTextTest, AParseErrorQuotesABoundedPartOfTheBody) {
  const std::string body = "{\"plate\":\"" + std::string(1 << 20, 'A');  // never closed
  const std::string e = parse_generic_event(body).error();
  EXPECT_THAT(e, StartsWith("body is not JSON: "));
  EXPECT_LT(e.size(), 400u) << e.substr(0, 400);
}

TEST(CameraTextTest, IdsAreShortAndPlain) {
  json j = vzenith();
  j["AlarmInfoPlate"]["serialno"] = "vz\u0007001";
  EXPECT_EQ(vz_error(j),
            "AlarmInfoPlate.serialno holds U+0007 (a control character) at character 3; cameras "
            "must send plain text");
  j["AlarmInfoPlate"]["serialno"] = std::string(65, 'x');
  EXPECT_EQ(vz_error(j),
            "AlarmInfoPlate.serialno is 65 bytes long; ids of at most 64 bytes are taken");
  j = vzenith();
  j["AlarmInfoPlate"].erase("serialno");
  j["AlarmInfoPlate"]["deviceName"] = "IVS\u2066";
  EXPECT_THAT(vz_error(j), StartsWith("AlarmInfoPlate.deviceName holds U+2066"));
  EXPECT_EQ(vz_error(vzenith(), "L1\u202e"),
            "lane id in the push URL holds U+202E (a bidirectional override) at character 3; "
            "cameras must send plain text");

  EXPECT_THAT(gen_error(json{{"plate", "豫H12345"}, {"lane", "L1\u0085"}}),
              StartsWith("lane holds U+0085 (a C1 control character)"));
  EXPECT_EQ(gen_error(json{{"plate", "豫H12345"}, {"lane", std::string(100000, 'L')}}),
            "lane is 100000 bytes long; ids of at most 64 bytes are taken");
  EXPECT_THAT(gen_error(json{{"plate", "豫H12345"}, {"lane", "L1"}, {"camera", "c\x1b[31m"}}),
              StartsWith("camera holds U+001B"));
  EXPECT_THAT(gen_error(json{{"plate", "豫H12345"}, {"lane", "L1"}, {"color", "yel\nlow"}}),
              StartsWith("color holds U+000A"));
  EXPECT_THAT(gen_error(json{{"plate", "豫H12345"}, {"lane", "L1"}, {"direction", "in\u2028"}}),
              StartsWith("direction holds U+2028"));
}

// A picture claiming more pixels than any camera takes is refused from its header: nothing is
// decoded, so its cost is that of reading the header.
TEST(CameraImageTest, ADecompressionBombIsRefusedFromItsHeader) {
  const std::string bomb = test_support::png_claiming(50000, 50000);
  EXPECT_LT(bomb.size(), 400u);
  json j = vzenith();
  plate_result(j)["imageFile"] = base64_encode(bomb);
  EXPECT_EQ(vz_error(j),
            "AlarmInfoPlate.result.PlateResult.imageFile is refused: PNG of 50000x50000 pixels is "
            "over the limit of 8192 pixels a side and 40 megapixels (a camera picture is at most "
            "about 4K); it was not decoded");
  json g = generic();
  g["image_jpeg_base64"] = base64_encode(test_support::png_claiming(8000, 8000));  // 64 MP
  EXPECT_THAT(gen_error(g), StartsWith("image_jpeg_base64 is refused: PNG of 8000x8000 pixels"));
  EXPECT_EQ(check_image(bomb).error(),
            "PNG of 50000x50000 pixels is over the limit of 8192 pixels a side and 40 megapixels "
            "(a camera picture is at most about 4K); it was not decoded");
}

// Within the limits the parser only reads the header; decoding is check_image's, off the lanes'
// thread, and a picture that claims more than it holds fails there.
TEST(CameraImageTest, APictureWithinTheLimitsIsDecodedByCheckImageOnly) {
  const std::string claims_4k = test_support::png_claiming(3840, 2160);
  json j = generic();
  j["image_jpeg_base64"] = base64_encode(claims_4k);
  auto r = parse_generic_event(j.dump());
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().image_jpeg, claims_4k);
  EXPECT_EQ(r.value().image_field, "image_jpeg_base64");
  EXPECT_THAT(
      check_image(claims_4k).error(),
      StartsWith("could not decode " + std::to_string(claims_4k.size()) + " bytes as PNG: "));
  EXPECT_EQ(check_image(test_support::make_png(3, 64, 32)).value(), "64x32");
}

TEST(Base64Test, RoundTripsAllLengthsAndBytes) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (std::size_t n = 0; n <= all.size(); n += (n < 10 ? 1 : 37)) {
    const std::string in = all.substr(0, n);
    const std::string enc = base64_encode(in);
    EXPECT_EQ(enc.size() % 4, 0u);
    auto dec = base64_decode(enc);
    ASSERT_TRUE(dec.ok()) << dec.error();
    EXPECT_EQ(dec.value(), in) << "length " << n;
  }
}

TEST(Base64Test, KnownVectors) {  // RFC 4648 §10
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_decode("Zm9vYmE=").value(), "fooba");
}

TEST(Base64Test, PaddingOptionalAndWhitespaceIgnored) {
  EXPECT_EQ(base64_decode("Zg").value(), "f");
  EXPECT_EQ(base64_decode("Zm8").value(), "fo");
  EXPECT_EQ(base64_decode("Zm9v\r\nYmFy\n").value(), "foobar");
  EXPECT_EQ(base64_decode(" Zm 9v Yg = = ").value(), "foob");
  EXPECT_EQ(base64_decode("").value(), "");
}

TEST(Base64Test, InvalidInputNamesTheOffset) {
  EXPECT_EQ(base64_decode("Zm9v*mFy").error(), "not valid base64 at offset 4: unexpected '*'");
  EXPECT_EQ(base64_decode("Zm9v-_").error(), "not valid base64 at offset 4: unexpected '-'");
  EXPECT_EQ(base64_decode(std::string("Zm\x01v")).error(),
            "not valid base64 at offset 2: unexpected byte 0x01");
  EXPECT_EQ(base64_decode("Zg==Zm8=").error(), "not valid base64 at offset 4: data after padding");
  EXPECT_EQ(base64_decode("Zg===").error(), "not valid base64 at offset 4: unexpected '='");
  EXPECT_EQ(base64_decode("=Zg").error(), "not valid base64 at offset 0: unexpected '='");
  EXPECT_EQ(base64_decode("Zm9vY").error(),
            "not valid base64 at offset 4: a lone final character carries no whole byte");
}

TEST(CheckImageTest, ReportsSizeOrFailure) {
  EXPECT_EQ(check_image(make_jpeg(16, 8)).value(), "16x8");
  EXPECT_EQ(check_image("").error(), "the image is empty");
  EXPECT_EQ(check_image("definitely not an image").error(),
            "not a JPEG, PNG or BMP picture (it starts with 64 65 66 69)");
}

}  // namespace
}  // namespace gate::drivers
