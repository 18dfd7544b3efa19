// Platform time formats: patterns, named forms, the local offset, and patterns refused with a
// reason.
#include "drivers/uplink/time_pattern.h"

#include <gtest/gtest.h>

namespace gate::drivers::uplink {
namespace {

// 2026-11-22 08:05:09.042 at +08:00.
constexpr int64_t kMs = 1795305909042;

TEST(TimePattern, PatternsWriteLocalTime) {
  EXPECT_EQ(format_time(kMs, 480, "yyyy-MM-dd HH:mm:ss"), "2026-11-22 08:05:09");
  EXPECT_EQ(format_time(kMs, 480, "yyyyMMddHHmmss"), "20261122080509");
  EXPECT_EQ(format_time(kMs, 480, "yyyy-MM-ddTHH:mm:ss.SSS"), "2026-11-22T08:05:09.042");
  EXPECT_EQ(format_time(kMs, 0, "yyyy-MM-dd HH:mm:ss"), "2026-11-22 00:05:09");
  EXPECT_EQ(format_time(kMs, -60, "dd/MM/yyyy HH:mm:ss"), "21/11/2026 23:05:09");
}

TEST(TimePattern, NamedForms) {
  EXPECT_EQ(format_time(kMs, 480, "iso8601"), "2026-11-22T08:05:09+08:00");
  EXPECT_EQ(format_time(kMs, 480, ""), "2026-11-22T08:05:09+08:00");
  EXPECT_EQ(format_time(kMs, 480, "unix_s"), "1795305909");
  EXPECT_EQ(format_time(kMs, 480, "unix_ms"), "1795305909042");
}

TEST(TimePattern, ReadingIsTheInverseOfWriting) {
  for (const char* f : {"yyyy-MM-dd HH:mm:ss.SSS", "yyyyMMddHHmmssSSS", "iso8601", "unix_ms"}) {
    auto back = parse_time(format_time(kMs, 480, f), 480, f);
    ASSERT_TRUE(back.ok()) << f << ": " << back.error();
    EXPECT_EQ(back.value(), std::string(f) == "iso8601" ? kMs - 42 : kMs) << f;
  }
  EXPECT_EQ(parse_time("21/11/2026 23:05:09", -60, "dd/MM/yyyy HH:mm:ss").value(), kMs - 42);
  EXPECT_EQ(parse_time("1795305909", 480, "unix_s").value(), kMs - 42);
  const auto wrong = parse_time("2026-11-22 08:05", 480, "yyyy-MM-dd HH:mm:ss");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error(), "\"2026-11-22 08:05\" is not a time as \"yyyy-MM-dd HH:mm:ss\"");
  EXPECT_FALSE(parse_time("2026-13-22 08:05:09", 480, "yyyy-MM-dd HH:mm:ss").ok());
  EXPECT_FALSE(parse_time("2026-11-22 08:05:09x", 480, "yyyy-MM-dd HH:mm:ss").ok());
}

TEST(TimePattern, APatternMustBeWhole) {
  EXPECT_TRUE(check_time_format("yyyy-MM-dd HH:mm:ss").ok());
  EXPECT_TRUE(check_time_format("unix_ms").ok());
  const Status no_seconds = check_time_format("yyyy-MM-dd HH:mm");
  ASSERT_FALSE(no_seconds.ok());
  EXPECT_NE(no_seconds.message().find("has no ss"), std::string::npos) << no_seconds.message();
  const Status java_quote = check_time_format("yyyy-MM-dd'X'HH:mm:ss");
  ASSERT_FALSE(java_quote.ok());
  EXPECT_NE(java_quote.message().find("'X' is no token"), std::string::npos)
      << java_quote.message();
  EXPECT_FALSE(check_time_format("YYYY-MM-dd HH:mm:ss").ok());  // week year is no token
}

}  // namespace
}  // namespace gate::drivers::uplink
