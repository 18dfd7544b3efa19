#include "rules/plate_color.h"

#include <gtest/gtest.h>

#include <optional>

namespace gate::rules {
namespace {

using gate::v1::PlateColor;

constexpr std::optional<int> kNo = std::nullopt;

// docs/domain.md §3.1, written out independently of the implementation's table.
struct Expected {
  PlateColor color;
  std::optional<int> police, etc, hikvision, vzenith;
};

const Expected kExpected[] = {
    {gate::v1::PLATE_COLOR_WHITE, 0, 3, 2, 3},
    {gate::v1::PLATE_COLOR_YELLOW, 1, 1, 1, 2},
    {gate::v1::PLATE_COLOR_BLUE, 2, 0, 0, 1},
    {gate::v1::PLATE_COLOR_BLACK, 3, 2, 3, 4},
    {gate::v1::PLATE_COLOR_GREEN, 4, 4, 4, 5},
    {gate::v1::PLATE_COLOR_YELLOW_GREEN, kNo, 5, kNo, 6},
    {gate::v1::PLATE_COLOR_UNKNOWN, 9, 9, 0xff, 0},
};

std::optional<int> expected_code(const Expected& e, ColorCodeTable t) {
  switch (t) {
    case ColorCodeTable::kPoliceCheckpoint:
      return e.police;
    case ColorCodeTable::kTrafficEtc:
      return e.etc;
    case ColorCodeTable::kHikvision:
      return e.hikvision;
    case ColorCodeTable::kVzenith:
      return e.vzenith;
  }
  return kNo;
}

const ColorCodeTable kTables[] = {ColorCodeTable::kPoliceCheckpoint, ColorCodeTable::kTrafficEtc,
                                  ColorCodeTable::kHikvision, ColorCodeTable::kVzenith};

TEST(PlateColor, ToCodeEveryTableEveryColour) {
  for (ColorCodeTable t : kTables) {
    for (const Expected& e : kExpected) {
      EXPECT_EQ(color_to_code(e.color, t), expected_code(e, t))
          << "table " << static_cast<int>(t) << " colour " << color_name(e.color);
    }
  }
}

TEST(PlateColor, FromCodeEveryTableEveryColour) {
  for (ColorCodeTable t : kTables) {
    for (const Expected& e : kExpected) {
      const auto code = expected_code(e, t);
      if (!code) continue;
      EXPECT_EQ(color_from_code(*code, t), e.color)
          << "table " << static_cast<int>(t) << " code " << *code;
    }
  }
}

TEST(PlateColor, SpotChecksAgainstDomainTable) {
  // The tables disagree: the same code means different colours.
  EXPECT_EQ(color_from_code(0, ColorCodeTable::kPoliceCheckpoint), gate::v1::PLATE_COLOR_WHITE);
  EXPECT_EQ(color_from_code(0, ColorCodeTable::kTrafficEtc), gate::v1::PLATE_COLOR_BLUE);
  EXPECT_EQ(color_from_code(0, ColorCodeTable::kHikvision), gate::v1::PLATE_COLOR_BLUE);
  EXPECT_EQ(color_from_code(0, ColorCodeTable::kVzenith), gate::v1::PLATE_COLOR_UNKNOWN);
  EXPECT_EQ(color_from_code(2, ColorCodeTable::kPoliceCheckpoint), gate::v1::PLATE_COLOR_BLUE);
  EXPECT_EQ(color_from_code(2, ColorCodeTable::kTrafficEtc), gate::v1::PLATE_COLOR_BLACK);
  EXPECT_EQ(color_from_code(2, ColorCodeTable::kHikvision), gate::v1::PLATE_COLOR_WHITE);
  EXPECT_EQ(color_from_code(2, ColorCodeTable::kVzenith), gate::v1::PLATE_COLOR_YELLOW);
  EXPECT_EQ(color_from_code(6, ColorCodeTable::kVzenith), gate::v1::PLATE_COLOR_YELLOW_GREEN);
  EXPECT_EQ(color_from_code(5, ColorCodeTable::kTrafficEtc), gate::v1::PLATE_COLOR_YELLOW_GREEN);
  EXPECT_EQ(color_from_code(0xff, ColorCodeTable::kHikvision), gate::v1::PLATE_COLOR_UNKNOWN);
}

TEST(PlateColor, YellowGreenMissingFromPoliceAndHikvision) {
  EXPECT_EQ(color_to_code(gate::v1::PLATE_COLOR_YELLOW_GREEN, ColorCodeTable::kPoliceCheckpoint),
            kNo);
  EXPECT_EQ(color_to_code(gate::v1::PLATE_COLOR_YELLOW_GREEN, ColorCodeTable::kHikvision), kNo);
  EXPECT_EQ(color_to_code(gate::v1::PLATE_COLOR_YELLOW_GREEN, ColorCodeTable::kTrafficEtc), 5);
  EXPECT_EQ(color_to_code(gate::v1::PLATE_COLOR_YELLOW_GREEN, ColorCodeTable::kVzenith), 6);
  // Police 4 is green (small NEV), police 9 unknown: neither becomes yellow-green.
  EXPECT_EQ(color_from_code(4, ColorCodeTable::kPoliceCheckpoint), gate::v1::PLATE_COLOR_GREEN);
  EXPECT_EQ(color_from_code(9, ColorCodeTable::kPoliceCheckpoint), gate::v1::PLATE_COLOR_UNKNOWN);
}

TEST(PlateColor, UnspecifiedMapsLikeUnknown) {
  for (ColorCodeTable t : kTables) {
    EXPECT_EQ(color_to_code(gate::v1::PLATE_COLOR_UNSPECIFIED, t),
              color_to_code(gate::v1::PLATE_COLOR_UNKNOWN, t));
  }
  EXPECT_EQ(color_to_code(gate::v1::PLATE_COLOR_UNSPECIFIED, ColorCodeTable::kHikvision), 0xff);
}

TEST(PlateColor, UndefinedCodesAreUnknown) {
  for (ColorCodeTable t : kTables) {
    for (int code : {-1, 7, 8, 10, 100, 0xfe, 1000}) {
      EXPECT_EQ(color_from_code(code, t), gate::v1::PLATE_COLOR_UNKNOWN)
          << "table " << static_cast<int>(t) << " code " << code;
    }
  }
  EXPECT_EQ(color_from_code(5, ColorCodeTable::kPoliceCheckpoint), gate::v1::PLATE_COLOR_UNKNOWN);
  EXPECT_EQ(color_from_code(5, ColorCodeTable::kHikvision), gate::v1::PLATE_COLOR_UNKNOWN);
  EXPECT_EQ(color_from_code(9, ColorCodeTable::kHikvision), gate::v1::PLATE_COLOR_UNKNOWN);
  EXPECT_EQ(color_from_code(9, ColorCodeTable::kVzenith), gate::v1::PLATE_COLOR_UNKNOWN);
}

TEST(PlateColor, Names) {
  EXPECT_EQ(color_name(gate::v1::PLATE_COLOR_BLUE), "blue");
  EXPECT_EQ(color_name(gate::v1::PLATE_COLOR_YELLOW), "yellow");
  EXPECT_EQ(color_name(gate::v1::PLATE_COLOR_WHITE), "white");
  EXPECT_EQ(color_name(gate::v1::PLATE_COLOR_BLACK), "black");
  EXPECT_EQ(color_name(gate::v1::PLATE_COLOR_GREEN), "green");
  EXPECT_EQ(color_name(gate::v1::PLATE_COLOR_YELLOW_GREEN), "yellow-green");
  EXPECT_EQ(color_name(gate::v1::PLATE_COLOR_UNKNOWN), "unknown");
  EXPECT_EQ(color_name(gate::v1::PLATE_COLOR_UNSPECIFIED), "unknown");
}

TEST(PlateColor, NameRoundTrip) {
  for (const Expected& e : kExpected) {
    EXPECT_EQ(color_from_name(color_name(e.color)), e.color) << color_name(e.color);
  }
}

TEST(PlateColor, FromNameVariants) {
  EXPECT_EQ(color_from_name("BLUE"), gate::v1::PLATE_COLOR_BLUE);
  EXPECT_EQ(color_from_name(" Yellow-Green "), gate::v1::PLATE_COLOR_YELLOW_GREEN);
  EXPECT_EQ(color_from_name("蓝"), gate::v1::PLATE_COLOR_BLUE);
  EXPECT_EQ(color_from_name("黄"), gate::v1::PLATE_COLOR_YELLOW);
  EXPECT_EQ(color_from_name("白"), gate::v1::PLATE_COLOR_WHITE);
  EXPECT_EQ(color_from_name("黑"), gate::v1::PLATE_COLOR_BLACK);
  EXPECT_EQ(color_from_name("绿"), gate::v1::PLATE_COLOR_GREEN);
  EXPECT_EQ(color_from_name("黄绿"), gate::v1::PLATE_COLOR_YELLOW_GREEN);
  EXPECT_EQ(color_from_name("蓝色"), gate::v1::PLATE_COLOR_BLUE);
  EXPECT_EQ(color_from_name("黄绿色"), gate::v1::PLATE_COLOR_YELLOW_GREEN);
  EXPECT_EQ(color_from_name("red"), std::nullopt);
  EXPECT_EQ(color_from_name(""), std::nullopt);
  EXPECT_EQ(color_from_name("色"), std::nullopt);
  EXPECT_EQ(color_from_name("bluegreen"), std::nullopt);
}

}  // namespace
}  // namespace gate::rules
