#include "rules/clock_skew.h"

#include <gtest/gtest.h>

namespace gate::rules {
namespace {

using Change = ClockSkewWatch::Change;

constexpr int64_t kGate = 1795305600000;  // 2026-11-22 08:00:00 +08:00
constexpr int64_t kTolerance = 120000;

TEST(ClockSkewWatch, ReportsOnceWhenOutAndOnceWhenBack) {
  ClockSkewWatch watch(kTolerance);
  EXPECT_EQ(watch.observe("L1/cam-1", kGate + 119000, kGate), Change::kNone);
  EXPECT_EQ(watch.observe("L1/cam-1", kGate + 121000, kGate), Change::kOutOfTolerance);
  EXPECT_TRUE(watch.out_of_tolerance("L1/cam-1"));
  // Every further reading while it is off: nothing new to say.
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(watch.observe("L1/cam-1", kGate + 4102444800000 + i, kGate + i), Change::kNone);
  }
  EXPECT_EQ(watch.observe("L1/cam-1", kGate - 1000, kGate), Change::kBackInTolerance);
  EXPECT_FALSE(watch.out_of_tolerance("L1/cam-1"));
  EXPECT_EQ(watch.observe("L1/cam-1", kGate, kGate), Change::kNone);
}

TEST(ClockSkewWatch, ABehindClockCountsLikeOneAhead) {
  ClockSkewWatch watch(kTolerance);
  EXPECT_EQ(watch.observe("platform", kGate - 121000, kGate), Change::kOutOfTolerance);
}

TEST(ClockSkewWatch, BackOnlyWithinHalfTheToleranceSoALimitDriftDoesNotFlap) {
  ClockSkewWatch watch(kTolerance);
  ASSERT_EQ(watch.observe("c", kGate + 121000, kGate), Change::kOutOfTolerance);
  EXPECT_EQ(watch.observe("c", kGate + 119000, kGate), Change::kNone);
  EXPECT_EQ(watch.observe("c", kGate + 121000, kGate), Change::kNone);
  EXPECT_EQ(watch.observe("c", kGate + 60000, kGate), Change::kBackInTolerance);
}

TEST(ClockSkewWatch, ClocksAreWatchedApartAndTheirNumberIsBounded) {
  ClockSkewWatch watch(kTolerance, 2);
  EXPECT_EQ(watch.observe("a", kGate + 1000000, kGate), Change::kOutOfTolerance);
  EXPECT_EQ(watch.observe("b", kGate + 1000000, kGate), Change::kOutOfTolerance);
  EXPECT_EQ(watch.observe("c", kGate + 1000000, kGate), Change::kNone);  // full: not reported
  EXPECT_EQ(watch.observe("a", kGate, kGate), Change::kBackInTolerance);
  EXPECT_EQ(watch.observe("c", kGate + 1000000, kGate), Change::kOutOfTolerance);
}

TEST(DescribeSkew, ReadableAmountsAndDirection) {
  EXPECT_EQ(describe_skew(95000), "95 s ahead of");
  EXPECT_EQ(describe_skew(-95000), "95 s behind");
  EXPECT_EQ(describe_skew(-600000), "10 min behind");
  EXPECT_EQ(describe_skew(3 * 3600000 + 5), "3 h ahead of");
  // A camera stamping 2100-01-01 00:00:00 +08:00 on 2026-11-22 08:00:00 +08:00.
  EXPECT_EQ(describe_skew(4102416000000 - kGate), "26702 days ahead of");
}

}  // namespace
}  // namespace gate::rules
