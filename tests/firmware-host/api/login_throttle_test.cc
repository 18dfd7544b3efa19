// The login throttle's rule with the time passed in: the count per name and per address, the
// sliding window, what a success clears, and the bound on memory.
#include "firmware-host/api/login_throttle.h"

#include <gtest/gtest.h>

namespace gate::host {
namespace {

constexpr int64_t kMinute = 60000;

TEST(LoginThrottle, FiveFailuresInFiveMinutesLockTheNameUntilTheOldestLeavesTheWindow) {
  LoginThrottle t;  // 5 in 5 minutes
  for (int i = 0; i < 4; ++i) t.record_failure("wang", "10.0.0.1", i * kMinute);
  EXPECT_FALSE(t.check("wang", "10.0.0.2", 4 * kMinute).has_value());
  t.record_failure("wang", "10.0.0.1", 4 * kMinute);
  auto r = t.check("wang", "10.0.0.2", 4 * kMinute);  // another address: the name is locked
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->what, "user 'wang'");
  EXPECT_EQ(r->retry_after_ms, 1 * kMinute);  // the failure at 0 leaves the window at 5 min
  EXPECT_TRUE(t.check("wang", "10.0.0.2", 5 * kMinute - 1).has_value());
  EXPECT_FALSE(t.check("wang", "10.0.0.2", 5 * kMinute).has_value());
  EXPECT_FALSE(t.check("li", "10.0.0.3", 4 * kMinute).has_value());  // others unaffected
}

TEST(LoginThrottle, SpreadOutFailuresNeverLock) {
  LoginThrottle t;
  for (int i = 0; i < 50; ++i) {
    EXPECT_FALSE(t.check("wang", "10.0.0.1", i * 2 * kMinute).has_value()) << i;
    t.record_failure("wang", "10.0.0.1", i * 2 * kMinute);
  }
}

TEST(LoginThrottle, AnAddressTryingManyNamesIsLockedAndASuccessDoesNotClearIt) {
  LoginThrottle t;
  for (int i = 0; i < 5; ++i) t.record_failure("user" + std::to_string(i), "10.0.0.9", i * 1000);
  t.record_success("user0");
  auto r = t.check("someone", "10.0.0.9", 5000);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->what, "address 10.0.0.9");
  EXPECT_EQ(r->retry_after_ms, 5 * kMinute - 5000);
  EXPECT_FALSE(t.check("someone", "10.0.0.10", 5000).has_value());
}

TEST(LoginThrottle, ASuccessClearsTheNamesFailures) {
  LoginThrottle t({3, kMinute, 100});
  t.record_failure("wang", "a", 0);
  t.record_failure("wang", "b", 1);
  t.record_success("wang");
  t.record_failure("wang", "c", 2);
  EXPECT_FALSE(t.check("wang", "d", 3).has_value());
}

TEST(LoginThrottle, MemoryIsBoundedByForgettingTheStalestKey) {
  LoginThrottle t({2, kMinute, 10});
  for (int i = 0; i < 100; ++i) t.record_failure("u" + std::to_string(i), "x", i);
  EXPECT_LE(t.tracked_keys(), 10u);
  // The address, failing on every attempt, stays tracked and locked.
  EXPECT_TRUE(t.check("new", "x", 100).has_value());
  // A huge name is tracked by its start.
  t.record_failure(std::string(100000, 'a'), "y", 100);
  t.record_failure(std::string(100000, 'a'), "z", 101);
  EXPECT_TRUE(t.check(std::string(64, 'a'), "w", 102).has_value());
}

TEST(LoginThrottle, AddressWithoutPort) {
  EXPECT_EQ(address_without_port("10.0.0.7:51234"), "10.0.0.7");
  EXPECT_EQ(address_without_port("[::1]:51234"), "::1");
  EXPECT_EQ(address_without_port("10.0.0.7"), "10.0.0.7");
  EXPECT_EQ(address_without_port("?"), "?");
}

}  // namespace
}  // namespace gate::host
