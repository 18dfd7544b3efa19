// The Hikvision and Dahua pushes gate-sim writes, read back with gated's own parsers: plate,
// colour, camera time, confidence, camera id and the picture survive the round trip.
#include <gtest/gtest.h>

#include "drivers/camera/dahua_event.h"
#include "drivers/camera/hikvision_event.h"
#include "drivers/camera/plate_event.h"
#include "sim/devices/dahua_push.h"
#include "sim/devices/hikvision_push.h"
#include "sim/devices/virtual_camera.h"

namespace gate::sim {
namespace {

constexpr int kChina = 480;
constexpr int64_t kNow = 1'795'000'123'456;  // 2026-11-18, with milliseconds

TruckArrival truck(gate::v1::PlateColor color, double confidence) {
  TruckArrival t;
  t.plate = "豫H12345";
  t.color = color;
  t.confidence = confidence;
  return t;
}

TEST(HikvisionPushTest, GatedReadsWhatTheVirtualCameraWrites) {
  for (auto color : {gate::v1::PLATE_COLOR_YELLOW, gate::v1::PLATE_COLOR_YELLOW_GREEN,
                     gate::v1::PLATE_COLOR_BLUE, gate::v1::PLATE_COLOR_GREEN}) {
    const TruckArrival t = truck(color, 0.87);
    const std::string scene = synthetic_snapshot(t, kNow);
    const std::string plate_pic = synthetic_snapshot(t, kNow + 1);
    HikvisionIdentity id;
    id.mac_address = "bc:5e:33:01:02:03";
    const PushBody push = hikvision_anpr_push(t, id, kNow, kChina, plate_pic, scene);
    EXPECT_TRUE(push.content_type.starts_with("multipart/form-data; boundary="));
    auto parsed = drivers::parse_hikvision_push(push.content_type, push.body, "L1", kChina);
    ASSERT_TRUE(parsed.ok()) << parsed.error();
    const auto& read = parsed.value().event.read;
    EXPECT_EQ(parsed.value().kind, drivers::CameraPush::Kind::kPlate);
    EXPECT_EQ(read.plate_text(), "豫H12345");
    EXPECT_EQ(read.color(), color);
    EXPECT_EQ(read.camera_time_unix_ms(), kNow);
    EXPECT_DOUBLE_EQ(read.confidence(), 0.87);
    EXPECT_EQ(read.camera_id(), "bc:5e:33:01:02:03/ch1");
    EXPECT_EQ(read.lane_id(), "L1");
    // The scene (detectionPicture) is the one kept, byte for byte, the plate picture beside it.
    EXPECT_EQ(parsed.value().event.image_jpeg, scene);
    EXPECT_EQ(parsed.value().event.closeup_jpeg, plate_pic);
  }
}

TEST(HikvisionPushTest, DateTimeCarriesTheZoneAndMilliseconds) {
  EXPECT_EQ(hikvision_date_time(kNow, kChina), "2026-11-18T19:08:43.456+08:00");
  EXPECT_EQ(hikvision_date_time(kNow, -90), "2026-11-18T09:38:43.456-01:30");
}

TEST(DahuaPushTest, GatedReadsWhatTheVirtualCameraWrites) {
  for (auto color : {gate::v1::PLATE_COLOR_YELLOW, gate::v1::PLATE_COLOR_YELLOW_GREEN,
                     gate::v1::PLATE_COLOR_WHITE, gate::v1::PLATE_COLOR_BLACK}) {
    const TruckArrival t = truck(color, 0.93);
    const std::string scene = synthetic_snapshot(t, kNow);
    const std::string plate_pic = synthetic_snapshot(t, kNow + 1);
    const std::string body = dahua_tollgate_json(t, "SIM-CAM-L2", kNow, kChina, scene, plate_pic);
    auto parsed = drivers::parse_dahua_push("application/json", body, "L2", false, kChina);
    ASSERT_TRUE(parsed.ok()) << parsed.error();
    const auto& read = parsed.value().event.read;
    EXPECT_EQ(read.plate_text(), "豫H12345");
    EXPECT_EQ(read.color(), color);
    EXPECT_EQ(read.camera_time_unix_ms(), kNow);
    EXPECT_DOUBLE_EQ(read.confidence(), 0.93);
    EXPECT_EQ(parsed.value().camera_id, "SIM-CAM-L2");
    EXPECT_EQ(parsed.value().event.image_jpeg, scene);        // NormalPic, the scene
    EXPECT_EQ(parsed.value().event.closeup_jpeg, plate_pic);  // CutoutPic
    EXPECT_EQ(parsed.value().event.vehicle_kind, "truck");
  }
}

TEST(VzenithPushTest, GatedKeepsTheFullPictureAndTheFragment) {
  const TruckArrival t = truck(gate::v1::PLATE_COLOR_YELLOW, 0.9);
  const std::string scene = synthetic_snapshot(t, kNow);
  const std::string closeup = synthetic_closeup(t, kNow);
  EXPECT_NE(scene, closeup) << "two pictures, not one sent twice";
  auto parsed =
      drivers::parse_vzenith_event(vzenith_body(t, "SIM-CAM-L1", kNow, scene, closeup), "L1");
  ASSERT_TRUE(parsed.ok()) << parsed.error();
  EXPECT_EQ(parsed.value().image_jpeg, scene);
  EXPECT_EQ(parsed.value().closeup_jpeg, closeup);
  EXPECT_TRUE(drivers::check_image(closeup).ok());
}

TEST(DahuaPushTest, AccurateTimeIsLocalWithoutZone) {
  EXPECT_EQ(dahua_accurate_time(kNow, kChina), "2026-11-18 19:08:43.456");
}

}  // namespace
}  // namespace gate::sim
