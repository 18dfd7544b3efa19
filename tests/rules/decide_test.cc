#include "rules/decide.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace gate::rules {
namespace {

using gate::v1::AlertLevel;
using gate::v1::EmissionStage;
using gate::v1::FuelType;
using gate::v1::VehicleClass;
using ::testing::HasSubstr;

class DecideTest : public ::testing::Test {
 protected:
  DecideTest() {
    policy.set_version("test-2025-10");
    policy.set_min_confidence(0.8);
    add_stage_rule(gate::v1::VEHICLE_CLASS_TRANSPORT, gate::v1::EMISSION_STAGE_CHINA_V);
    add_stage_rule(gate::v1::VEHICLE_CLASS_NON_ROAD_MACHINERY, gate::v1::EMISSION_STAGE_CHINA_III);

    read.set_plate_text("豫H12345");
    read.set_color(gate::v1::PLATE_COLOR_YELLOW);
    read.set_confidence(0.95);

    vehicle.set_plate("豫H12345");
    vehicle.set_plate_color(gate::v1::PLATE_COLOR_YELLOW);
    vehicle.set_vehicle_class(gate::v1::VEHICLE_CLASS_TRANSPORT);
    vehicle.set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_VI);
    vehicle.set_fuel_type(gate::v1::FUEL_TYPE_DIESEL);
    vehicle.set_valid_from("2025-01-01");
    vehicle.set_valid_until("2025-12-31");
  }

  void add_stage_rule(VehicleClass c, EmissionStage min) {
    auto* r = policy.add_stage_rules();
    r->set_vehicle_class(c);
    r->set_min_stage(min);
  }

  void add_alert_rule(AlertLevel level, VehicleClass c, EmissionStage min) {
    auto* r = policy.add_alert_rules();
    r->set_level(level);
    r->set_vehicle_class(c);
    r->set_min_stage(min);
  }

  // Yellow: China IV, orange: China V, red: China VI, for transport trucks.
  void add_alert_table() {
    add_alert_rule(gate::v1::ALERT_LEVEL_YELLOW, gate::v1::VEHICLE_CLASS_TRANSPORT,
                   gate::v1::EMISSION_STAGE_CHINA_IV);
    add_alert_rule(gate::v1::ALERT_LEVEL_ORANGE, gate::v1::VEHICLE_CLASS_TRANSPORT,
                   gate::v1::EMISSION_STAGE_CHINA_V);
    add_alert_rule(gate::v1::ALERT_LEVEL_RED, gate::v1::VEHICLE_CLASS_TRANSPORT,
                   gate::v1::EMISSION_STAGE_CHINA_VI);
  }

  gate::v1::Decision run(const gate::v1::Vehicle* v) {
    DecisionInput in{read, v, context};
    return decide(policy, in);
  }
  gate::v1::Decision run() { return run(&vehicle); }

  // The decision for `stage` at `level`, with no class rule in the way.
  gate::v1::Decision at_alert(AlertLevel level, EmissionStage stage) {
    vehicle.set_emission_stage(stage);
    context.alert_level = level;
    return run();
  }

  void expect_refused(const gate::v1::Decision& d, const char* rule) {
    EXPECT_EQ(d.verdict(), gate::v1::VERDICT_REFUSE) << d.explanation();
    EXPECT_EQ(d.rule_id(), rule) << d.explanation();
    EXPECT_EQ(d.policy_version(), "test-2025-10");
    EXPECT_FALSE(d.reason().empty());
    EXPECT_THAT(d.explanation(), HasSubstr(rule));
  }

  void expect_passed(const gate::v1::Decision& d) {
    EXPECT_EQ(d.verdict(), gate::v1::VERDICT_PASS) << d.rule_id() << ": " << d.explanation();
    EXPECT_EQ(d.rule_id(), kRuleAllPassed);
    EXPECT_EQ(d.policy_version(), "test-2025-10");
    EXPECT_FALSE(d.reason().empty());
  }

  gate::v1::Policy policy;
  gate::v1::PlateRead read;
  gate::v1::Vehicle vehicle;
  DecisionContext context{gate::v1::ALERT_LEVEL_NONE, "2025-06-15"};
};

// ---- pass ----

