// The login throttle's rule with the time passed in: counts per address and name and per
// address, the doubling wait, that a stranger's failures never hold up the real user at another
// address, what a success clears, forgetting, and the bound on memory.
#include "firmware-host/api/login_throttle.h"

#include <gtest/gtest.h>

namespace gate::host {
namespace {

constexpr int64_t kSecond = 1000;
constexpr int64_t kMinute = 60 * kSecond;

// The old rule locked the name for everyone after five failures from anywhere.
TEST(LoginThrottle, AStrangersFailuresNeverHoldUpTheSameNameFromAnotherAddress) {
  LoginThrottle t;
  for (int i = 0; i < 50; ++i) t.record_failure("wang", "10.0.0.66", i * kSecond);
  EXPECT_TRUE(t.check("wang", "10.0.0.66", 50 * kSecond).has_value());
  EXPECT_FALSE(t.check("wang", "10.0.0.7", 50 * kSecond).has_value());
}

TEST(LoginThrottle, TheGuessersWaitDoublesWithEachFailureUpToTheMaximum) {
  LoginThrottle t;  // 3 free, then 1 s, doubling, at most 5 min
  int64_t now = 0;
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(t.check("wang", "10.0.0.66", now).has_value()) << i;
    t.record_failure("wang", "10.0.0.66", now);
  }
  for (int64_t expected : {1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300}) {
    auto r = t.check("wang", "10.0.0.66", now);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->what, "user 'wang' from 10.0.0.66");
    EXPECT_EQ(r->retry_after_ms, expected * kSecond);
    now += expected * kSecond;
    EXPECT_FALSE(t.check("wang", "10.0.0.66", now).has_value()) << expected;
    t.record_failure("wang", "10.0.0.66", now);
  }
}

TEST(LoginThrottle, AnAddressTryingManyNamesWaitsForAllOfThemAndASuccessDoesNotClearIt) {
  LoginThrottle t;  // 10 free per address
  for (int i = 0; i < 10; ++i) t.record_failure("user" + std::to_string(i), "10.0.0.9", i);
  t.record_success("user0", "10.0.0.9");
  auto r = t.check("someone", "10.0.0.9", 10);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->what, "address 10.0.0.9");
  EXPECT_EQ(r->retry_after_ms, kSecond - 1);  // 1 s after the last failure, at 9 ms
  EXPECT_FALSE(t.check("someone", "10.0.0.10", 10).has_value());
}

TEST(LoginThrottle, ASuccessClearsTheCountOfItsAddressAndName) {
  LoginThrottle t;
  for (int i = 0; i < 3; ++i) t.record_failure("wang", "a", i);
  EXPECT_TRUE(t.check("wang", "a", 3).has_value());
  t.record_success("wang", "a");
  EXPECT_FALSE(t.check("wang", "a", 3).has_value());
  t.record_failure("wang", "a", 4);
  EXPECT_FALSE(t.check("wang", "a", 5).has_value());  // counting starts again
}

TEST(LoginThrottle, CountsAreForgottenAfterAQuietPeriod) {
  LoginThrottle t({.free_failures = 3,
                   .address_free_failures = 10,
                   .first_delay_ms = kSecond,
                   .max_delay_ms = kMinute,
                   .forget_after_ms = 10 * kMinute,
                   .max_keys = 100});
  for (int i = 0; i < 20; ++i) t.record_failure("wang", "a", i * kMinute / 2);
  const int64_t last = 19 * kMinute / 2;
  EXPECT_TRUE(t.check("wang", "a", last + kMinute - 1).has_value());
  EXPECT_FALSE(t.check("wang", "a", last + kMinute).has_value());
  t.record_failure("wang", "a", last + 10 * kMinute);  // after the quiet period: the first again
  EXPECT_FALSE(t.check("wang", "a", last + 10 * kMinute).has_value());
}

TEST(LoginThrottle, MemoryIsBoundedByForgettingTheStalestCount) {
  LoginThrottle t({.free_failures = 2,
                   .address_free_failures = 2,
                   .first_delay_ms = kMinute,
                   .max_delay_ms = kMinute,
                   .forget_after_ms = 10 * kMinute,
                   .max_keys = 10});
  for (int i = 0; i < 100; ++i) t.record_failure("u" + std::to_string(i), "x", i);
  EXPECT_LE(t.tracked_keys(), 10u);
  // The address, failing on every attempt, stays tracked and waiting.
  EXPECT_TRUE(t.check("new", "x", 100).has_value());
  // A huge name is tracked by its start.
  t.record_failure(std::string(100000, 'a'), "y", 100);
  t.record_failure(std::string(100000, 'a'), "y", 101);
  EXPECT_TRUE(t.check(std::string(64, 'a'), "y", 102).has_value());
}

TEST(LoginThrottle, AddressWithoutPort) {
  EXPECT_EQ(address_without_port("10.0.0.7:51234"), "10.0.0.7");
  EXPECT_EQ(address_without_port("[::1]:51234"), "::1");
  EXPECT_EQ(address_without_port("10.0.0.7"), "10.0.0.7");
  EXPECT_EQ(address_without_port("?"), "?");
}

}  // namespace
}  // namespace gate::host
