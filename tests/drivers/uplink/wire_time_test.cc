#include "drivers/uplink/wire_time.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gate::drivers::uplink {
namespace {

constexpr int64_t kT0 = 1795305600000;  // 2026-11-22 08:00:00 +08:00 = 00:00:00 UTC

TEST(WireTimeTest, FormatsLocalTimeWithZone) {
  EXPECT_EQ(format_wire_time(kT0, 480), "2026-11-22T08:00:00+08:00");
  EXPECT_EQ(format_wire_time(kT0 + 999, 480), "2026-11-22T08:00:00+08:00");  // seconds
  EXPECT_EQ(format_wire_time(kT0, 0), "2026-11-22T00:00:00+00:00");
  EXPECT_EQ(format_wire_time(kT0, -330), "2026-11-21T18:30:00-05:30");
  EXPECT_EQ(format_wire_time(kT0 + 16 * 3600 * 1000, 480), "2026-11-23T00:00:00+08:00");
}

TEST(WireTimeTest, ParsesWhatItFormats) {
  for (int64_t t : {kT0, kT0 + 1234000, int64_t{0}, int64_t{951782400000}}) {
    for (int off : {480, 0, -300, 345}) {
      auto back = parse_wire_time(format_wire_time(t, off));
      ASSERT_TRUE(back.ok()) << back.error();
      EXPECT_EQ(back.value(), t) << format_wire_time(t, off);
    }
  }
  EXPECT_EQ(parse_wire_time("2026-11-22T00:00:00Z").value(), kT0);
}

TEST(WireTimeTest, RefusesTimesWithoutZoneOrMalformed) {
  for (const char* bad : {"2026-11-22 08:00:00+08:00", "2026-11-22T08:00:00", "2026-11-22",
                          "2026-13-22T08:00:00+08:00", "2026-11-22T08:00:00+8", "",
                          "2026-11-22T08:00:00+08:00x", "2026-11-22T25:00:00Z"}) {
    EXPECT_FALSE(parse_wire_time(bad).ok()) << bad;
  }
}

// §3.1: whole seconds only. The gate drops milliseconds and never writes a fraction; a fraction
// is refused, with a reason that says so.
TEST(WireTimeTest, FractionalSecondsAreNeverWrittenAndAreRefused) {
  for (int64_t ms : {int64_t{1}, int64_t{250}, int64_t{500}, int64_t{999}}) {
    const std::string t = format_wire_time(kT0 + ms, 480);
    EXPECT_EQ(t, "2026-11-22T08:00:00+08:00");
    EXPECT_EQ(t.find('.'), std::string::npos);
  }
  for (const char* bad : {"2026-11-22T08:00:00.5+08:00", "2026-11-22T08:00:00.000Z",
                          "2026-11-22T08:00:00,250+08:00"}) {
    auto r = parse_wire_time(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_THAT(r.error(), ::testing::HasSubstr("fractional seconds")) << bad;
  }
}

TEST(WireTimeTest, ParsesHttpDates) {
  EXPECT_EQ(parse_http_date("Sun, 22 Nov 2026 00:00:00 GMT").value(), kT0);
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").value(), 784111777000);
  for (const char* bad : {"", "Sun, 22 Nov 2026 00:00:00", "Sun, 22 Now 2026 00:00:00 GMT",
                          "2026-11-22T00:00:00Z", "Sun, 22 Nov 2026 00:00:00 GMT junk",
                          "Sunday, 22-Nov-26 00:00:00 GMT", "Sun, 32 Nov 2026 00:00:00 GMT"}) {
    EXPECT_FALSE(parse_http_date(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace gate::drivers::uplink