TEST_F(DecideTest, PassesWhenEveryRuleHolds) {
  auto d = run();
  expect_passed(d);
  EXPECT_EQ(d.reason(), "放行 pass");
  EXPECT_THAT(d.explanation(), HasSubstr("豫H12345"));
  EXPECT_THAT(d.explanation(), HasSubstr("class transport"));
  EXPECT_THAT(d.explanation(), HasSubstr("China VI"));
  EXPECT_THAT(d.explanation(), HasSubstr("diesel"));
  EXPECT_THAT(d.explanation(), HasSubstr("alert none"));
  EXPECT_THAT(d.explanation(), HasSubstr("class minimum China V"));
  EXPECT_THAT(d.explanation(), HasSubstr("min confidence 0.8"));
}

// ---- identity ----

TEST_F(DecideTest, InvalidPlateRefusedWithParserMessage) {
  read.set_plate_text("豫I12345");
  auto d = run();
  expect_refused(d, kRulePlateInvalid);
  EXPECT_THAT(d.explanation(), HasSubstr("character 2 'I': letters I and O are not used"));
}

TEST_F(DecideTest, InvalidPlateComesBeforeUnknownVehicle) {
  read.set_plate_text("豫H1234");
  expect_refused(run(nullptr), kRulePlateInvalid);
}

TEST_F(DecideTest, RawPlateTextIsNormalisedBeforeValidation) {
  read.set_plate_text(" 豫h·12345 ");
  expect_passed(run());
}

TEST_F(DecideTest, ConfidenceBoundary) {
  read.set_confidence(0.8);  // exactly the minimum: accepted
  expect_passed(run());
  read.set_confidence(0.79);
  auto d = run();
  expect_refused(d, kRuleLowConfidence);
  EXPECT_THAT(d.explanation(), HasSubstr("0.79"));
  EXPECT_THAT(d.explanation(), HasSubstr("0.8"));
}

TEST_F(DecideTest, ZeroMinConfidenceDisablesCheck) {
  policy.set_min_confidence(0);
  read.set_confidence(0.0);
  expect_passed(run());
}

TEST_F(DecideTest, LowConfidenceComesBeforeUnknownVehicle) {
  read.set_confidence(0.1);
  expect_refused(run(nullptr), kRuleLowConfidence);
}

TEST_F(DecideTest, UnknownVehicle) {
  auto d = run(nullptr);
  expect_refused(d, kRuleUnknownVehicle);
  EXPECT_EQ(d.reason(), "未登记车辆 unknown vehicle");
  EXPECT_THAT(d.explanation(), HasSubstr("no ledger"));
}

TEST_F(DecideTest, Suspended) {
  vehicle.set_suspended(true);
  expect_refused(run(), kRuleSuspended);
}

TEST_F(DecideTest, SuspendedComesBeforeStage) {
  vehicle.set_suspended(true);
  vehicle.set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_III);
  expect_refused(run(), kRuleSuspended);
}

TEST_F(DecideTest, ValidityFirstAndLastDayInclusive) {
  context.local_date = "2025-01-01";
  expect_passed(run());
  context.local_date = "2025-12-31";
  expect_passed(run());
}

TEST_F(DecideTest, ValidityDayBeforeAndDayAfter) {
  context.local_date = "2024-12-31";
  auto before = run();
  expect_refused(before, kRuleNotValid);
  EXPECT_THAT(before.reason(), HasSubstr("not yet valid"));
  EXPECT_THAT(before.explanation(), HasSubstr("2024-12-31"));
  EXPECT_THAT(before.explanation(), HasSubstr("2025-01-01"));

  context.local_date = "2026-01-01";
  auto after = run();
  expect_refused(after, kRuleNotValid);
  EXPECT_THAT(after.reason(), HasSubstr("expired"));
}

TEST_F(DecideTest, EmptyValidityBoundsAreOpen) {
  vehicle.clear_valid_from();
  vehicle.clear_valid_until();
  context.local_date = "1999-01-01";
  expect_passed(run());
  context.local_date = "2099-12-31";
  expect_passed(run());
  vehicle.set_valid_until("2025-12-31");
  context.local_date = "1999-01-01";
  expect_passed(run());  // only the upper bound is set
  context.local_date = "2026-01-01";
  expect_refused(run(), kRuleNotValid);
}

TEST_F(DecideTest, ValidityWithoutDateFailsClosed) {
  context.local_date.clear();
  expect_refused(run(), kRuleNotValid);
  vehicle.clear_valid_from();
  vehicle.clear_valid_until();
  expect_passed(run());  // nothing to check, so no date is needed
}

