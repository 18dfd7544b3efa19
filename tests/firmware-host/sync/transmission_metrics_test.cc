#include "firmware-host/sync/transmission_metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gate::host {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kNow = 1795305600000;

TEST(TransmissionMetricsTest, ShareAndBacklog) {
  OutboxStats s;
  s.pending = 12;
  s.oldest_pending_unix_ms = kNow - 35000;
  s.acked = 2000;
  s.acked_within_window = 1982;
  s.parked = 1;
  auto m = compute_metrics(s, kNow, 600000);
  EXPECT_EQ(m.backlog, 12);
  EXPECT_EQ(m.backlog_age_ms, 35000);
  EXPECT_DOUBLE_EQ(m.live_share, 0.991);
  EXPECT_EQ(m.parked, 1);
  EXPECT_FALSE(m.alarm);
  EXPECT_EQ(format_metrics(m, 60000),
            "backlog 12 record(s), oldest 35 s; 99.1 % of 2000 delivered within 1 min; 1 parked");
}

TEST(TransmissionMetricsTest, AlarmWhenTheOldestIsOlderThanTheLimit) {
  OutboxStats s;
  s.pending = 1;
  s.oldest_pending_unix_ms = kNow - 600001;
  EXPECT_TRUE(compute_metrics(s, kNow, 600000).alarm);
  s.oldest_pending_unix_ms = kNow - 600000;
  EXPECT_FALSE(compute_metrics(s, kNow, 600000).alarm);
  // Nothing pending: no age, no alarm, whatever the stale timestamp says.
  s.pending = 0;
  s.oldest_pending_unix_ms = kNow - 9999999;
  auto m = compute_metrics(s, kNow, 600000);
  EXPECT_EQ(m.backlog_age_ms, 0);
  EXPECT_FALSE(m.alarm);
}

TEST(TransmissionMetricsTest, NothingDeliveredYet) {
  auto m = compute_metrics(OutboxStats{}, kNow, 1000);
  EXPECT_DOUBLE_EQ(m.live_share, 1.0);
  EXPECT_THAT(format_metrics(m, 60000), HasSubstr("- of 0 delivered"));
}

TEST(TransmissionMetricsTest, Ages) {
  EXPECT_EQ(format_age(250), "250 ms");
  EXPECT_EQ(format_age(42000), "42 s");
  EXPECT_EQ(format_age(185000), "3 min 5 s");
  EXPECT_EQ(format_age(7380000), "2 h 3 min");
  EXPECT_EQ(format_age(100800000), "1 d 4 h");
  EXPECT_EQ(format_age(60000), "1 min");
  EXPECT_EQ(format_age(7200000), "2 h");
}

}  // namespace
}  // namespace gate::host
