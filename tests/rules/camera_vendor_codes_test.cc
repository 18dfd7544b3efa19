#include "rules/camera_vendor_codes.h"

#include <gtest/gtest.h>

namespace gate::rules {
namespace {

TEST(CameraVendorCodes, HikvisionWords) {
  const auto t = CameraWordTable::kHikvisionIsapi;
  EXPECT_EQ(color_from_camera_word("yellow", t), gate::v1::PLATE_COLOR_YELLOW);
  EXPECT_EQ(color_from_camera_word(" Blue ", t), gate::v1::PLATE_COLOR_BLUE);
  EXPECT_EQ(color_from_camera_word("newEnergyYellowGreen", t), gate::v1::PLATE_COLOR_YELLOW_GREEN);
  EXPECT_EQ(color_from_camera_word("civilAviationBlack", t), gate::v1::PLATE_COLOR_UNKNOWN);
  EXPECT_EQ(color_from_camera_word("", t), gate::v1::PLATE_COLOR_UNKNOWN);
  EXPECT_EQ(vehicle_kind_from_camera_word("truck", t), VehicleKind::kTruck);
  EXPECT_EQ(vehicle_kind_from_camera_word("SUVMPV", t), VehicleKind::kCar);
  EXPECT_EQ(vehicle_kind_from_camera_word("largeBus", t), VehicleKind::kBus);
  EXPECT_EQ(vehicle_kind_from_camera_word("hovercraft", t), VehicleKind::kOther);
  EXPECT_EQ(vehicle_kind_from_camera_word("", t), VehicleKind::kUnknown);
}

TEST(CameraVendorCodes, DahuaWords) {
  const auto t = CameraWordTable::kDahuaItsapi;
  EXPECT_EQ(color_from_camera_word("Yellow", t), gate::v1::PLATE_COLOR_YELLOW);
  EXPECT_EQ(color_from_camera_word("YellowGreen", t), gate::v1::PLATE_COLOR_YELLOW_GREEN);
  EXPECT_EQ(color_from_camera_word("Purple", t), gate::v1::PLATE_COLOR_UNKNOWN);
  EXPECT_EQ(vehicle_kind_from_camera_word("LargeTruck", t), VehicleKind::kTruck);
  EXPECT_EQ(vehicle_kind_from_camera_word("Saloon", t), VehicleKind::kCar);
  EXPECT_EQ(vehicle_kind_name(VehicleKind::kTruck), "truck");
}

}  // namespace
}  // namespace gate::rules
