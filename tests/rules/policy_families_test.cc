// Every rule family of decide() against small synthetic policy sets, table-driven.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rules/decide.h"
#include "rules/display_names.h"
#include "rules/manual_override.h"
#include "tests/rules/policy_fixtures.h"

namespace gate::rules {
namespace {

using namespace gate::rules::testing;
using gate::v1::Verdict;
using ::testing::HasSubstr;

constexpr Verdict kPass = gate::v1::VERDICT_PASS;
constexpr Verdict kRefuse = gate::v1::VERDICT_REFUSE;
constexpr Verdict kHold = gate::v1::VERDICT_HOLD;

std::shared_ptr<const PolicyEngine> engine(const std::string& rule_sets,
                                           const std::string& extra = "") {
  return compile(parse_set("id: \"t\" version: \"v1\" source: \"test\" " + extra + rule_sets),
                 profile("steel", gate::v1::PERFORMANCE_GRADE_B, false));
}

const char* kDate = "2026-03-01";

// ---- identity: plate against the ledger's fuel ----

struct ColourCase {
  const char* name;
  gate::v1::FuelType fuel;
  gate::v1::EmissionStage stage;
  const char* plate;
  gate::v1::PlateColor read_colour;
  bool mismatch;
};

TEST(IdentityFamilyTest, PlateAgainstLedgerFuel) {
  const ColourCase cases[] = {
      {"diesel on yellow", gate::v1::FUEL_TYPE_DIESEL, gate::v1::EMISSION_STAGE_CHINA_VI,
       "豫H12345", gate::v1::PLATE_COLOR_YELLOW, false},
      {"electric on yellow-green", gate::v1::FUEL_TYPE_ELECTRIC, gate::v1::EMISSION_STAGE_ELECTRIC,
       "豫H12345D", gate::v1::PLATE_COLOR_YELLOW_GREEN, false},
      {"electric NEV plate read yellow (camera without yellow-green)", gate::v1::FUEL_TYPE_ELECTRIC,
       gate::v1::EMISSION_STAGE_ELECTRIC, "豫H12345D", gate::v1::PLATE_COLOR_YELLOW, false},
      {"electric on an ordinary plate", gate::v1::FUEL_TYPE_ELECTRIC,
       gate::v1::EMISSION_STAGE_ELECTRIC, "豫H12345", gate::v1::PLATE_COLOR_YELLOW, true},
      {"fuel cell on an ordinary plate", gate::v1::FUEL_TYPE_FUEL_CELL,
       gate::v1::EMISSION_STAGE_CHINA_VI, "豫H12345", gate::v1::PLATE_COLOR_YELLOW, true},
      {"diesel on a new-energy plate", gate::v1::FUEL_TYPE_DIESEL,
       gate::v1::EMISSION_STAGE_CHINA_VI, "豫H12345D", gate::v1::PLATE_COLOR_YELLOW_GREEN, true},
      {"diesel read green", gate::v1::FUEL_TYPE_DIESEL, gate::v1::EMISSION_STAGE_CHINA_VI,
       "豫H12345", gate::v1::PLATE_COLOR_GREEN, true},
      {"gas read yellow-green", gate::v1::FUEL_TYPE_NATURAL_GAS, gate::v1::EMISSION_STAGE_CHINA_VI,
       "豫H12345", gate::v1::PLATE_COLOR_YELLOW_GREEN, true},
      {"diesel read unknown colour", gate::v1::FUEL_TYPE_DIESEL, gate::v1::EMISSION_STAGE_CHINA_VI,
       "豫H12345", gate::v1::PLATE_COLOR_UNKNOWN, false},
      {"hybrid on a new-energy plate", gate::v1::FUEL_TYPE_HYBRID,
       gate::v1::EMISSION_STAGE_CHINA_VI, "豫H12345F", gate::v1::PLATE_COLOR_YELLOW_GREEN, false},
      {"hybrid on an ordinary plate", gate::v1::FUEL_TYPE_HYBRID, gate::v1::EMISSION_STAGE_CHINA_VI,
       "豫H12345", gate::v1::PLATE_COLOR_YELLOW, false},
  };
  auto refuse = engine(
      R"(rule_sets { id: "i" source: "s" identity { plate_color_check: PLATE_COLOR_CHECK_REFUSE } })");
  auto flag = engine(
      R"(rule_sets { id: "i" source: "s" identity { plate_color_check: PLATE_COLOR_CHECK_FLAG } })");
  auto off = engine(R"(rule_sets { id: "i" source: "s" })");
  for (const auto& c : cases) {
    gate::v1::Vehicle v;
    v.set_plate(c.plate);
    v.set_vehicle_class(gate::v1::VEHICLE_CLASS_TRANSPORT);
    v.set_fuel_type(c.fuel);
    v.set_emission_stage(c.stage);
    gate::v1::PlateRead r;
    r.set_plate_text(c.plate);
    r.set_color(c.read_colour);
    r.set_confidence(0.9);
    DecisionContext ctx{gate::v1::ALERT_LEVEL_NONE, kDate};
    auto d = decide(*refuse, DecisionInput{r, &v, ctx});
    EXPECT_EQ(d.verdict(), c.mismatch ? kRefuse : kPass) << c.name << ": " << d.explanation();
    if (c.mismatch) {
      EXPECT_EQ(d.rule_id(), kRulePlateColorMismatch) << c.name;
      EXPECT_EQ(d.display_zh(), "车牌与台账燃料不符");
    }
    auto f = decide(*flag, DecisionInput{r, &v, ctx});
    EXPECT_EQ(f.verdict(), kPass) << c.name;
    EXPECT_EQ(f.explanation().find("discrepancy flagged") != std::string::npos, c.mismatch)
        << c.name << ": " << f.explanation();
    EXPECT_EQ(decide(*off, DecisionInput{r, &v, ctx}).verdict(), kPass) << c.name;
  }
}

TEST(IdentityFamilyTest, StrictestConfidenceOfTheRuleSetsInForceApplies) {
  auto e = engine(R"(
    rule_sets { id: "a" source: "s" identity { min_confidence: 0.7 } }
    rule_sets { id: "b" source: "s" effective { from: "2026-01-01" } identity { min_confidence: 0.9 } })");
  auto v = diesel(gate::v1::EMISSION_STAGE_CHINA_VI);
  auto r = read_of(v);
  r.set_confidence(0.85);
  DecisionContext before{gate::v1::ALERT_LEVEL_NONE, "2025-12-31"};
  DecisionContext after{gate::v1::ALERT_LEVEL_NONE, "2026-01-01"};
  EXPECT_EQ(decide(*e, DecisionInput{r, &v, before}).verdict(), kPass);
  auto d = decide(*e, DecisionInput{r, &v, after});
  EXPECT_EQ(d.rule_id(), kRuleLowConfidence);
  EXPECT_EQ(d.rule_set_id(), "b");
}

TEST(IdentityFamilyTest, DatedPolicyWithoutDateFailsClosed) {
  auto e = engine(R"(rule_sets { id: "a" source: "s" effective { from: "2026-01-01" } })");
  auto v = diesel(gate::v1::EMISSION_STAGE_CHINA_VI);
  for (const char* date : {"", "2026-02-30", "yesterday"}) {
    auto d = decide_for(*e, v, date);
    EXPECT_EQ(d.verdict(), kRefuse) << date;
    EXPECT_EQ(d.rule_id(), kRuleNoDate) << date;
  }
}

// ---- identity: a plate in no ledger, known to the platform ----

constexpr const char* kStageV = R"(
    rule_sets { id: "stage" source: "s"
      stage_rules { vehicle_class: VEHICLE_CLASS_TRANSPORT min_stage: EMISSION_STAGE_CHINA_V } })";

TEST(IdentityFamilyTest, APlateInNoLedgerIsDecidedOnThePlatformsDataOnlyWherePolicySaysSo) {
  const auto vi = diesel(gate::v1::EMISSION_STAGE_CHINA_VI);
  const auto iv = diesel(gate::v1::EMISSION_STAGE_CHINA_IV, 2);
  auto decide_unknown = [](const PolicyEngine& e, const gate::v1::Vehicle& platform) {
    DecisionContext ctx{gate::v1::ALERT_LEVEL_NONE, kDate};
    return decide(e, DecisionInput{read_of(platform), nullptr, ctx, &platform});
  };
  auto refusing = engine(kStageV);
  auto d = decide_unknown(*refusing, vi);
  EXPECT_EQ(d.rule_id(), kRuleUnknownVehicle) << "no rule set admits on platform data";

  auto admitting = engine(std::string(kStageV) + R"(
    rule_sets { id: "unregistered" source: "plant" identity { unknown_vehicle: UNKNOWN_VEHICLE_PLATFORM_DATA } })");
  d = decide_unknown(*admitting, vi);
  EXPECT_EQ(d.verdict(), kPass) << d.explanation();
  EXPECT_THAT(d.explanation(), HasSubstr("decided on the platform's vehicle data"));
  EXPECT_THAT(d.explanation(), HasSubstr("platform: stage China VI, fuel diesel"));
  d = decide_unknown(*admitting, iv);
  EXPECT_EQ(d.rule_id(), kRuleStageByClass) << "the platform's stage meets the stage rules";

  DecisionContext ctx{gate::v1::ALERT_LEVEL_NONE, kDate};
  d = decide(*admitting, DecisionInput{read_of(vi), nullptr, ctx});
  EXPECT_EQ(d.rule_id(), kRuleUnknownVehicle) << "no platform data: nothing to decide on";
  EXPECT_THAT(d.explanation(), HasSubstr("gave no vehicle data"));

  auto vetoed = engine(std::string(kStageV) + R"(
    rule_sets { id: "a" source: "plant" identity { unknown_vehicle: UNKNOWN_VEHICLE_PLATFORM_DATA } }
    rule_sets { id: "b" source: "city" identity { unknown_vehicle: UNKNOWN_VEHICLE_REFUSE } })");
  d = decide_unknown(*vetoed, vi);
  EXPECT_EQ(d.rule_id(), kRuleUnknownVehicle) << "a refusal by any rule set wins";
  EXPECT_EQ(d.rule_set_id(), "b");
}

TEST(IdentityFamilyTest, ALedgerEntryWinsOverThePlatformsData) {
  auto e = engine(std::string(kStageV) + R"(
    rule_sets { id: "u" source: "plant" identity { unknown_vehicle: UNKNOWN_VEHICLE_PLATFORM_DATA } })");
  const auto ledger = diesel(gate::v1::EMISSION_STAGE_CHINA_IV);
  const auto platform = diesel(gate::v1::EMISSION_STAGE_CHINA_VI);
  DecisionContext ctx{gate::v1::ALERT_LEVEL_NONE, kDate};
  auto d = decide(*e, DecisionInput{read_of(ledger), &ledger, ctx, &platform});
  EXPECT_EQ(d.rule_id(), kRuleStageByClass);
}

// ---- lists ----

TEST(ListsFamilyTest, ExcessEmissionListRefusesAndCannotBeWaived) {
  auto e = engine(R"(rule_sets { id: "l" source: "s" lists { refuse_excess_emission: true }
    exemptions { kind: EXEMPTION_KIND_PLATFORM_GRANTED waives: RULE_FAMILY_LISTS waives: RULE_FAMILY_ALERT } })");
  auto v = diesel(gate::v1::EMISSION_STAGE_CHINA_VI);
  v.set_exemption(gate::v1::EXEMPTION_KIND_PLATFORM_GRANTED);
  v.set_exemption_basis("platform approval 7");
  PlatformLists lists;
  lists.version = "2026-03-01.3";
  EXPECT_EQ(decide_for(*e, v, kDate, gate::v1::ALERT_LEVEL_NONE, nullptr, nullptr).verdict(), kPass)
      << "no list yet";
  EXPECT_EQ(decide_for(*e, v, kDate, gate::v1::ALERT_LEVEL_NONE, nullptr, &lists).verdict(), kPass);
  lists.excess_emission.insert(v.plate());
  auto d = decide_for(*e, v, kDate, gate::v1::ALERT_LEVEL_NONE, nullptr, &lists);
  EXPECT_EQ(d.verdict(), kRefuse);
  EXPECT_EQ(d.rule_id(), kRuleExcessEmission);
  EXPECT_THAT(d.explanation(), HasSubstr("version 2026-03-01.3"));
  EXPECT_EQ(d.display_zh(), "超标排放车辆 禁止入厂");
}

