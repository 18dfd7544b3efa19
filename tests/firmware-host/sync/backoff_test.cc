#include "firmware-host/sync/backoff.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace gate::host {
namespace {

TEST(BackoffTest, DoublesUpToTheCapWithHalfOfItRandom) {
  Backoff b(500, 8000);
  const int64_t expected_max[] = {500, 1000, 2000, 4000, 8000, 8000, 8000};
  for (int64_t d : expected_max) {
    // The smallest and the largest random draws give the ends of [d/2, d].
    Backoff lo = b, hi = b;
    EXPECT_EQ(lo.next(0), d / 2);
    EXPECT_EQ(hi.next(static_cast<uint64_t>(d - d / 2)), d);
    const int64_t w = b.next(123456789);
    EXPECT_GE(w, d / 2);
    EXPECT_LE(w, d);
  }
  EXPECT_EQ(b.failures(), 7);
}

TEST(BackoffTest, ResetStartsOver) {
  Backoff b(100, 1000);
  for (int i = 0; i < 5; ++i) (void)b.next(0);
  b.reset();
  EXPECT_EQ(b.failures(), 0);
  EXPECT_LE(b.next(std::numeric_limits<uint64_t>::max()), 100);
}

TEST(BackoffTest, JitterSpreadsGatesApart) {
  Backoff a(1000, 60000), b(1000, 60000);
  for (int i = 0; i < 3; ++i) {
    (void)a.next(0);
    (void)b.next(0);
  }
  EXPECT_NE(a.next(17), b.next(3001));
}

TEST(BackoffTest, ManyFailuresDoNotOverflow) {
  Backoff b(1, 3600000);
  int64_t w = 0;
  for (int i = 0; i < 200; ++i) w = b.next(std::numeric_limits<uint64_t>::max());
  EXPECT_LE(w, 3600000);
  EXPECT_GE(w, 1800000);
}

}  // namespace
}  // namespace gate::host
