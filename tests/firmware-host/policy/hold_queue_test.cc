// The hold queue keeps arrival order, lets a queued truck keep its place, and survives a
// restart (it lives in the gate's SQLite file).
#include "firmware-host/policy/hold_queue.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

std::vector<std::string> plates(const HoldQueue& q) {
  std::vector<std::string> out;
  for (const auto& e : q.entries()) {
    out.push_back(e.plate + (e.state == HoldEntry::State::kCalled ? "*" : ""));
  }
  return out;
}

TEST(HoldQueueTest, ArrivalOrderCallsAndExits) {
  test_support::TempDir dir;
  auto q = HoldQueue::Open(dir.file("gate.db"));
  ASSERT_TRUE(q.ok()) << q.error();
  auto& queue = *q.value();
  ASSERT_TRUE(queue.hold("豫H00001", "L1", 11, "share.green", 1000).ok());
  ASSERT_TRUE(queue.hold("豫H00002", "L1", 12, "share.green", 2000).ok());
  ASSERT_TRUE(queue.hold("豫H00003", "L2", 13, "share.grade", 3000).ok());
  // Held again before being called: keeps its place, notes the new passage.
  auto again = queue.hold("豫H00001", "L2", 14, "share.green", 4000);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value().passage_seq, 14);
  EXPECT_EQ(again.value().held_unix_ms, 1000);
  EXPECT_THAT(plates(queue), ::testing::ElementsAre("豫H00001", "豫H00002", "豫H00003"));

  ASSERT_TRUE(queue.call(queue.entries()[0].id, 5000).ok());
  EXPECT_EQ(queue.called_count(), 1);
  EXPECT_THAT(plates(queue), ::testing::ElementsAre("豫H00001*", "豫H00002", "豫H00003"));
  ASSERT_TRUE(queue.admitted("豫H00001", 15, 6000).ok());
  ASSERT_TRUE(queue.admitted("豫H99999", 16, 6000).ok());  // not queued: nothing to do
  ASSERT_TRUE(queue.drop(queue.entries()[1].id, "waited too long", 7000).ok());
  EXPECT_THAT(plates(queue), ::testing::ElementsAre("豫H00002"));
  EXPECT_EQ(queue.called_count(), 0);
}

TEST(HoldQueueTest, OrderAndCallsSurviveARestart) {
  test_support::TempDir dir;
  {
    auto q = HoldQueue::Open(dir.file("gate.db"));
    ASSERT_TRUE(q.ok());
    for (int i = 1; i <= 5; ++i) {
      ASSERT_TRUE(
          q.value()->hold("豫H0000" + std::to_string(i), "L1", i, "share.green", i * 1000).ok());
    }
    ASSERT_TRUE(q.value()->call(q.value()->entries()[0].id, 9000).ok());
    ASSERT_TRUE(q.value()->admitted("豫H00003", 30, 9500).ok());
  }
  auto q = HoldQueue::Open(dir.file("gate.db"));
  ASSERT_TRUE(q.ok());
  EXPECT_THAT(plates(*q.value()),
              ::testing::ElementsAre("豫H00001*", "豫H00002", "豫H00004", "豫H00005"));
  EXPECT_EQ(q.value()->entries()[0].called_unix_ms, 9000);
  EXPECT_EQ(q.value()->entries()[1].held_unix_ms, 2000);
  // New arrivals go behind the restored ones.
  ASSERT_TRUE(q.value()->hold("豫H00006", "L1", 40, "share.green", 10000).ok());
  EXPECT_EQ(plates(*q.value()).back(), "豫H00006");
}

}  // namespace
}  // namespace gate::host