TEST(ListsFamilyTest, WhitelistOnlyDuringAlerts) {
  auto e = engine(
      R"(rule_sets { id: "w" source: "s" lists { whitelist_only_from: ALERT_LEVEL_ORANGE } })");
  auto v = diesel(gate::v1::EMISSION_STAGE_CHINA_VI);
  auto in_plant = vehicle(gate::v1::EMISSION_STAGE_CHINA_VI, gate::v1::FUEL_TYPE_DIESEL,
                          gate::v1::VEHICLE_CLASS_IN_PLANT, 2);
  PlatformLists listed, unlisted;
  listed.whitelist.insert(v.plate());
  struct Case {
    gate::v1::AlertLevel level;
    const PlatformLists* lists;
    const gate::v1::Vehicle* vehicle;
    Verdict want;
  };
  const Case cases[] = {
      {gate::v1::ALERT_LEVEL_NONE, &unlisted, &v, kPass},
      {gate::v1::ALERT_LEVEL_YELLOW, &unlisted, &v, kPass},
      {gate::v1::ALERT_LEVEL_ORANGE, &unlisted, &v, kRefuse},
      {gate::v1::ALERT_LEVEL_RED, &unlisted, &v, kRefuse},
      {gate::v1::ALERT_LEVEL_ORANGE, nullptr, &v, kRefuse},  // no list received: fail closed
      {gate::v1::ALERT_LEVEL_ORANGE, &listed, &v, kPass},
      {gate::v1::ALERT_LEVEL_RED, &listed, &v, kPass},
      {gate::v1::ALERT_LEVEL_RED, &unlisted, &in_plant, kPass},  // transport only by default
  };
  for (const auto& c : cases) {
    auto d = decide_for(*e, *c.vehicle, kDate, c.level, nullptr, c.lists);
    EXPECT_EQ(d.verdict(), c.want) << alert_name(c.level) << " " << d.explanation();
    if (c.want == kRefuse) {
      EXPECT_EQ(d.rule_id(), kRuleNotWhitelisted);
    }
  }
  EXPECT_THAT(
      decide_for(*e, v, kDate, gate::v1::ALERT_LEVEL_ORANGE, nullptr, nullptr).explanation(),
      HasSubstr("no whitelist received"));
}

