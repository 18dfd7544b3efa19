#include "drivers/camera/camera_time.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gate::drivers {
namespace {

using ::testing::HasSubstr;

// 2026-01-05T10:15:00Z
constexpr int64_t kUtc = 1767608100000;

TEST(CameraDatetime, ReadsZonesFractionsAndLocalTime) {
  EXPECT_EQ(parse_camera_datetime("2026-01-05T10:15:00Z", 480).value(), kUtc);
  EXPECT_EQ(parse_camera_datetime("2026-01-05T18:15:00+08:00", 0).value(), kUtc);
  EXPECT_EQ(parse_camera_datetime("2026-01-05T18:15:00+0800", 0).value(), kUtc);
  EXPECT_EQ(parse_camera_datetime("2026-01-05T05:15:00-05:00", 0).value(), kUtc);
  EXPECT_EQ(parse_camera_datetime("2026-01-05 18:15:00.250", 480).value(), kUtc + 250);
  EXPECT_EQ(parse_camera_datetime("2026-01-05T18:15:00.1+08:00", 0).value(), kUtc + 100);
  EXPECT_EQ(parse_camera_datetime("2024-02-29T00:00:00Z", 0).value(), 1709164800000);
}

TEST(CameraDatetime, RefusesWhatIsNoDateTime) {
  for (const char* bad :
       {"", "2026-01-05", "2026-01-05X18:15:00", "2026-13-05T00:00:00", "2026-02-29T00:00:00",
        "2026-01-05T24:00:00", "1969-12-31T23:59:59Z", "2026-01-05T18:15:00+8",
        "2026-01-05T18:15:00.Z", "2026-01-05T18:15:00 junk", "２０２６-01-05T18:15:00"}) {
    EXPECT_FALSE(parse_camera_datetime(bad, 480).ok()) << bad;
  }
  EXPECT_THAT(parse_camera_datetime("2026-13-05T00:00:00", 0).error(), HasSubstr("out of range"));
}

}  // namespace
}  // namespace gate::drivers