// ---- stage by class ----

TEST_F(DecideTest, ExactMinimumStagePasses) {
  vehicle.set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_V);
  expect_passed(run());
}

TEST_F(DecideTest, OneBelowMinimumRefused) {
  vehicle.set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_IV);
  auto d = run();
  expect_refused(d, kRuleStageByClass);
  EXPECT_EQ(d.reason(), "国IV柴油车 低于国V 禁止入厂 China IV diesel below China V: no entry");
  EXPECT_EQ(d.display_zh(), "国IV柴油车 低于国V 禁止入厂");
  EXPECT_EQ(d.display_en(), "China IV diesel below China V: no entry");
  EXPECT_THAT(d.explanation(), HasSubstr("class transport needs at least China V"));
  EXPECT_THAT(d.explanation(), HasSubstr("vehicle has China IV, fuel diesel"));
}

TEST_F(DecideTest, UnspecifiedStageRefused) {
  vehicle.set_emission_stage(gate::v1::EMISSION_STAGE_UNSPECIFIED);
  expect_refused(run(), kRuleStageByClass);
}

TEST_F(DecideTest, ElectricAlwaysSatisfiesStage) {
  // Electric by fuel, whatever the ledger's stage says.
  vehicle.set_emission_stage(gate::v1::EMISSION_STAGE_UNSPECIFIED);
  vehicle.set_fuel_type(gate::v1::FUEL_TYPE_ELECTRIC);
  read.set_plate_text("豫H12345D");
  auto d = run();
  expect_passed(d);
  EXPECT_THAT(d.explanation(), HasSubstr("new-energy"));
  // Electric by stage code D.
  vehicle.set_fuel_type(gate::v1::FUEL_TYPE_UNSPECIFIED);
  vehicle.set_emission_stage(gate::v1::EMISSION_STAGE_ELECTRIC);
  expect_passed(run());
  // Fuel cell.
  vehicle.set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_III);
  vehicle.set_fuel_type(gate::v1::FUEL_TYPE_FUEL_CELL);
  expect_passed(run());
}

TEST_F(DecideTest, HybridIsNotNewEnergyHere) {
  vehicle.set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_IV);
  vehicle.set_fuel_type(gate::v1::FUEL_TYPE_HYBRID);
  expect_refused(run(), kRuleStageByClass);
}

TEST_F(DecideTest, StageRuleAppliesOnlyToItsClass) {
  vehicle.set_vehicle_class(gate::v1::VEHICLE_CLASS_IN_PLANT);  // no rule for in-plant
  vehicle.set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_0);
  auto d = run();
  expect_passed(d);
  EXPECT_THAT(d.explanation(), HasSubstr("no stage threshold applies to class in-plant"));

  vehicle.set_vehicle_class(gate::v1::VEHICLE_CLASS_NON_ROAD_MACHINERY);  // minimum China III
  vehicle.set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_III);
  expect_passed(run());
  vehicle.set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_II);
  expect_refused(run(), kRuleStageByClass);
  vehicle.set_emission_stage(gate::v1::EMISSION_STAGE_NONE);  // X ranks below China 0
  expect_refused(run(), kRuleStageByClass);
}

TEST_F(DecideTest, StageByClassComesBeforeAlert) {
  add_alert_table();
  auto d = at_alert(gate::v1::ALERT_LEVEL_RED, gate::v1::EMISSION_STAGE_CHINA_IV);
  expect_refused(d, kRuleStageByClass);
}

// ---- alert level × stage ----

TEST_F(DecideTest, AlertRuleRefusesBelowMinimum) {
  add_alert_table();
  auto d = at_alert(gate::v1::ALERT_LEVEL_RED, gate::v1::EMISSION_STAGE_CHINA_V);
  expect_refused(d, kRuleAlertStage);
  EXPECT_EQ(d.reason(), "国V柴油车 红色预警期间禁止入厂 China V diesel: no entry during red alert");
  EXPECT_THAT(d.explanation(), HasSubstr("alert red"));
  EXPECT_THAT(d.explanation(), HasSubstr("needs at least China VI"));
}