// ---- machinery ----

TEST(MachineryFamilyTest, RegistrationTestReportPositioning) {
  auto e = engine(R"(rule_sets { id: "m" source: "s"
    machinery { require_registration: true require_test_report: true require_positioning: true } })");
  auto ok = vehicle(gate::v1::EMISSION_STAGE_CHINA_IV, gate::v1::FUEL_TYPE_DIESEL,
                    gate::v1::VEHICLE_CLASS_NON_ROAD_MACHINERY);
  ok.set_test_report_valid_until(kDate);
  struct Case {
    const char* name;
    std::function<void(gate::v1::Vehicle&)> change;
    const char* rule;  // nullptr: passes
  };
  const std::vector<Case> cases = {
      {"compliant (report valid through today)", [](gate::v1::Vehicle&) {}, nullptr},
      {"registered by code only", [](gate::v1::Vehicle& v) { v.clear_machinery_registration(); },
       nullptr},
      {"no registration at all",
       [](gate::v1::Vehicle& v) {
         v.clear_machinery_registration();
         v.clear_registration_code();
       },
       kRuleMachineryUnregistered},
      {"marked unregistered",
       [](gate::v1::Vehicle& v) {
         v.set_machinery_registration(gate::v1::MACHINERY_REGISTRATION_UNREGISTERED);
       },
       kRuleMachineryUnregistered},
      {"fake registration",
       [](gate::v1::Vehicle& v) {
         v.set_machinery_registration(gate::v1::MACHINERY_REGISTRATION_FAKE);
       },
       kRuleMachineryFakeRegistration},
      {"report expired yesterday",
       [](gate::v1::Vehicle& v) { v.set_test_report_valid_until("2026-02-28"); },
       kRuleMachineryTestReport},
      {"no report", [](gate::v1::Vehicle& v) { v.clear_test_report_valid_until(); },
       kRuleMachineryTestReport},
      {"positioning failed",
       [](gate::v1::Vehicle& v) { v.set_positioning(gate::v1::POSITIONING_STATUS_FAILED); },
       kRuleMachineryPositioning},
      {"positioning not installed",
       [](gate::v1::Vehicle& v) { v.set_positioning(gate::v1::POSITIONING_STATUS_NOT_INSTALLED); },
       kRuleMachineryPositioning},
      {"positioning not stated", [](gate::v1::Vehicle& v) { v.clear_positioning(); },
       kRuleMachineryPositioning},
  };
  for (const auto& c : cases) {
    auto v = ok;
    c.change(v);
    auto d = decide_for(*e, v, kDate);
    EXPECT_EQ(d.verdict(), c.rule ? kRefuse : kPass) << c.name << ": " << d.explanation();
    if (c.rule) {
      EXPECT_EQ(d.rule_id(), c.rule) << c.name;
    }
  }
  // Trucks are not machinery.
  auto truck = diesel(gate::v1::EMISSION_STAGE_CHINA_VI);
  EXPECT_EQ(decide_for(*e, truck, kDate).verdict(), kPass);
}

