#include "drivers/camera/replay_guard.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "drivers/camera/alarm_limiter.h"
#include "drivers/camera/camera_route.h"

namespace gate::drivers {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kNow = 1767608100000;

TEST(ReplayWindow, InsideIsOkOutsideSaysHowFar) {
  EXPECT_TRUE(check_replay_window(kNow - 120000, kNow, 120000).ok());
  EXPECT_TRUE(check_replay_window(kNow + 120000, kNow, 120000).ok());
  const Status old = check_replay_window(kNow - 300000, kNow, 120000);
  EXPECT_THAT(old.message(), HasSubstr("300 s behind"));
  EXPECT_THAT(old.message(), HasSubstr("replay window of 120 s"));
  EXPECT_THAT(check_replay_window(kNow + 121000, kNow, 120000).message(), HasSubstr("ahead"));
  EXPECT_THAT(check_replay_window(0, kNow, 120000).message(), HasSubstr("no camera time"));
}

TEST(ReplayGuard, RefusesARepeatedPictureOnTheSameLaneOnly) {
  ReplayGuard guard;
  const std::string h = sha256_hex("picture");
  EXPECT_TRUE(guard.check_and_record("L1", h, kNow).ok());
  const Status again = guard.check_and_record("L1", h, kNow + 5000);
  EXPECT_THAT(again.message(), HasSubstr("5 s ago"));
  EXPECT_TRUE(guard.check_and_record("L2", h, kNow).ok());
  EXPECT_TRUE(guard.check_and_record("L1", sha256_hex("other"), kNow).ok());
}

TEST(ReplayGuard, MemoryIsBoundedByCountAndAge) {
  ReplayGuard guard(3, 1000);
  for (int i = 0; i < 4; ++i) {
    EXPECT_TRUE(guard.check_and_record("L1", sha256_hex(std::to_string(i)), kNow).ok());
  }
  // "0" fell out when the fourth came; "3" is still held until it is older than a second.
  EXPECT_TRUE(guard.check_and_record("L1", sha256_hex("0"), kNow).ok());
  EXPECT_FALSE(guard.check_and_record("L1", sha256_hex("3"), kNow + 1000).ok());
  EXPECT_TRUE(guard.check_and_record("L1", sha256_hex("3"), kNow + 1001).ok());
}

TEST(Sha256Hex, KnownVector) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(AlarmLimiter, OnePerSourcePerMinuteWithTheCountHeldBack) {
  AlarmLimiter limiter(60000, 2);
  EXPECT_EQ(limiter.admit("10.0.0.9", "refused", kNow).value(), "refused");
  EXPECT_FALSE(limiter.admit("10.0.0.9", "refused", kNow + 1000).has_value());
  EXPECT_FALSE(limiter.admit("10.0.0.9", "refused", kNow + 59999).has_value());
  EXPECT_TRUE(limiter.admit("10.0.0.8", "other", kNow + 2000).has_value());
  EXPECT_EQ(limiter.admit("10.0.0.9", "refused", kNow + 60000).value(),
            "refused (2 more from this source were held back in the last minute)");
  // A third source evicts the oldest entry, never grows the table.
  EXPECT_TRUE(limiter.admit("10.0.0.7", "x", kNow + 60001).has_value());
}

TEST(CameraRoute, ParsesEveryRouteAndRefusesOthers) {
  auto hik = parse_camera_route("/camera/hikvision/L1");
  ASSERT_TRUE(hik.ok());
  EXPECT_EQ(hik.value().vendor, CameraVendor::kHikvision);
  EXPECT_EQ(hik.value().lane, "L1");
  EXPECT_TRUE(hik.value().token.empty());
  auto tok = parse_camera_route("/camera/dahua/L2/abcdefabcdefabcdef/KeepAlive");
  ASSERT_TRUE(tok.ok());
  EXPECT_EQ(tok.value().token, "abcdefabcdefabcdef");
  EXPECT_TRUE(tok.value().keepalive);
  auto gen = parse_camera_route("/camera/generic/t0ken");
  ASSERT_TRUE(gen.ok());
  EXPECT_EQ(gen.value().vendor, CameraVendor::kGeneric);
  EXPECT_EQ(gen.value().token, "t0ken");
  for (const char* bad : {"/camera/", "/camera/axis/L1", "/camera/vzenith", "/camera/vzenith/",
                          "/camera/vzenith/L1/t/x", "/camera/generic/", "/other"}) {
    EXPECT_FALSE(parse_camera_route(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace gate::drivers
