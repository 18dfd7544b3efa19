// Dates and times as people type them and Excel writes them, and the calendar arithmetic under
// every date in the project.
#include "rules/local_date.h"

#include <gtest/gtest.h>

#include "rules/civil_date.h"
#include "rules/local_time.h"

namespace gate::rules {
namespace {

TEST(CivilDateTest, RoundTripsEveryDayOverFourCenturies) {
  for (int64_t day = -146097; day <= 146097; day += 7) {
    const CivilDate c = civil_from_days(day);
    ASSERT_EQ(days_from_civil(c.year, c.month, c.day), day);
  }
  EXPECT_EQ(days_in_month(2024, 2), 29u);
  EXPECT_EQ(days_in_month(2100, 2), 28u);
  EXPECT_EQ(days_in_month(2000, 2), 29u);
}

TEST(NormaliseDateTextTest, ExcelAndChineseFormsBecomeIsoDates) {
  for (const char* text : {"2020-05-01", "2020-5-1", "2020/5/1", "2020/05/01", "2020.5.1",
                           "2020年5月1日", "2020/5/1 0:00", "2020-05-01 00:00:00"}) {
    EXPECT_EQ(normalise_date_text(text), std::optional<std::string>("2020-05-01")) << text;
  }
  EXPECT_EQ(normalise_date_text("2024/2/29"), std::optional<std::string>("2024-02-29"));
}

TEST(NormaliseDateTextTest, AnythingElseIsNotADate) {
  for (const char* text :
       {"", "2023/2/29", "2020/13/1", "2020/0/10", "20/5/1", "2020/5", "2020-5/1", "2020年5月1",
        "2020/5/1 8:30", "2020/5/1x", "May 1, 2020", "43952"}) {
    EXPECT_EQ(normalise_date_text(text), std::nullopt) << text;
  }
}

TEST(ParseLocalTimeTest, DatesAndTimesInTheGatesZone) {
  // 2026-11-22 08:00 at UTC+8 is 00:00 UTC.
  EXPECT_EQ(parse_local_time("2026-11-22 08:00", 480).value(), 1795305600000);
  EXPECT_EQ(parse_local_time("2026-11-22T08:00:00", 480).value(), 1795305600000);
  EXPECT_EQ(parse_local_time("2026-11-22", 480).value(), 1795305600000 - 8 * 3600000);
  auto bad = parse_local_time("yesterday", 480);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().find("YYYY-MM-DD"), std::string::npos);
  EXPECT_FALSE(parse_local_time("2026-13-01", 480).ok());
}

}  // namespace
}  // namespace gate::rules