// ---- stage by class, with fuels and the new-energy definition ----

TEST(StageFamilyTest, FuelSpecificRulesAndStrictestFailureReported) {
  auto e = engine(R"(rule_sets { id: "s" source: "s"
    stage_rules { vehicle_class: VEHICLE_CLASS_TRANSPORT min_stage: EMISSION_STAGE_CHINA_IV }
    stage_rules { vehicle_class: VEHICLE_CLASS_TRANSPORT min_stage: EMISSION_STAGE_CHINA_V
                  fuels: FUEL_TYPE_DIESEL fuels: FUEL_TYPE_NATURAL_GAS note: "phase-out" } })");
  struct Case {
    gate::v1::EmissionStage stage;
    gate::v1::FuelType fuel;
    Verdict want;
    const char* min;  // the minimum named in the refusal
  };
  const Case cases[] = {
      {gate::v1::EMISSION_STAGE_CHINA_IV, gate::v1::FUEL_TYPE_PETROL, kPass, ""},
      {gate::v1::EMISSION_STAGE_CHINA_IV, gate::v1::FUEL_TYPE_DIESEL, kRefuse, "China V"},
      {gate::v1::EMISSION_STAGE_CHINA_IV, gate::v1::FUEL_TYPE_NATURAL_GAS, kRefuse, "China V"},
      {gate::v1::EMISSION_STAGE_CHINA_V, gate::v1::FUEL_TYPE_DIESEL, kPass, ""},
      {gate::v1::EMISSION_STAGE_CHINA_III, gate::v1::FUEL_TYPE_PETROL, kRefuse, "China IV"},
      {gate::v1::EMISSION_STAGE_CHINA_III, gate::v1::FUEL_TYPE_DIESEL, kRefuse, "China V"},
  };
  for (const auto& c : cases) {
    auto v = vehicle(c.stage, c.fuel);
    auto d = decide_for(*e, v, kDate);
    EXPECT_EQ(d.verdict(), c.want) << d.explanation();
    if (c.want == kRefuse) {
      EXPECT_EQ(d.rule_id(), kRuleStageByClass);
      EXPECT_THAT(d.explanation(), HasSubstr(std::string("needs at least ") + c.min));
    }
  }
}