TEST_F(DecideTest, AlertExactMinimumPasses) {
  add_alert_table();
  expect_passed(at_alert(gate::v1::ALERT_LEVEL_RED, gate::v1::EMISSION_STAGE_CHINA_VI));
}

TEST_F(DecideTest, AlertLevelsAreCumulative) {
  // Class rule relaxed so only alert rules decide; rules at or below the level in force apply.
  policy.clear_stage_rules();
  add_alert_table();
  const EmissionStage iii = gate::v1::EMISSION_STAGE_CHINA_III;
  const EmissionStage iv = gate::v1::EMISSION_STAGE_CHINA_IV;
  const EmissionStage v = gate::v1::EMISSION_STAGE_CHINA_V;

  expect_passed(at_alert(gate::v1::ALERT_LEVEL_NONE, iii));
  expect_refused(at_alert(gate::v1::ALERT_LEVEL_YELLOW, iii), kRuleAlertStage);
  expect_passed(at_alert(gate::v1::ALERT_LEVEL_YELLOW, iv));
  expect_refused(at_alert(gate::v1::ALERT_LEVEL_ORANGE, iv), kRuleAlertStage);
  expect_passed(at_alert(gate::v1::ALERT_LEVEL_ORANGE, v));
  expect_refused(at_alert(gate::v1::ALERT_LEVEL_RED, v), kRuleAlertStage);
  // At red the yellow rule still applies, and the strictest failing rule is reported.
  auto d = at_alert(gate::v1::ALERT_LEVEL_RED, iii);
  expect_refused(d, kRuleAlertStage);
  EXPECT_EQ(d.reason(),
            "国III柴油车 红色预警期间禁止入厂 China III diesel: no entry during red alert");
  EXPECT_THAT(d.explanation(), HasSubstr("needs at least China VI"));
}

TEST_F(DecideTest, LowerLevelRuleAppliesAtHigherLevel) {
  policy.clear_stage_rules();
  add_alert_rule(gate::v1::ALERT_LEVEL_YELLOW, gate::v1::VEHICLE_CLASS_TRANSPORT,
                 gate::v1::EMISSION_STAGE_CHINA_V);
  auto d = at_alert(gate::v1::ALERT_LEVEL_RED, gate::v1::EMISSION_STAGE_CHINA_IV);
  expect_refused(d, kRuleAlertStage);
  EXPECT_THAT(d.explanation(), HasSubstr("rule from yellow"));
}

TEST_F(DecideTest, UnspecifiedAlertCountsAsNone) {
  policy.clear_stage_rules();
  add_alert_table();
  expect_passed(at_alert(gate::v1::ALERT_LEVEL_UNSPECIFIED, gate::v1::EMISSION_STAGE_CHINA_0));
  // A rule at NONE applies always, also when the level is UNSPECIFIED.
  add_alert_rule(gate::v1::ALERT_LEVEL_NONE, gate::v1::VEHICLE_CLASS_TRANSPORT,
                 gate::v1::EMISSION_STAGE_CHINA_III);
  expect_refused(at_alert(gate::v1::ALERT_LEVEL_UNSPECIFIED, gate::v1::EMISSION_STAGE_CHINA_II),
                 kRuleAlertStage);
  expect_passed(at_alert(gate::v1::ALERT_LEVEL_UNSPECIFIED, gate::v1::EMISSION_STAGE_CHINA_III));
}

TEST_F(DecideTest, AlertRuleAppliesOnlyToItsClass) {
  add_alert_table();
  vehicle.set_vehicle_class(gate::v1::VEHICLE_CLASS_IN_PLANT);
  expect_passed(at_alert(gate::v1::ALERT_LEVEL_RED, gate::v1::EMISSION_STAGE_CHINA_IV));
}

TEST_F(DecideTest, ElectricPassesAtRed) {
  add_alert_table();
  vehicle.set_fuel_type(gate::v1::FUEL_TYPE_ELECTRIC);
  read.set_plate_text("豫H12345D");
  expect_passed(at_alert(gate::v1::ALERT_LEVEL_RED, gate::v1::EMISSION_STAGE_UNSPECIFIED));
}

TEST_F(DecideTest, PolicyVersionOnEveryDecision) {
  policy.set_version("v-special");
  EXPECT_EQ(run().policy_version(), "v-special");
  EXPECT_EQ(run(nullptr).policy_version(), "v-special");
}

}  // namespace
}  // namespace gate::rules
