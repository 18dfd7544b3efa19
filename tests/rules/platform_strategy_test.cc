// The platform's control strategy in decide(): who each strategy refuses and who passes, the
// explanation naming the strategy, its meaning and the platform's document.
#include "rules/platform_strategy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rules/decide.h"
#include "tests/rules/policy_fixtures.h"

namespace gate::rules {
namespace {

using gate::v1::EmissionStage;
using gate::v1::FuelType;
using ::testing::HasSubstr;

class PlatformStrategyTest : public ::testing::Test {
 protected:
  PlatformStrategyTest() {
    policy.set_version("test-strategy");
    read.set_plate_text("豫H12345");
    read.set_color(gate::v1::PLATE_COLOR_YELLOW);
    read.set_confidence(0.95);
    vehicle.set_plate("豫H12345");
    vehicle.set_plate_color(gate::v1::PLATE_COLOR_YELLOW);
    vehicle.set_vehicle_class(gate::v1::VEHICLE_CLASS_TRANSPORT);
    strategy.code = "2";
    strategy.reference = "豫环攻坚〔2026〕12号";
  }

  // The decision for a vehicle of `stage` and `fuel` under `s`.
  gate::v1::Decision under(PlatformStrategy s, EmissionStage stage, FuelType fuel) {
    strategy.strategy = s;
    vehicle.set_emission_stage(stage);
    vehicle.set_fuel_type(fuel);
    DecisionContext context{gate::v1::ALERT_LEVEL_NONE, "2026-12-07"};
    context.strategy = &strategy;
    return decide(policy, DecisionInput{read, &vehicle, context});
  }

  bool refused(PlatformStrategy s, EmissionStage stage, FuelType fuel) {
    const auto d = under(s, stage, fuel);
    if (d.verdict() == gate::v1::VERDICT_PASS) return false;
    EXPECT_EQ(d.rule_id(), kRulePlatformStrategy) << d.explanation();
    return true;
  }