TEST(StageFamilyTest, PlugInHybridsCountAsNewEnergyOnlyWhenThePolicySaysSo) {
  const std::string rules = R"(rule_sets { id: "s" source: "s"
    stage_rules { vehicle_class: VEHICLE_CLASS_IN_PLANT min_stage: EMISSION_STAGE_ELECTRIC } })";
  auto strict = engine(rules);
  auto lenient = engine(rules, "new_energy { plug_in_hybrid: true } ");
  gate::v1::Vehicle phev;
  phev.set_plate("豫H12345F");
  phev.set_plate_color(gate::v1::PLATE_COLOR_GREEN);
  phev.set_vehicle_class(gate::v1::VEHICLE_CLASS_IN_PLANT);
  phev.set_fuel_type(gate::v1::FUEL_TYPE_HYBRID);
  phev.set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_VI);
  EXPECT_EQ(decide_for(*strict, phev, kDate).verdict(), kRefuse);
  EXPECT_EQ(decide_for(*lenient, phev, kDate).verdict(), kPass);
  // A hybrid on an ordinary plate is not a plug-in hybrid.
  auto hev = phev;
  hev.set_plate("豫H12345");
  hev.set_plate_color(gate::v1::PLATE_COLOR_BLUE);
  EXPECT_EQ(decide_for(*lenient, hev, kDate).verdict(), kRefuse);
}

