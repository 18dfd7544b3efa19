#include "rules/opening_hours.h"

#include <gtest/gtest.h>

namespace gate::rules {
namespace {

constexpr int64_t kMidnightUtc = 1795305600000;  // 2026-11-22 00:00 UTC, 08:00 at +08:00
constexpr int kChina = 480;

// Unix ms of the local time hh:mm (+08:00) on 2026-11-22.
int64_t local(int hh, int mm) {
  return kMidnightUtc + (static_cast<int64_t>(hh - 8) * 60 + mm) * 60000;
}

OpeningHours parsed(const std::string& text) {
  auto h = parse_opening_hours(text);
  EXPECT_TRUE(h.ok()) << text << ": " << (h.ok() ? "" : h.error());
  return h.ok() ? h.value() : OpeningHours{};
}

TEST(OpeningHours, EmptyIsAlwaysOpen) {
  const OpeningHours h = parsed("");
  EXPECT_TRUE(h.always);
  EXPECT_TRUE(is_open_at(h, local(3, 0), kChina));
  EXPECT_EQ(describe(h), "always");
  EXPECT_TRUE(parsed("00:00-24:00").always);
}

TEST(OpeningHours, DayRangeIncludesStartExcludesEnd) {
  const OpeningHours h = parsed("06:00-22:00");
  EXPECT_FALSE(is_open_at(h, local(5, 59), kChina));
  EXPECT_TRUE(is_open_at(h, local(6, 0), kChina));
  EXPECT_TRUE(is_open_at(h, local(21, 59), kChina));
  EXPECT_FALSE(is_open_at(h, local(22, 0), kChina));
  EXPECT_EQ(describe(h), "06:00-22:00");
}

TEST(OpeningHours, NightRangeWrapsMidnight) {
  const OpeningHours h = parsed(" 22:00 - 06:30 ");
  EXPECT_TRUE(is_open_at(h, local(22, 0), kChina));
  EXPECT_TRUE(is_open_at(h, local(23, 59), kChina));
  EXPECT_TRUE(is_open_at(h, local(0, 0), kChina));
  EXPECT_TRUE(is_open_at(h, local(6, 29), kChina));
  EXPECT_FALSE(is_open_at(h, local(6, 30), kChina));
  EXPECT_FALSE(is_open_at(h, local(12, 0), kChina));
  // Local time, not UTC: 23:00 at +08:00 is 15:00 UTC.
  EXPECT_FALSE(is_open_at(h, local(23, 0), 0));
}

TEST(OpeningHours, EndOfDay) {
  const OpeningHours h = parsed("18:00-24:00");
  EXPECT_TRUE(is_open_at(h, local(23, 59), kChina));
  EXPECT_FALSE(is_open_at(h, local(0, 0), kChina));
  EXPECT_EQ(describe(h), "18:00-24:00");
}

TEST(OpeningHours, BadTextSaysTheFormat) {
  for (const char* bad : {"6-22", "06:00", "06:00-22:60", "24:00-06:00", "06:00-25:00", "0600-2200",
                          "06:00-06:00", "always", "06:00-22:00x"}) {
    auto h = parse_opening_hours(bad);
    ASSERT_FALSE(h.ok()) << bad;
    EXPECT_NE(h.error().find("HH:MM-HH:MM"), std::string::npos) << h.error();
    EXPECT_NE(h.error().find(bad), std::string::npos) << h.error();
  }
}

}  // namespace
}  // namespace gate::rules
