#include "drivers/uplink/code_tables.h"

#include <gtest/gtest.h>

namespace gate::drivers::uplink {
namespace {

TEST(CodeTablesTest, DirectionIsOneInTwoOut) {
  EXPECT_EQ(direction_code(gate::v1::DIRECTION_IN), 1);
  EXPECT_EQ(direction_code(gate::v1::DIRECTION_OUT), 2);
  EXPECT_EQ(direction_code(gate::v1::DIRECTION_UNSPECIFIED), 0);
  EXPECT_EQ(direction_from_code(1), gate::v1::DIRECTION_IN);
  EXPECT_EQ(direction_from_code(2), gate::v1::DIRECTION_OUT);
  EXPECT_FALSE(direction_from_code(0).has_value());
  EXPECT_FALSE(direction_from_code(3).has_value());
}

TEST(CodeTablesTest, AlertAndResponseLevels) {
  EXPECT_EQ(alert_code(gate::v1::ALERT_LEVEL_NONE), 0);
  EXPECT_EQ(alert_code(gate::v1::ALERT_LEVEL_UNSPECIFIED), 0);
  EXPECT_EQ(alert_code(gate::v1::ALERT_LEVEL_YELLOW), 1);
  EXPECT_EQ(alert_code(gate::v1::ALERT_LEVEL_ORANGE), 2);
  EXPECT_EQ(alert_code(gate::v1::ALERT_LEVEL_RED), 3);
  for (auto a : {gate::v1::ALERT_LEVEL_NONE, gate::v1::ALERT_LEVEL_YELLOW,
                 gate::v1::ALERT_LEVEL_ORANGE, gate::v1::ALERT_LEVEL_RED}) {
    EXPECT_EQ(alert_from_code(alert_code(a)), a);
  }
  EXPECT_FALSE(alert_from_code(4).has_value());
  EXPECT_FALSE(alert_from_code(-1).has_value());
  // Yellow is response level III, red is I.
  EXPECT_EQ(response_level_code(gate::v1::ALERT_LEVEL_YELLOW), 3);
  EXPECT_EQ(response_level_code(gate::v1::ALERT_LEVEL_ORANGE), 2);
  EXPECT_EQ(response_level_code(gate::v1::ALERT_LEVEL_RED), 1);
  EXPECT_EQ(response_level_code(gate::v1::ALERT_LEVEL_NONE), 0);
}

TEST(CodeTablesTest, VerdictAndOutcomeNamesRoundTrip) {
  for (auto v : {gate::v1::VERDICT_PASS, gate::v1::VERDICT_REFUSE, gate::v1::VERDICT_HOLD,
                 gate::v1::VERDICT_MANUAL_PASS}) {
    EXPECT_EQ(verdict_from_code(verdict_code(v)), v);
  }
  EXPECT_EQ(verdict_code(gate::v1::VERDICT_MANUAL_PASS), "manual_pass");
  EXPECT_FALSE(verdict_from_code("PASS").has_value());
  for (auto o : {gate::v1::PASSAGE_OUTCOME_PASSED, gate::v1::PASSAGE_OUTCOME_TURNED_AWAY,
                 gate::v1::PASSAGE_OUTCOME_NOT_PASSED, gate::v1::PASSAGE_OUTCOME_BARRIER_FAULT,
                 gate::v1::PASSAGE_OUTCOME_UNCONFIRMED}) {
    EXPECT_EQ(outcome_from_code(outcome_code(o)), o);
  }
  EXPECT_EQ(outcome_code(gate::v1::PASSAGE_OUTCOME_BARRIER_FAULT), "barrier_fault");
  EXPECT_FALSE(outcome_from_code("crashed").has_value());
}

TEST(CodeTablesTest, PlateColourFollowsTheConfiguredTable) {
  const auto etc = color_table(gate::v1::PLATE_COLOR_TABLE_UNSPECIFIED);
  EXPECT_EQ(etc, rules::ColorCodeTable::kTrafficEtc);
  EXPECT_EQ(plate_color_code(gate::v1::PLATE_COLOR_YELLOW, etc), 1);
  EXPECT_EQ(plate_color_code(gate::v1::PLATE_COLOR_BLUE, etc), 0);
  EXPECT_EQ(plate_color_code(gate::v1::PLATE_COLOR_YELLOW_GREEN, etc), 5);
  const auto police = color_table(gate::v1::PLATE_COLOR_TABLE_POLICE_CHECKPOINT);
  EXPECT_EQ(plate_color_code(gate::v1::PLATE_COLOR_YELLOW, police), 1);
  EXPECT_EQ(plate_color_code(gate::v1::PLATE_COLOR_BLUE, police), 2);
  // The police table has no yellow-green: the table's "unknown" code goes, the name tells.
  EXPECT_EQ(plate_color_code(gate::v1::PLATE_COLOR_YELLOW_GREEN, police), 9);
  const auto vz = color_table(gate::v1::PLATE_COLOR_TABLE_VZENITH);
  EXPECT_EQ(plate_color_code(gate::v1::PLATE_COLOR_GREEN, vz), 5);
}

TEST(CodeTablesTest, DefinedColourCodes) {
  const auto etc = rules::ColorCodeTable::kTrafficEtc;
  for (int code : {0, 1, 2, 3, 4, 5, 9}) EXPECT_TRUE(plate_color_code_defined(code, etc)) << code;
  for (int code : {6, 7, 8, 10, -1, 255}) EXPECT_FALSE(plate_color_code_defined(code, etc)) << code;
  EXPECT_FALSE(plate_color_code_defined(5, rules::ColorCodeTable::kPoliceCheckpoint));
  EXPECT_TRUE(plate_color_code_defined(0xff, rules::ColorCodeTable::kHikvision));
}

TEST(CodeTablesTest, ColourTableNames) {
  for (auto t : {rules::ColorCodeTable::kPoliceCheckpoint, rules::ColorCodeTable::kTrafficEtc,
                 rules::ColorCodeTable::kHikvision, rules::ColorCodeTable::kVzenith}) {
    EXPECT_EQ(color_table_from_name(color_table_name(t)), t);
  }
  EXPECT_FALSE(color_table_from_name("gb").has_value());
}

TEST(CodeTablesTest, StageAndFuelCodesAreExactlyTheTables) {
  for (const char* c : {"0", "1", "2", "3", "4", "5", "6", "D", "X"}) {
    EXPECT_TRUE(stage_code_valid(c)) << c;
  }
  for (const char* c : {"7", "d", "x", "", "VI", "国六", " 6", "?"}) {
    EXPECT_FALSE(stage_code_valid(c)) << c;
  }
  for (const char* c : {"A", "B", "C", "D", "E", "F", "L", "M", "N", "O", "Y", "Z", "H"}) {
    EXPECT_TRUE(fuel_code_valid(c)) << c;
  }
  for (const char* c : {"b", "G", "", "BB", "?"}) EXPECT_FALSE(fuel_code_valid(c)) << c;
}

}  // namespace
}  // namespace gate::drivers::uplink