// ---- share (decide's view; the controller is tested in the host) ----

TEST(ShareFamilyTest, HoldsOnlyNonQualifyingVehiclesOfThePopulation) {
  auto e = engine(R"(rule_sets { id: "g" source: "s" share_rules { counter: "green"
    target_percent: 50 mode: SHARE_MODE_STRICT counts_as { min_stage: EMISSION_STAGE_ELECTRIC } } })");
  ShareState s;
  s.counts["green"] = {4, 2};  // 50 %: one more diesel would make 40 %
  const auto truck = diesel(gate::v1::EMISSION_STAGE_CHINA_VI);
  auto d = decide_for(*e, truck, kDate, gate::v1::ALERT_LEVEL_NONE, &s);
  EXPECT_EQ(d.verdict(), kHold);
  EXPECT_EQ(d.rule_id(), "share.green");
  EXPECT_EQ(decide_for(*e, electric(), kDate, gate::v1::ALERT_LEVEL_NONE, &s).verdict(), kPass);
  // In-plant vehicles and exits are not in the population.
  auto in_plant = vehicle(gate::v1::EMISSION_STAGE_CHINA_VI, gate::v1::FUEL_TYPE_DIESEL,
                          gate::v1::VEHICLE_CLASS_IN_PLANT);
  EXPECT_EQ(decide_for(*e, in_plant, kDate, gate::v1::ALERT_LEVEL_NONE, &s).verdict(), kPass);
  auto r = read_of(truck);
  r.set_direction(gate::v1::DIRECTION_OUT);
  DecisionContext ctx{gate::v1::ALERT_LEVEL_NONE, kDate, nullptr, &s};
  EXPECT_EQ(decide(*e, DecisionInput{r, &truck, ctx}).verdict(), kPass);
}

TEST(ShareFamilyTest, CalledTruckUsesItsReservedTurn) {
  auto e = engine(R"(rule_sets { id: "g" source: "s" share_rules { counter: "green"
    target_percent: 50 mode: SHARE_MODE_BUDGET opening_allowance: 0
    counts_as { min_stage: EMISSION_STAGE_ELECTRIC } } })");
  ShareState s;
  s.counts["green"] = {1, 1};  // one green truck: room for one more non-green
  s.reserved = 1;              // … reserved for a called truck
  const auto truck = diesel(gate::v1::EMISSION_STAGE_CHINA_VI);
  const auto r = read_of(truck);
  DecisionContext stranger{gate::v1::ALERT_LEVEL_NONE, kDate, nullptr, &s, false};
  DecisionContext called{gate::v1::ALERT_LEVEL_NONE, kDate, nullptr, &s, true};
  auto d = decide(*e, DecisionInput{r, &truck, stranger});
  EXPECT_EQ(d.verdict(), kHold);
  EXPECT_THAT(d.explanation(), HasSubstr("1 called truck(s) ahead"));
  EXPECT_EQ(decide(*e, DecisionInput{r, &truck, called}).verdict(), kPass);
}

TEST(ShareFamilyTest, ReportModeNeverHoldsButSaysSo) {
  auto e = engine(R"(rule_sets { id: "g" source: "s" share_rules { counter: "green"
    target_percent: 80 mode: SHARE_MODE_REPORT counts_as { min_stage: EMISSION_STAGE_ELECTRIC } } })");
  ShareState s;
  s.counts["green"] = {10, 2};
  auto d = decide_for(*e, diesel(gate::v1::EMISSION_STAGE_CHINA_VI), kDate,
                      gate::v1::ALERT_LEVEL_NONE, &s);
  EXPECT_EQ(d.verdict(), kPass);
  EXPECT_THAT(d.explanation(), HasSubstr("below target 80% (report mode: not held)"));
}

TEST(ShareFamilyTest, EnterpriseModeOverridesThePolicy) {
  auto set = parse_set(R"(id: "t" version: "v1" source: "s" rule_sets { id: "g" source: "s"
    share_rules { counter: "green" target_percent: 80 mode: SHARE_MODE_STRICT
    counts_as { min_stage: EMISSION_STAGE_ELECTRIC } } })");
  auto p = profile("steel", gate::v1::PERFORMANCE_GRADE_B, false);
  p.set_share_mode(gate::v1::SHARE_MODE_REPORT);
  auto e = compile(set, p);
  EXPECT_EQ(decide_for(*e, diesel(gate::v1::EMISSION_STAGE_CHINA_VI), kDate).verdict(), kPass);
}