  gate::v1::Policy policy;
  gate::v1::PlateRead read;
  gate::v1::Vehicle vehicle;
  PlatformStrategyInput strategy;
};

constexpr auto kDiesel = gate::v1::FUEL_TYPE_DIESEL;
constexpr auto kGas = gate::v1::FUEL_TYPE_NATURAL_GAS;
constexpr auto kPetrol = gate::v1::FUEL_TYPE_PETROL;
constexpr auto kIII = gate::v1::EMISSION_STAGE_CHINA_III;
constexpr auto kIV = gate::v1::EMISSION_STAGE_CHINA_IV;
constexpr auto kV = gate::v1::EMISSION_STAGE_CHINA_V;
constexpr auto kVI = gate::v1::EMISSION_STAGE_CHINA_VI;

TEST(PlatformStrategyNames, RoundTripAndUnknown) {
  for (auto name : strategy_names()) {
    auto s = strategy_from_name(name);
    ASSERT_TRUE(s.has_value()) << name;
    EXPECT_EQ(strategy_name(*s), name);
  }
  EXPECT_EQ(strategy_from_name(""), PlatformStrategy::kNone);
  EXPECT_FALSE(strategy_from_name("ban_everything").has_value());
  EXPECT_EQ(strategy_names().size(), 5u);
}

TEST_F(PlatformStrategyTest, NoneAndNoStrategyPassEverything) {
  EXPECT_FALSE(refused(PlatformStrategy::kNone, kIII, kDiesel));
  vehicle.set_emission_stage(kIII);
  DecisionContext context{gate::v1::ALERT_LEVEL_NONE, "2026-12-07"};
  EXPECT_EQ(decide(policy, DecisionInput{read, &vehicle, context}).verdict(),
            gate::v1::VERDICT_PASS);
}

TEST_F(PlatformStrategyTest, Strategy1BansChinaIIIAndBelow) {
  const auto s = PlatformStrategy::kBanStage3AndBelow;
  EXPECT_TRUE(refused(s, kIII, kDiesel));
  EXPECT_TRUE(refused(s, gate::v1::EMISSION_STAGE_CHINA_II, kPetrol));
  EXPECT_FALSE(refused(s, kIV, kDiesel));
  EXPECT_FALSE(refused(s, kIV, kGas));
}

TEST_F(PlatformStrategyTest, Strategy2BansChinaIVAndBelow) {
  const auto s = PlatformStrategy::kBanStage4AndBelow;
  EXPECT_TRUE(refused(s, kIV, kDiesel));
  EXPECT_TRUE(refused(s, kIV, kGas));
  EXPECT_TRUE(refused(s, kIII, kPetrol));
  EXPECT_FALSE(refused(s, kV, kDiesel));
  EXPECT_FALSE(refused(s, kV, kGas));
}

TEST_F(PlatformStrategyTest, Strategy3BansDieselIVAndGasV) {
  const auto s = PlatformStrategy::kBanDiesel4Gas5AndBelow;
  EXPECT_TRUE(refused(s, kIV, kDiesel));
  EXPECT_TRUE(refused(s, kV, kGas));
  EXPECT_TRUE(refused(s, kV, gate::v1::FUEL_TYPE_LPG));
  EXPECT_TRUE(refused(s, kIV, kPetrol));
  EXPECT_FALSE(refused(s, kV, kDiesel));
  EXPECT_FALSE(refused(s, kV, kPetrol));
  EXPECT_FALSE(refused(s, kVI, kGas));
}

TEST_F(PlatformStrategyTest, Strategy4StopsEveryRoadTransportVehicle) {
  const auto s = PlatformStrategy::kStopRoadTransport;
  EXPECT_TRUE(refused(s, kVI, kDiesel));
  EXPECT_TRUE(refused(s, gate::v1::EMISSION_STAGE_ELECTRIC, gate::v1::FUEL_TYPE_ELECTRIC));
}

TEST_F(PlatformStrategyTest, NewEnergyPassesStrategies1To3) {
  for (auto s : {PlatformStrategy::kBanStage3AndBelow, PlatformStrategy::kBanStage4AndBelow,
                 PlatformStrategy::kBanDiesel4Gas5AndBelow}) {
    EXPECT_FALSE(refused(s, gate::v1::EMISSION_STAGE_ELECTRIC, gate::v1::FUEL_TYPE_ELECTRIC));
    EXPECT_FALSE(refused(s, gate::v1::EMISSION_STAGE_UNSPECIFIED, gate::v1::FUEL_TYPE_FUEL_CELL));
  }
}

TEST_F(PlatformStrategyTest, UnknownStageIsRefused) {
  EXPECT_TRUE(
      refused(PlatformStrategy::kBanStage3AndBelow, gate::v1::EMISSION_STAGE_UNSPECIFIED, kDiesel));
  const auto d =
      under(PlatformStrategy::kBanStage3AndBelow, gate::v1::EMISSION_STAGE_UNSPECIFIED, kDiesel);
  EXPECT_THAT(d.explanation(), HasSubstr("not known"));
}

TEST_F(PlatformStrategyTest, OnlyRoadTransportIsBound) {
  vehicle.set_vehicle_class(gate::v1::VEHICLE_CLASS_IN_PLANT);
  EXPECT_FALSE(refused(PlatformStrategy::kStopRoadTransport, kIII, kDiesel));
  EXPECT_FALSE(refused(PlatformStrategy::kBanStage4AndBelow, kIII, kDiesel));
}

TEST_F(PlatformStrategyTest, ExplanationNamesStrategyMeaningAndReference) {
  const auto d = under(PlatformStrategy::kBanStage4AndBelow, kIV, kDiesel);
  EXPECT_EQ(d.verdict(), gate::v1::VERDICT_REFUSE);
  EXPECT_EQ(d.rule_id(), "platform.strategy");
  EXPECT_THAT(d.explanation(), HasSubstr("platform strategy ban_stage_4_and_below"));
  EXPECT_THAT(d.explanation(), HasSubstr("platform code 2"));
  EXPECT_THAT(d.explanation(), HasSubstr("China IV and below banned"));
  EXPECT_THAT(d.explanation(), HasSubstr("豫环攻坚〔2026〕12号"));
  EXPECT_THAT(d.display_en(), HasSubstr("platform control"));
  EXPECT_THAT(d.display_zh(), HasSubstr("国四及以下"));
  const auto pass = under(PlatformStrategy::kBanStage4AndBelow, kV, kDiesel);
  EXPECT_THAT(pass.explanation(), HasSubstr("platform strategy ban_stage_4_and_below"));
}

TEST_F(PlatformStrategyTest, AnExemptionThatLiftsAlertRulesLiftsTheStrategy) {
  auto engine = testing::compile(
      testing::parse_set(R"(id: "t" version: "v1" source: "test" rule_sets { id: "x" source: "s"
        exemptions { kind: EXEMPTION_KIND_EMERGENCY_SUPPLY waives: RULE_FAMILY_ALERT } })"),
      testing::profile("steel", gate::v1::PERFORMANCE_GRADE_B, false));
  vehicle.set_exemption(gate::v1::EXEMPTION_KIND_EMERGENCY_SUPPLY);
  vehicle.set_exemption_basis("civil affairs 3");
  vehicle.set_emission_stage(kIV);
  vehicle.set_fuel_type(kDiesel);
  strategy.strategy = PlatformStrategy::kBanStage4AndBelow;
  DecisionContext context{gate::v1::ALERT_LEVEL_NONE, "2026-03-01"};
  context.strategy = &strategy;
  const auto d = decide(*engine, DecisionInput{read, &vehicle, context});
  EXPECT_EQ(d.verdict(), gate::v1::VERDICT_PASS) << d.explanation();
  EXPECT_EQ(d.rule_id(), "exemption.emergency_supply");
  EXPECT_THAT(d.explanation(), HasSubstr("platform.strategy"));
}

}  // namespace
}  // namespace gate::rules
