// The platform's check joined with the local decision (rules/vehicle_check.h): the strictest
// verdict wins, a hold the platform refuses becomes a refusal, the degraded modes, and where the
// platform's records of a vehicle disagree with the ledger.
#include "rules/vehicle_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gate::rules {
namespace {

using gate::v1::VehicleCheck;
using ::testing::HasSubstr;
using ::testing::StartsWith;

gate::v1::Decision local(gate::v1::Verdict v, const std::string& rule) {
  gate::v1::Decision d;
  d.set_verdict(v);
  d.set_rule_id(rule);
  d.set_display_en(rule);
  d.set_policy_version("p-3");
  d.set_explanation(rule + ": detail | inputs: plate '豫H1'");
  return d;
}

VehicleCheck answer(bool may_pass, const std::string& reason) {
  VehicleCheck c;
  c.set_status(VehicleCheck::STATUS_ANSWERED);
  c.set_may_pass(may_pass);
  c.set_reason(reason);
  c.set_serial("S-9");
  return c;
}

TEST(VehicleCheckCombination, APlatformRefusalOfAHeldTruckRefusesIt) {
  const auto d = combine_check(local(gate::v1::VERDICT_HOLD, "share.green"),
                               answer(false, "黑名单"), CheckSettings{});
  EXPECT_EQ(d.verdict(), gate::v1::VERDICT_REFUSE);
  EXPECT_EQ(d.rule_id(), kRulePlatformCheck);
  EXPECT_EQ(d.reason(), "平台不予通行 黑名单 platform refuses: 黑名单");
  EXPECT_EQ(d.policy_version(), "p-3");
  EXPECT_THAT(d.explanation(), StartsWith("platform.check: the platform's vehicle check answered "
                                          "may not pass (黑名单), serial S-9"));
  EXPECT_THAT(d.explanation(), HasSubstr("local decision share.green"));
}

TEST(VehicleCheckCombination, ALocalRefusalStandsAndNamesThePlatformsAnswer) {
  const auto d = combine_check(local(gate::v1::VERDICT_REFUSE, "alert.min_stage"),
                               answer(false, "禁行"), CheckSettings{});
  EXPECT_EQ(d.rule_id(), "alert.min_stage");
  EXPECT_THAT(d.explanation(), HasSubstr("| platform check: may not pass (禁行)"));
}

TEST(VehicleCheckCombination, WithoutACheckTheLocalDecisionIsUnchanged) {
  const auto l = local(gate::v1::VERDICT_PASS, "pass.all_rules");
  EXPECT_EQ(combine_check(l, VehicleCheck{}, CheckSettings{}).explanation(), l.explanation());
}

TEST(VehicleCheckCombination, UnreachableInRefuseModeRefusesAHold) {
  VehicleCheck c;
  c.set_status(VehicleCheck::STATUS_UNAVAILABLE);
  c.set_reason("HTTP 503");
  CheckSettings s;
  s.degraded = DegradedMode::kRefuse;
  const auto d = combine_check(local(gate::v1::VERDICT_HOLD, "share.green"), c, s);
  EXPECT_EQ(d.rule_id(), kRulePlatformUnreachable);
  EXPECT_THAT(d.explanation(), HasSubstr("unavailable (HTTP 503); degraded mode refuse"));
}

TEST(LedgerMismatch, NamesEachDisagreementAndNothingWhereASideIsSilent) {
  gate::v1::Vehicle v;
  v.set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_V);
  v.set_fuel_type(gate::v1::FUEL_TYPE_NATURAL_GAS);
  v.set_vin("VIN-LEDGER");
  VehicleCheck c = answer(true, "");
  EXPECT_EQ(ledger_mismatch(&v, c), "");
  c.set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_IV);
  c.set_fuel_type(gate::v1::FUEL_TYPE_DIESEL);
  c.set_vin("VIN-PLATFORM");
  EXPECT_EQ(ledger_mismatch(&v, c),
            "stage: ledger China V, platform China IV; fuel: ledger natural gas, platform "
            "diesel; VIN: ledger VIN-LEDGER, platform VIN-PLATFORM");
  EXPECT_EQ(ledger_mismatch(nullptr, c), "");
  c.set_status(VehicleCheck::STATUS_UNAVAILABLE);
  EXPECT_EQ(ledger_mismatch(&v, c), "");
}

TEST(PlatformVehicle, StandsInOnlyWithAnAnsweredStageAndFuel) {
  gate::v1::PlateRead read;
  read.set_plate_text("豫H77777");
  read.set_color(gate::v1::PLATE_COLOR_YELLOW);
  VehicleCheck c = answer(true, "");
  EXPECT_FALSE(platform_vehicle(c, read)) << "no stage, no fuel";
  c.set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_VI);
  EXPECT_FALSE(platform_vehicle(c, read)) << "no fuel";
  c.set_fuel_type(gate::v1::FUEL_TYPE_DIESEL);
  c.set_vin("LFWSRXSJ0M1A00007");
  c.set_registration_date("2021-05-06");
  auto v = platform_vehicle(c, read);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->plate(), "豫H77777");
  EXPECT_EQ(v->plate_color(), gate::v1::PLATE_COLOR_YELLOW);
  EXPECT_EQ(v->vehicle_class(), gate::v1::VEHICLE_CLASS_TRANSPORT);
  EXPECT_EQ(v->emission_stage(), gate::v1::EMISSION_STAGE_CHINA_VI);
  EXPECT_EQ(v->vin(), "LFWSRXSJ0M1A00007");
  EXPECT_EQ(v->registration_date(), "2021-05-06");
  c.set_status(VehicleCheck::STATUS_UNAVAILABLE);
  EXPECT_FALSE(platform_vehicle(c, read)) << "an unanswered check says nothing";
}

TEST(PlatformVehicle, ARecordIsCountedOnItsLedgerEntryElseOnThePlatformsData) {
  gate::v1::Passage p;
  p.mutable_read()->set_plate_text("豫H77777");
  EXPECT_EQ(vehicle_decided_on(p).emission_stage(), gate::v1::EMISSION_STAGE_UNSPECIFIED);
  VehicleCheck c = answer(true, "");
  c.set_emission_stage(gate::v1::EMISSION_STAGE_ELECTRIC);
  c.set_fuel_type(gate::v1::FUEL_TYPE_ELECTRIC);
  *p.mutable_check() = c;
  EXPECT_EQ(vehicle_decided_on(p).fuel_type(), gate::v1::FUEL_TYPE_ELECTRIC);
  p.set_vehicle_known(true);
  p.mutable_vehicle()->set_fuel_type(gate::v1::FUEL_TYPE_DIESEL);
  EXPECT_EQ(vehicle_decided_on(p).fuel_type(), gate::v1::FUEL_TYPE_DIESEL);
}

}  // namespace
}  // namespace gate::rules