// ---- exemptions ----

struct ExemptionCase {
  const char* name;
  gate::v1::ExemptionKind kind;
  const char* basis;
  const char* until;
  gate::v1::AlertLevel level;
  Verdict want;
  const char* rule;
};

TEST(ExemptionFamilyTest, WaivesOnlyTheFamiliesThePolicyNamesAndOnlyWithABasis) {
  auto e = engine(R"(rule_sets { id: "x" source: "alert plan"
    stage_rules { vehicle_class: VEHICLE_CLASS_TRANSPORT min_stage: EMISSION_STAGE_CHINA_III }
    alert_rules { level: ALERT_LEVEL_ORANGE vehicle_class: VEHICLE_CLASS_TRANSPORT min_stage: EMISSION_STAGE_CHINA_V }
    exemptions { kind: EXEMPTION_KIND_HAZARDOUS_GOODS waives: RULE_FAMILY_ALERT }
    exemptions { kind: EXEMPTION_KIND_EMERGENCY_SUPPLY waives: RULE_FAMILY_ALERT waives: RULE_FAMILY_STAGE } })");
  const auto orange = gate::v1::ALERT_LEVEL_ORANGE;
  const ExemptionCase cases[] = {
      {"hazardous at orange", gate::v1::EXEMPTION_KIND_HAZARDOUS_GOODS, "permit 1", "", orange,
       kPass, "exemption.hazardous_goods"},
      {"hazardous, no alert: nothing to waive", gate::v1::EXEMPTION_KIND_HAZARDOUS_GOODS,
       "permit 1", "", gate::v1::ALERT_LEVEL_NONE, kPass, "pass.all_rules"},
      {"hazardous without basis", gate::v1::EXEMPTION_KIND_HAZARDOUS_GOODS, "", "", orange, kRefuse,
       "alert.min_stage"},
      {"hazardous valid through today", gate::v1::EXEMPTION_KIND_HAZARDOUS_GOODS, "permit 1",
       "2026-03-01", orange, kPass, "exemption.hazardous_goods"},
      {"hazardous expired yesterday", gate::v1::EXEMPTION_KIND_HAZARDOUS_GOODS, "permit 1",
       "2026-02-28", orange, kRefuse, "alert.min_stage"},
      {"special: kind not in the policy", gate::v1::EXEMPTION_KIND_SPECIAL, "doc", "", orange,
       kRefuse, "alert.min_stage"},
      {"none", gate::v1::EXEMPTION_KIND_UNSPECIFIED, "", "", orange, kRefuse, "alert.min_stage"},
  };
  for (const auto& c : cases) {
    auto v = diesel(gate::v1::EMISSION_STAGE_CHINA_IV);
    v.set_exemption(c.kind);
    v.set_exemption_basis(c.basis);
    v.set_exemption_until(c.until);
    auto d = decide_for(*e, v, kDate, c.level);
    EXPECT_EQ(d.verdict(), c.want) << c.name << ": " << d.explanation();
    EXPECT_EQ(d.rule_id(), c.rule) << c.name << ": " << d.explanation();
  }
  // Stage refusals: hazardous goods do not waive them, emergency supply does.
  auto old = diesel(gate::v1::EMISSION_STAGE_CHINA_II);
  old.set_exemption(gate::v1::EXEMPTION_KIND_HAZARDOUS_GOODS);
  old.set_exemption_basis("permit 2");
  auto d = decide_for(*e, old, kDate, orange);
  EXPECT_EQ(d.rule_id(), kRuleStageByClass);
  EXPECT_THAT(d.explanation(), HasSubstr("hazardous goods exemption does not lift stage rules"));
  old.set_exemption(gate::v1::EXEMPTION_KIND_EMERGENCY_SUPPLY);
  d = decide_for(*e, old, kDate, orange);
  EXPECT_EQ(d.rule_id(), "exemption.emergency_supply");
  EXPECT_THAT(d.explanation(), HasSubstr("basis 'permit 2'"));
  EXPECT_THAT(d.explanation(), HasSubstr("from stage.min_by_class"));
  EXPECT_THAT(d.explanation(), HasSubstr("also waived: alert.min_stage"));
  EXPECT_EQ(d.display_zh(), "保供车辆 豁免放行");
  EXPECT_EQ(d.display_en(), "emergency supply: exempt");
  EXPECT_EQ(d.rule_set_id(), "x");
}

