// The read-back requests, the parsing of the cameras' answers (samples in data/, sources in
// data/README.md), malformed answers, and the match rule.
#include <fstream>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "drivers/camera/event_readback.h"

namespace gate::drivers {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kNow = 1767608100000;  // 2026-01-05T10:15:00Z, 18:15:00 at +08:00
constexpr int kChina = 480;

std::string sample(const std::string& name) {
  std::ifstream in(std::string(GATE_CAMERA_TEST_DATA) + "/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(EventReadback, HikvisionRequestAsksForThePlatesSinceAMinuteBeforeInLocalTime) {
  auto r = build_readback_request(CameraVendor::kHikvision, kNow, kChina);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().method, "POST");
  EXPECT_EQ(r.value().target, "/ISAPI/Traffic/channels/1/vehicleDetect/plates");
  EXPECT_THAT(r.value().body, HasSubstr("<AfterTime><picTime>20260105T181400</picTime>"));
}

TEST(EventReadback, DahuaRequestFindsTrafficSnapRecordsAroundTheEvent) {
  auto r = build_readback_request(CameraVendor::kDahua, kNow, kChina);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().method, "GET");
  EXPECT_EQ(r.value().target,
            "/cgi-bin/recordFinder.cgi?action=find&name=TrafficSnapEventInfo"
            "&StartTime=1767608040&EndTime=1767608160&count=100");
}

TEST(EventReadback, VendorsWithoutAReadBackApiAreAnError) {
  EXPECT_FALSE(build_readback_request(CameraVendor::kVzenith, kNow, kChina).ok());
  EXPECT_FALSE(build_readback_request(CameraVendor::kGeneric, kNow, kChina).ok());
}

TEST(EventReadback, HikvisionCaptureTimeForms) {
  EXPECT_EQ(parse_hikvision_capture_time("20260105T1815000000", kChina).value(), kNow);
  EXPECT_EQ(parse_hikvision_capture_time("20260105T181500", kChina).value(), kNow);
  EXPECT_EQ(parse_hikvision_capture_time("20260105T101500+0000", kChina).value(), kNow);
  EXPECT_EQ(parse_hikvision_capture_time("20260105181500250", kChina).value(), kNow + 250);
  EXPECT_EQ(parse_hikvision_capture_time("2026-01-05T18:15:00+08:00", 0).value(), kNow);
  EXPECT_FALSE(parse_hikvision_capture_time("yesterday", kChina).ok());
  EXPECT_FALSE(parse_hikvision_capture_time("20261305T181500", kChina).ok());
}

TEST(EventReadback, HikvisionPlatesSampleReadsEveryPlateAndSkipsThePlateless) {
  auto r = parse_hikvision_plates(sample("hikvision_plates.xml"), kChina);
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r.value().size(), 3u);
  EXPECT_EQ(r.value()[0].plate, "豫G12345");
  EXPECT_EQ(r.value()[0].unix_ms, kNow - 2000);
  EXPECT_EQ(r.value()[1].plate, "豫H 55667");
  EXPECT_EQ(r.value()[1].unix_ms, kNow - 1000);
  EXPECT_EQ(r.value()[2].unix_ms, kNow + 1456);
}

TEST(EventReadback, DahuaRecordsSampleReadsEpochAndLocalTimes) {
  auto r = parse_dahua_records(sample("dahua_traffic_records.txt"), kChina);
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r.value().size(), 2u);
  EXPECT_EQ(r.value()[0].plate, "豫G12345");
  EXPECT_EQ(r.value()[0].unix_ms, kNow - 2000);
  EXPECT_EQ(r.value()[1].plate, "豫H55667");
  EXPECT_EQ(r.value()[1].unix_ms, kNow + 2000);
  auto none = parse_dahua_records("found=0\r\n", kChina);
  ASSERT_TRUE(none.ok()) << none.error();
  EXPECT_TRUE(none.value().empty());
}

