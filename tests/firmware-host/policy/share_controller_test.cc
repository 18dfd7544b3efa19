// The share controller's tallies: the daily window, what counts as released, and rebuilding
// from the passage records.
#include "firmware-host/policy/share_controller.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "firmware-host/store/gate_store.h"
#include "tests/support/policy_host_fixtures.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using namespace gate::host::testing;

TEST(ShareControllerTest, WindowStartsAtTheConfiguredMinuteLocalTime) {
  ShareController at_midnight(engine_with_share("SHARE_MODE_BUDGET", 70, 0, 0), 480);
  EXPECT_EQ(at_midnight.window_start(kDay + 5 * kHour), kDay);
  EXPECT_EQ(at_midnight.window_day(kDay + 5 * kHour), "2026-11-22");
  EXPECT_EQ(at_midnight.window_start(kDay - 1), kDay - 24 * kHour);
  ShareController at_six(engine_with_share("SHARE_MODE_BUDGET", 70, 0, 360), 480);
  EXPECT_EQ(at_six.window_start(kDay + 7 * kHour), kDay + 6 * kHour);
  EXPECT_EQ(at_six.window_start(kDay + 5 * kHour), kDay - 18 * kHour);
  EXPECT_EQ(at_six.window_day(kDay + 5 * kHour), "2026-11-21");
}

TEST(ShareControllerTest, CountsReleasedTrucksThatEnteredAndStartsEachDayEmpty) {
  ShareController c(engine_with_share("SHARE_MODE_BUDGET", 70, 0, 0), 480);
  const int64_t t = kDay + 8 * kHour;
  c.on_committed(passage(1, green_truck(1), gate::v1::VERDICT_PASS, t), t);
  c.on_committed(passage(2, diesel_truck(2), gate::v1::VERDICT_PASS, t), t);
  c.on_committed(passage(3, diesel_truck(3), gate::v1::VERDICT_HOLD, t), t);  // not released
  c.on_committed(passage(4, diesel_truck(4), gate::v1::VERDICT_MANUAL_PASS, t), t);
  auto p5 = passage(5, diesel_truck(5), gate::v1::VERDICT_PASS, t);
  c.on_committed(p5, t);
  c.on_outcome(p5, gate::v1::PASSAGE_OUTCOME_NOT_PASSED, t + 1000);  // never entered
  auto p6 = passage(6, green_truck(6), gate::v1::VERDICT_PASS, t);
  c.on_committed(p6, t);
  c.on_outcome(p6, gate::v1::PASSAGE_OUTCOME_PASSED, t + 1000);
  auto p7 = passage(7, diesel_truck(7), gate::v1::VERDICT_PASS, t);
  c.on_committed(p7, t);
  c.on_outcome(p7, gate::v1::PASSAGE_OUTCOME_NO_VEHICLE_PRESENT, t + 1500);  // nothing opened
  const auto& s = c.state(t + 2000);
  EXPECT_EQ(s.counts.at("green").released, 4);
  EXPECT_EQ(s.counts.at("green").qualifying, 2);
  // The next day starts from nothing.
  EXPECT_TRUE(c.state(kDay + 24 * kHour + 1).counts.empty());
}

TEST(ShareControllerTest, KeepsTheClosedDayWhenTheNextDayStarts) {
  ShareController c(engine_with_share("SHARE_MODE_BUDGET", 70, 0, 0), 480);
  const int64_t t = kDay + 22 * kHour;
  c.on_committed(passage(1, green_truck(1), gate::v1::VERDICT_PASS, t), t);
  c.on_committed(passage(2, diesel_truck(2), gate::v1::VERDICT_PASS, t), t);
  EXPECT_EQ(c.closed_window_start(), INT64_MIN) << "no day has closed yet";
  // The first question after midnight rolls the window; the day just closed stays readable.
  const int64_t after_midnight = kDay + 24 * kHour + 1000;
  EXPECT_TRUE(c.state(after_midnight).counts.empty());
  EXPECT_EQ(c.closed_window_start(), kDay);
  EXPECT_EQ(c.closed().counts.at("green").released, 2);
  EXPECT_EQ(c.closed().counts.at("green").qualifying, 1);
  // A truck read at 23:59:59 and committed after the roll counts on its own day, as a rebuild
  // from the records would count it; so does its outcome.
  auto late = passage(3, green_truck(3), gate::v1::VERDICT_PASS, kDay + 24 * kHour - 1000);
  c.on_committed(late, after_midnight);
  EXPECT_EQ(c.closed().counts.at("green").released, 3);
  EXPECT_EQ(c.closed().counts.at("green").qualifying, 2);
  c.on_outcome(late, gate::v1::PASSAGE_OUTCOME_NOT_PASSED, after_midnight + 1000);
  EXPECT_EQ(c.closed().counts.at("green").released, 2);
  EXPECT_TRUE(c.state(after_midnight + 2000).counts.empty()) << "the new day stays empty";
}

TEST(ShareControllerTest, RebuildFromTheStoreMatchesTheLiveTallies) {
  test_support::TempDir dir;
  auto store = GateStore::Open(dir.file("gate.db"));
  ASSERT_TRUE(store.ok()) << store.error();
  auto engine = engine_with_share("SHARE_MODE_BUDGET", 70, 0, 0);
  ShareController live(engine, 480);
  const int64_t t = kDay + 9 * kHour;
  // Yesterday's passages do not count today.
  auto old = passage(0, green_truck(99), gate::v1::VERDICT_PASS, kDay - kHour);
  ASSERT_TRUE(store.value()->commit_passage(old, kDay - kHour).ok());
  for (int i = 1; i <= 12; ++i) {
    auto p = passage(0, i % 3 == 0 ? diesel_truck(i) : green_truck(i),
                     i % 5 == 0 ? gate::v1::VERDICT_REFUSE : gate::v1::VERDICT_PASS, t + i);
    auto seq = store.value()->commit_passage(p, t + i);
    ASSERT_TRUE(seq.ok()) << seq.error();
    p.set_seq(seq.value());
    live.on_committed(p, t + i);
    if (i == 4) {
      ASSERT_TRUE(store.value()
                      ->set_outcome(seq.value(), gate::v1::PASSAGE_OUTCOME_BARRIER_FAULT, t + i)
                      .ok());
      live.on_outcome(p, gate::v1::PASSAGE_OUTCOME_BARRIER_FAULT, t + i);
    }
  }
  ShareController rebuilt(engine, 480);
  ASSERT_TRUE(rebuilt.rebuild(*store.value(), t + 100).ok());
  const auto& a = live.state(t + 100).counts.at("green");
  const auto& b = rebuilt.state(t + 100).counts.at("green");
  EXPECT_EQ(a.released, b.released);
  EXPECT_EQ(a.qualifying, b.qualifying);
  // 12 passages: 2 refused (5, 10), 1 barrier fault (4) -> 9 entered, of them 3, 6, 9, 12
  // diesel.
  EXPECT_EQ(b.released, 9);
  EXPECT_EQ(b.qualifying, 5);
}

}  // namespace
}  // namespace gate::host