TEST(ExemptionFamilyTest, IdentityIsNeverWaived) {
  auto e = engine(R"(rule_sets { id: "x" source: "s" identity { min_confidence: 0.9 }
    exemptions { kind: EXEMPTION_KIND_SPECIAL waives: RULE_FAMILY_ALERT waives: RULE_FAMILY_STAGE
                 waives: RULE_FAMILY_SHARE waives: RULE_FAMILY_LISTS waives: RULE_FAMILY_MACHINERY } })");
  auto v = diesel(gate::v1::EMISSION_STAGE_CHINA_VI);
  v.set_exemption(gate::v1::EXEMPTION_KIND_SPECIAL);
  v.set_exemption_basis("fire brigade");
  v.set_suspended(true);
  EXPECT_EQ(decide_for(*e, v, kDate).rule_id(), kRuleSuspended);
}

// ---- manual override ----

TEST(ManualOverrideTest, ReleasesRefusedOrHeldTrucksWithOperatorAndReason) {
  auto e = engine(R"(rule_sets { id: "m" source: "s" manual { min_reason_chars: 4 window_s: 300
    not_overridable: "lists." not_overridable: "machinery.fake_registration" } })");
  gate::v1::Decision refused;
  refused.set_verdict(kRefuse);
  refused.set_rule_id("alert.min_stage");
  refused.set_reason(
      "国IV柴油车 橙色预警期间禁止入厂 China IV diesel: no entry during orange alert");
  refused.set_explanation("alert.min_stage: …");
  struct Case {
    const char* name;
    Verdict verdict;
    const char* rule;
    int64_t age_s;
    const char* op;
    const char* reason;
    bool ok;
    const char* error;
  };
  const Case cases[] = {
      {"refused", kRefuse, "alert.min_stage", 10, "王工", "抢修物资进厂", true, ""},
      {"held", kHold, "share.green", 10, "王工", "客户急单 已报备", true, ""},
      {"reason too short", kRefuse, "alert.min_stage", 10, "王工", "急单", false, "at least 4"},
      {"no reason", kRefuse, "alert.min_stage", 10, "王工", "", false, "reason is required"},
      {"no operator", kRefuse, "alert.min_stage", 10, "", "抢修物资进厂", false, "operator"},
      {"too late", kRefuse, "alert.min_stage", 301, "王工", "抢修物资进厂", false, "within 300 s"},
      {"excess list", kRefuse, "lists.excess_emission", 10, "王工", "抢修物资进厂", false,
       "cannot be overridden"},
      {"fake registration", kRefuse, "machinery.fake_registration", 10, "王工", "抢修物资进厂",
       false, "cannot be overridden"},
      {"already passed", kPass, "pass.all_rules", 10, "王工", "抢修物资进厂", false,
       "only a refused or held truck"},
  };
  for (const auto& c : cases) {
    gate::v1::Decision d = refused;
    d.set_verdict(c.verdict);
    d.set_rule_id(c.rule);
    auto m = manual_release(*e, d, kDate, c.age_s, {c.op, c.reason});
    ASSERT_EQ(m.ok(), c.ok) << c.name << ": " << (m.ok() ? "" : m.error());
    if (!c.ok) {
      EXPECT_THAT(m.error(), HasSubstr(c.error)) << c.name;
      continue;
    }
    EXPECT_EQ(m.value().verdict(), gate::v1::VERDICT_MANUAL_PASS) << c.name;
    EXPECT_EQ(m.value().rule_id(), kRuleManualOverride);
    EXPECT_EQ(m.value().operator_id(), c.op);
    EXPECT_EQ(m.value().operator_reason(), c.reason);
    EXPECT_EQ(m.value().display_zh(), "人工放行");
    EXPECT_EQ(m.value().policy_id(), "t");
    EXPECT_THAT(m.value().explanation(), HasSubstr(std::string("refused by ") + c.rule));
    EXPECT_THAT(m.value().explanation(), HasSubstr(c.reason));
  }
}

}  // namespace
}  // namespace gate::rules