TEST(EventReadback, MalformedAnswersAreErrorsThatSayWhatCame) {
  const auto not_xml = parse_hikvision_plates("<Plates><Plate>", kChina);
  ASSERT_FALSE(not_xml.ok());
  EXPECT_THAT(not_xml.error(), HasSubstr("not XML"));
  const auto other_root = parse_hikvision_plates("<html><body>login</body></html>", kChina);
  ASSERT_FALSE(other_root.ok());
  EXPECT_THAT(other_root.error(), HasSubstr("no <Plates> root"));
  const auto refused = parse_hikvision_plates(
      "<ResponseStatus><statusCode>4</statusCode><statusString>Invalid Operation</statusString>"
      "<subStatusCode>notSupport</subStatusCode></ResponseStatus>",
      kChina);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.error(), HasSubstr("notSupport"));
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += "<a>";
  EXPECT_THAT(parse_hikvision_plates(deep, kChina).error(), HasSubstr("nested deeper"));
  const auto dahua_error = parse_dahua_records("Error\r\nBad Request!\r\n", kChina);
  ASSERT_FALSE(dahua_error.ok());
  EXPECT_THAT(dahua_error.error(), HasSubstr("no \"found=N\" line"));
  EXPECT_FALSE(parse_dahua_records("found=many\r\n", kChina).ok());
  EXPECT_FALSE(parse_readback_reply(CameraVendor::kVzenith, "found=0", kChina).ok());
}

TEST(EventReadback, CameraTextInErrorsCarriesNoControlCharacters) {
  const auto status = parse_hikvision_plates(
      "<ResponseStatus><statusCode>4</statusCode><statusString>OK\nALARM forged\x1b[0m"
      "</statusString></ResponseStatus>",
      kChina);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().find('\n'), std::string::npos) << status.error();
  EXPECT_EQ(status.error().find('\x1b'), std::string::npos) << status.error();
  const auto dahua = parse_dahua_records("Error\r\n\xe2\x80\xae spoof\r\n", kChina);
  ASSERT_FALSE(dahua.ok());
  EXPECT_EQ(dahua.error().find("\xe2\x80\xae"), std::string::npos) << dahua.error();
  EXPECT_THAT(dahua.error(), HasSubstr("<text with U+"));
}

TEST(EventReadback, SamePlateNormalisedWithinFiveSecondsMatches) {
  const CameraCapture c{"豫h 12345", kNow};
  EXPECT_TRUE(capture_matches(c, "豫H12345", kNow));
  EXPECT_TRUE(capture_matches(c, "豫H12345", kNow + 5000));
  EXPECT_TRUE(capture_matches(c, "豫H12345", kNow - 5000));
  EXPECT_FALSE(capture_matches(c, "豫H12345", kNow + 5001));
  EXPECT_FALSE(capture_matches(c, "豫H12346", kNow));
  EXPECT_FALSE(capture_matches(c, "皖H12345", kNow));
}

TEST(EventReadback, JudgeConfirmsOnlyAMatchingCapture) {
  auto captures = parse_hikvision_plates(sample("hikvision_plates.xml"), kChina).value();
  EXPECT_EQ(judge_captures(captures, "豫H55667", kNow).verdict, ReadbackVerdict::kConfirmed);
  EXPECT_EQ(judge_captures(captures, "豫A9988F", kNow - 4000).verdict,
            ReadbackVerdict::kNotCaptured);
  const ReadbackOutcome unknown = judge_captures(captures, "豫K00001", kNow);
  EXPECT_EQ(unknown.verdict, ReadbackVerdict::kNotCaptured);
  EXPECT_THAT(unknown.reason, HasSubstr("no capture of 豫K00001"));
  EXPECT_EQ(judge_captures({}, "豫H55667", kNow).verdict, ReadbackVerdict::kNotCaptured);
}

}  // namespace
}  // namespace gate::drivers
