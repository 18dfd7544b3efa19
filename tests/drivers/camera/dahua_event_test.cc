// Dahua ITC ITSAPI pushes: the documented samples (data/README.md), keepalives, and bodies cut,
// bloated or of the wrong type.
#include "drivers/camera/dahua_event.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/drivers/camera/camera_push_samples.h"
#include "tests/support/test_images.h"

namespace gate::drivers {
namespace {

using ::testing::HasSubstr;
using json = nlohmann::json;
using test_support::camera_sample;

constexpr int64_t kStamp = 1767608100000;  // 2026-01-05T10:15:00Z = 18:15 in China
constexpr int kChina = 480;

// The error of a refused push, or "accepted" (so that a wrong acceptance fails readably).
std::string error_of(const Result<CameraPush>& r) {
  return r.ok() ? "accepted" : r.error();
}

std::string tollgate(const std::string& plate = "豫H55667") {
  return camera_sample("dahua_tollgate.json",
                       {{"PLATE", plate}, {"LOCALTIME", "2026-01-05 18:15:00.000"}});
}

TEST(DahuaPush, TollgateInfoGivesThePlateEventWithTheScenePicture) {
  auto push = parse_dahua_push("application/json", tollgate(), "L1", false, kChina);
  ASSERT_TRUE(push.ok()) << push.error();
  ASSERT_EQ(push.value().kind, CameraPush::Kind::kPlate);
  const auto& read = push.value().event.read;
  EXPECT_EQ(read.plate_text(), "豫H55667");
  EXPECT_EQ(read.source(), "dahua");
  EXPECT_EQ(read.lane_id(), "L1");
  EXPECT_EQ(read.color(), gate::v1::PLATE_COLOR_YELLOW);
  EXPECT_DOUBLE_EQ(read.confidence(), 0.92);
  EXPECT_EQ(read.camera_time_unix_ms(), kStamp);
  EXPECT_EQ(read.camera_id(), "ITC-6L0A1B2");
  EXPECT_EQ(push.value().event.vehicle_kind, "truck");
  EXPECT_EQ(push.value().event.image_jpeg, test_support::make_jpeg(1));
  EXPECT_EQ(push.value().event.image_field, "Picture.NormalPic.Content");
  // The cutout is kept too, as the plate close-up.
  EXPECT_EQ(push.value().event.closeup_jpeg, test_support::make_jpeg(2));
  EXPECT_EQ(push.value().event.closeup_field, "Picture.CutoutPic.Content");
}

TEST(DahuaPush, TheCloseupIsTheCutoutBesideAnotherPictureOnly) {
  json no_cutout = json::parse(tollgate());
  no_cutout["Picture"].erase("CutoutPic");
  auto scene = parse_dahua_push("application/json", no_cutout.dump(), "L1", false, kChina);
  ASSERT_TRUE(scene.ok()) << scene.error();
  EXPECT_EQ(scene.value().event.image_jpeg, test_support::make_jpeg(1));
  EXPECT_TRUE(scene.value().event.closeup_jpeg.empty());
  EXPECT_TRUE(scene.value().event.closeup_field.empty());

  json cutout_only = json::parse(tollgate());
  cutout_only["Picture"].erase("NormalPic");
  auto plate = parse_dahua_push("application/json", cutout_only.dump(), "L1", false, kChina);
  ASSERT_TRUE(plate.ok()) << plate.error();
  EXPECT_EQ(plate.value().event.image_jpeg, test_support::make_jpeg(2)) << "the main picture";
  EXPECT_TRUE(plate.value().event.closeup_jpeg.empty());
}

TEST(DahuaPush, ABadCutoutRefusesTheEventLikeABadScene) {
  json doc = json::parse(tollgate());
  doc["Picture"]["CutoutPic"]["Content"] = base64_encode("hello");
  const std::string error =
      error_of(parse_dahua_push("application/json", doc.dump(), "L1", false, kChina));
  EXPECT_THAT(error, HasSubstr("Picture.CutoutPic.Content"));
  EXPECT_THAT(error, HasSubstr("does not decode as an image"));
}

TEST(DahuaPush, MultipartWithPicturePartsIsTaken) {
  json doc = json::parse(tollgate());
  doc["Picture"].erase("NormalPic");
  doc["Picture"].erase("CutoutPic");
  const std::string body =
      test_support::multipart_body({{"TollgateInfo", "application/json", doc.dump()},
                                    {"CutoutPic.jpg", "image/jpeg", test_support::make_jpeg(5)},
                                    {"NormalPic.jpg", "image/jpeg", test_support::make_jpeg(6)}});
  auto push = parse_dahua_push("multipart/form-data; boundary=boundary", body, "L1", false, kChina);
  ASSERT_TRUE(push.ok()) << push.error();
  EXPECT_EQ(push.value().event.image_jpeg, test_support::make_jpeg(6));
  EXPECT_EQ(push.value().event.closeup_jpeg, test_support::make_jpeg(5)) << "the cutout part";
}

TEST(DahuaPush, KeepAliveIsASignOfLife) {
  const std::string body =
      camera_sample("dahua_keepalive.json", {{"LOCALTIME", "2026-01-05 18:15:00"}});
  auto push = parse_dahua_push("application/json", body, "L1", true, kChina);
  ASSERT_TRUE(push.ok()) << push.error();
  EXPECT_EQ(push.value().kind, CameraPush::Kind::kHeartbeat);
  EXPECT_EQ(push.value().camera_id, "ITC-6L0A1B2");
  EXPECT_TRUE(parse_dahua_push("", "", "L1", true, kChina).ok());
  EXPECT_FALSE(parse_dahua_push("application/json", "[1]", "L1", true, kChina).ok());
}

TEST(DahuaPush, RefusesEventsThatFailTheChecks) {
  json doc = json::parse(tollgate());
  auto with = [&](const std::function<void(json&)>& edit) {
    json d = doc;
    edit(d);
    return parse_dahua_push("application/json", d.dump(), "L1", false, kChina);
  };
  EXPECT_THAT(error_of(with([](json& d) { d["Picture"]["Plate"]["PlateNumber"] = "ABC<script>"; })),
              HasSubstr("not a plate read"));
  EXPECT_THAT(error_of(with([](json& d) { d["Picture"]["Plate"]["PlateNumber"] = 12345; })),
              HasSubstr("must be a string"));
  EXPECT_THAT(error_of(with([](json& d) { d["Picture"]["Plate"].erase("PlateNumber"); })),
              HasSubstr("Picture.Plate.PlateNumber missing"));
  EXPECT_THAT(error_of(with([](json& d) { d["Picture"]["Plate"]["Confidence"] = 150; })),
              HasSubstr("0..100"));
  EXPECT_THAT(error_of(with([](json& d) { d["Picture"]["SnapInfo"].erase("AccurateTime"); })),
              HasSubstr("AccurateTime missing"));
  EXPECT_THAT(
      error_of(with([](json& d) { d["Picture"]["SnapInfo"]["AccurateTime"] = "yesterday"; })),
      HasSubstr("AccurateTime"));
  EXPECT_THAT(
      error_of(with([](json& d) { d["Picture"]["SnapInfo"]["DeviceID"] = std::string(65, 'x'); })),
      HasSubstr("64 bytes"));
  EXPECT_THAT(error_of(with([](json& d) { d["Picture"]["NormalPic"]["Content"] = "***"; })),
              HasSubstr("not valid base64"));
  EXPECT_THAT(error_of(with([](json& d) {
                d["Picture"]["NormalPic"]["Content"] =
                    base64_encode(test_support::png_claiming(20000, 20000));
              })),
              HasSubstr("refused"));
  EXPECT_THAT(error_of(with([](json& d) { d["Picture"] = "x"; })),
              HasSubstr("must be a JSON object"));
  EXPECT_THAT(error_of(with([](json& d) { d.erase("Picture"); })), HasSubstr("Picture missing"));
}

TEST(DahuaPush, TruncatedAndWrongTypedBodiesAreErrors) {
  const std::string body = tollgate();
  for (std::size_t n = 0; n < body.size(); n += 29) {
    EXPECT_FALSE(parse_dahua_push("application/json", body.substr(0, n), "L1", false, kChina).ok())
        << n;
  }
  EXPECT_FALSE(parse_dahua_push("application/json", "\xff\xfe", "L1", false, kChina).ok());
  EXPECT_FALSE(parse_dahua_push("application/json", "null", "L1", false, kChina).ok());
}

}  // namespace
}  // namespace gate::drivers
