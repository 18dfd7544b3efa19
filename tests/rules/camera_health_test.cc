#include "rules/camera_health.h"

#include <gtest/gtest.h>

namespace gate::rules {
namespace {

using Kind = CameraHealthChange::Kind;

constexpr int64_t kStart = 1795305600000;
constexpr int64_t kWindow = 300000;

CameraHealth two_cameras() {
  return CameraHealth({{"L1", "hik-in-1"}, {"L2", "LPR-L2"}}, kWindow, kStart);
}

TEST(CameraHealth, OnlineWithinTheWindowOfTheLastSign) {
  CameraHealth h = two_cameras();
  h.saw("L1", "hik-in-1", kStart + 1000);
  auto s = h.statuses(kStart + 1000 + kWindow);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].camera_id, "hik-in-1");
  EXPECT_TRUE(s[0].online);
  EXPECT_FALSE(s[0].never_seen);
  EXPECT_EQ(s[0].last_seen_unix_ms, kStart + 1000);
  EXPECT_EQ(s[0].silent_ms, kWindow);
  s = h.statuses(kStart + 1001 + kWindow);
  EXPECT_FALSE(s[0].online);
}

TEST(CameraHealth, NeverSeenIsOfflineOneWindowAfterStart) {
  CameraHealth h = two_cameras();
  auto s = h.statuses(kStart + kWindow);
  EXPECT_TRUE(s[1].never_seen);
  EXPECT_TRUE(s[1].online);
  EXPECT_EQ(s[1].last_seen_unix_ms, 0);
  s = h.statuses(kStart + kWindow + 1);
  EXPECT_FALSE(s[1].online);
}

TEST(CameraHealth, PlateIsASignOfLifeAndUnknownCamerasAreIgnored) {
  CameraHealth h = two_cameras();
  h.saw_plate("L2", "LPR-L2", kStart + 5000);
  h.saw("L2", "hik-in-1", kStart + 9000);  // not watched at L2
  h.saw("L1", "hik-in-1", kStart + 7000);
  h.saw("L1", "hik-in-1", kStart + 6000);  // older than the one kept
  const auto s = h.statuses(kStart + 10000);
  EXPECT_EQ(s[1].last_plate_unix_ms, kStart + 5000);
  EXPECT_EQ(s[1].last_seen_unix_ms, kStart + 5000);
  EXPECT_EQ(s[0].last_plate_unix_ms, 0);
  EXPECT_EQ(s[0].last_seen_unix_ms, kStart + 7000);
}

TEST(CameraHealth, SilenceReportedOnceWhileOpenAndBackOnce) {
  CameraHealth h({{"L1", "hik-in-1"}}, kWindow, kStart);
  h.saw("L1", "hik-in-1", kStart + 1000);
  EXPECT_TRUE(h.check(kStart + 1000 + kWindow, true).empty());
  auto c = h.check(kStart + 2000 + kWindow, true);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].kind, Kind::kSilent);
  EXPECT_EQ(c[0].camera_id, "hik-in-1");
  EXPECT_EQ(c[0].silent_ms, kWindow + 1000);
  EXPECT_EQ(c[0].last_seen_unix_ms, kStart + 1000);
  EXPECT_TRUE(h.check(kStart + 60000 + kWindow, true).empty());  // said once
  h.saw("L1", "hik-in-1", kStart + 61000 + kWindow);
  c = h.check(kStart + 61000 + kWindow, true);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].kind, Kind::kBack);
  EXPECT_EQ(c[0].silent_ms, 60000 + kWindow);
  EXPECT_TRUE(h.check(kStart + 62000 + kWindow, true).empty());
}

TEST(CameraHealth, ClosedGateRaisesNothingUntilItOpens) {
  CameraHealth h({{"L1", "hik-in-1"}}, kWindow, kStart);
  EXPECT_TRUE(h.check(kStart + 2 * kWindow, false).empty());  // night: never seen, no alarm
  const auto c = h.check(kStart + 3 * kWindow, true);         // the gate opens, still silent
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].kind, Kind::kSilent);
  EXPECT_EQ(c[0].last_seen_unix_ms, 0);
  EXPECT_EQ(c[0].silent_ms, 3 * kWindow);
  // Heard at night: back, whatever the hours.
  h.saw("L1", "hik-in-1", kStart + 4 * kWindow);
  EXPECT_EQ(h.check(kStart + 4 * kWindow, false).size(), 1u);
}

TEST(CameraHealth, SilentAndBackBetweenChecksWhileClosedIsNotReported) {
  CameraHealth h({{"L1", "hik-in-1"}}, kWindow, kStart);
  EXPECT_TRUE(h.check(kStart + 2 * kWindow, false).empty());
  h.saw("L1", "hik-in-1", kStart + 2 * kWindow);
  EXPECT_TRUE(h.check(kStart + 2 * kWindow + 1, true).empty());
}

}  // namespace
}  // namespace gate::rules
