// The shipped policy sets (rules/policies/) decide as their sources say: each effective date is
// checked on the day before, of and after it, and every alert level × performance grade. The
// findings of the audit against the source plans have their own tables in policy_audit_test.cc.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rules/display_names.h"
#include "rules/policy_validate.h"
#include "tests/rules/policy_fixtures.h"

namespace gate::rules {
namespace {

using namespace gate::rules::testing;
using gate::v1::AlertLevel;
using gate::v1::EmissionStage;
using gate::v1::PerformanceGrade;
using gate::v1::Verdict;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr Verdict kPass = gate::v1::VERDICT_PASS;
constexpr Verdict kRefuse = gate::v1::VERDICT_REFUSE;
constexpr Verdict kHold = gate::v1::VERDICT_HOLD;

const char* kJiaozuo = "henan-jiaozuo-2025.textproto";
const char* kKaifeng = "henan-kaifeng-2025.textproto";
const char* kQinyang = "jiaozuo/qinyang";
const char* kWuzhi = "jiaozuo/wuzhi";  // a Jiaozuo county without county rules of its own

// A plant under the Jiaozuo set, in `location`; Qinyang plants state the facts Qinyang's rules
// depend on (a private plant moving 300 kt a year).
gate::v1::EnterpriseProfile jiaozuo_plant(const std::string& industry, PerformanceGrade grade,
                                          bool double_high, const std::string& location = kWuzhi) {
  auto p = profile(industry, grade, double_high, location);
  if (location == kQinyang) {
    p.set_ownership(gate::v1::OWNERSHIP_OTHER);
    p.set_annual_freight_kt(300);
  }
  return p;
}

// Tallies with plenty of qualifying vehicles: no share rule holds anyone.
ShareState green_day() {
  ShareState s;
  s.counts["green"] = {1000, 1000};
  s.counts["grade"] = {1000, 1000};
  return s;
}

struct Expect {
  Verdict verdict;
  std::string rule;  // rule id, or "" for pass.all_rules
};

void expect_decision(const gate::v1::Decision& d, const Expect& want, const std::string& what) {
  const std::string rule = want.rule.empty() ? kRuleAllPassed : want.rule;
  EXPECT_EQ(d.verdict(), want.verdict) << what << "\n" << d.explanation();
  EXPECT_EQ(d.rule_id(), rule) << what << "\n" << d.explanation();
  EXPECT_FALSE(d.display_zh().empty()) << what;
  EXPECT_FALSE(d.display_en().empty()) << what;
  EXPECT_EQ(d.reason(), d.display_zh() + " " + d.display_en()) << what;
}

TEST(ShippedPoliciesTest, EveryShippedFileValidatesAndNamesItsSources) {
  for (const char* name : {kJiaozuo, kKaifeng}) {
    const auto set = shipped(name);
    EXPECT_THAT(validate_policy_set(set), ::testing::IsEmpty()) << name;
    EXPECT_FALSE(set.version().empty()) << name;
    EXPECT_FALSE(set.source().empty()) << name;
    for (const auto& rs : set.rule_sets()) {
      EXPECT_FALSE(rs.source().empty()) << name << " " << rs.id();
      EXPECT_FALSE(rs.title().empty()) << name << " " << rs.id();
    }
  }
}

TEST(ShippedPoliciesTest, DecisionsNamePolicyRuleSetAndSource) {
  auto e = compile(shipped(kJiaozuo),
                   jiaozuo_plant("steel", gate::v1::PERFORMANCE_GRADE_B, true, kQinyang));
  auto d = decide_for(*e, diesel(gate::v1::EMISSION_STAGE_CHINA_V), "2026-03-01");
  ASSERT_EQ(d.verdict(), kRefuse);
  EXPECT_EQ(d.policy_id(), "henan-jiaozuo-2025");
  EXPECT_EQ(d.policy_version(), shipped(kJiaozuo).version());
  EXPECT_EQ(d.rule_set_id(), "qinyang-steel-cement-transport");
  EXPECT_THAT(d.explanation(), HasSubstr("002 三.3"));
  EXPECT_THAT(d.explanation(),
              HasSubstr("enterprise steel grade B double-high in jiaozuo/qinyang"));
}

TEST(ShippedPoliciesTest, EveryRuleSetSaysWhatItAssumes) {
  // A rule set either follows its clause word for word or lists what it chose.
  const auto set = shipped(kJiaozuo);
  int assumed = 0;
  for (const auto& rs : set.rule_sets()) assumed += rs.assumed_size() > 0;
  EXPECT_GT(assumed, 0);
  for (const auto& rs : set.rule_sets()) {
    if (rs.id().find("green") != std::string::npos) {
      EXPECT_THAT(rs.assumed(), ::testing::Contains(HasSubstr("year 2025"))) << rs.id();
    }
  }
}

// ---- lists: the excess-emission list from 2025-08-01 ----

TEST(ShippedPoliciesTest, ExcessEmissionListFromAugust2025) {
  for (const char* name : {kJiaozuo, kKaifeng}) {
    auto e = compile(shipped(name), profile("coking", gate::v1::PERFORMANCE_GRADE_D, false,
                                            name == kJiaozuo ? kWuzhi : ""));
    auto v = diesel(gate::v1::EMISSION_STAGE_CHINA_VI);
    PlatformLists lists;
    lists.excess_emission.insert(v.plate());
    const std::vector<std::pair<std::string, Expect>> days = {
        {"2025-07-31", {kPass, ""}},
        {"2025-08-01", {kRefuse, kRuleExcessEmission}},
        {"2025-08-02", {kRefuse, kRuleExcessEmission}},
    };
    for (const auto& [date, want] : days) {
      expect_decision(decide_for(*e, v, date, gate::v1::ALERT_LEVEL_NONE, nullptr, &lists), want,
                      std::string(name) + " " + date);
    }
  }
}

TEST(ShippedPoliciesTest, IdentityFamilyIsInForceEveryDay) {
  auto e =
      compile(shipped(kJiaozuo), jiaozuo_plant("coking", gate::v1::PERFORMANCE_GRADE_D, false));
  // A truck the ledger calls electric on an ordinary yellow plate.
  auto v = diesel(gate::v1::EMISSION_STAGE_CHINA_VI);
  v.set_fuel_type(gate::v1::FUEL_TYPE_ELECTRIC);
  v.set_emission_stage(gate::v1::EMISSION_STAGE_ELECTRIC);
  for (const char* date : {"2020-01-01", "2025-06-15", "2030-12-31"}) {
    expect_decision(decide_for(*e, v, date), {kRefuse, kRulePlateColorMismatch}, date);
  }
  auto ok = diesel(gate::v1::EMISSION_STAGE_CHINA_VI);
  auto r = read_of(ok);
  r.set_confidence(0.79);
  DecisionContext ctx{gate::v1::ALERT_LEVEL_NONE, "2025-06-15"};
  EXPECT_EQ(decide(*e, DecisionInput{r, &ok, ctx}).rule_id(), kRuleLowConfidence);
  r.set_confidence(0.8);
  EXPECT_EQ(decide(*e, DecisionInput{r, &ok, ctx}).verdict(), kPass);
}

// ---- green transport (003), deadline reading: 80/50 % in December, 90/70 % from January ----

ShareState tallies(int64_t qualifying, int64_t non_qualifying) {
  ShareState s;
  s.counts["green"] = {qualifying + non_qualifying, qualifying};
  s.counts["grade"] = {qualifying + non_qualifying, qualifying + non_qualifying};
  return s;
}

TEST(ShippedPoliciesTest, GreenShareTargetsByDateForKeyDoubleHighPlants) {
  auto e = compile(shipped(kJiaozuo), jiaozuo_plant("steel", gate::v1::PERFORMANCE_GRADE_B, true));
  // Strict: one more non-green truck is admitted iff q >= (q + n + 1) x r.
  // q = 80, n = 19: 100 x 0.8 = 80 <= 80 admitted at 80 %; at 90 % 90 > 80: held.
  const ShareState at_80 = tallies(80, 19);
  const ShareState over_80 = tallies(80, 20);
  const ShareState at_90 = tallies(90, 9);
  const auto truck = diesel(gate::v1::EMISSION_STAGE_CHINA_VI);  // not green
  const std::vector<std::tuple<std::string, const ShareState*, Expect>> cases = {
      {"2025-09-30", &over_80, {kPass, ""}},  // no green share yet
      {"2025-10-01", &over_80, {kPass, ""}},  // run-up to the November deadline: reported
      {"2025-11-30", &over_80, {kPass, ""}},
      {"2025-12-01", &at_80, {kPass, ""}},  // 80 % from the day after the deadline
      {"2025-12-01", &over_80, {kHold, "share.green"}},
      {"2025-12-31", &over_80, {kHold, "share.green"}},
      {"2025-12-31", &at_80, {kPass, ""}},
      {"2026-01-01", &at_80, {kHold, "share.green"}},  // 90 % after the December deadline
      {"2026-01-01", &at_90, {kPass, ""}},
      {"2026-06-01", &at_80, {kHold, "share.green"}},
  };
  for (const auto& [date, state, want] : cases) {
    expect_decision(decide_for(*e, truck, date, gate::v1::ALERT_LEVEL_NONE, state), want, date);
  }
  // Green trucks are never held, whatever the tallies.
  expect_decision(decide_for(*e, electric(), "2026-01-01", gate::v1::ALERT_LEVEL_NONE, &over_80),
                  {kPass, ""}, "electric");
  auto held = decide_for(*e, truck, "2026-01-01", gate::v1::ALERT_LEVEL_NONE, &at_80);
  EXPECT_EQ(held.rule_set_id(), "jiaozuo-green-key-90");
  EXPECT_EQ(held.display_zh(), "新能源车辆比例不足 请等候");
  EXPECT_EQ(held.display_en(), "new-energy share below 90%: please wait");
  EXPECT_THAT(held.explanation(), HasSubstr("green share 80.81% (80 of 99 released today)"));
  EXPECT_THAT(held.explanation(), HasSubstr("strict mode"));
  // The run-up is tracked and warned about.
  auto runup = decide_for(*e, truck, "2025-10-01", gate::v1::ALERT_LEVEL_NONE, &over_80);
  EXPECT_THAT(runup.explanation(), HasSubstr("below target 80% (report mode: not held)"));
}

TEST(ShippedPoliciesTest, GreenShareTargetsByDateForOtherPlants) {
  auto e =
      compile(shipped(kJiaozuo), jiaozuo_plant("coking", gate::v1::PERFORMANCE_GRADE_D, false));
  // q = 10, n = 9: 20 x 0.5 = 10 <= 10 admitted at 50 %; at 70 %: 14 > 10: held.
  const ShareState at_50 = tallies(10, 9);
  const ShareState over_50 = tallies(10, 10);
  const auto truck = diesel(gate::v1::EMISSION_STAGE_CHINA_V);
  const std::vector<std::tuple<std::string, const ShareState*, Expect>> cases = {
      {"2025-09-30", &over_50, {kPass, ""}},
      {"2025-10-01", &over_50, {kPass, ""}},
      {"2025-11-30", &over_50, {kPass, ""}},
      {"2025-12-01", &at_50, {kPass, ""}},
      {"2025-12-01", &over_50, {kHold, "share.green"}},
      {"2026-01-01", &at_50, {kHold, "share.green"}},
  };
  for (const auto& [date, state, want] : cases) {
    expect_decision(decide_for(*e, truck, date, gate::v1::ALERT_LEVEL_NONE, state), want, date);
  }
}

TEST(ShippedPoliciesTest, KaifengHasNoGreenShare) {
  auto e = compile(shipped(kKaifeng), profile("coking", gate::v1::PERFORMANCE_GRADE_D, false));
  const ShareState s = tallies(0, 500);
  expect_decision(decide_for(*e, diesel(gate::v1::EMISSION_STAGE_CHINA_V), "2025-12-02",
                             gate::v1::ALERT_LEVEL_NONE, &s),
                  {kPass, ""}, "kaifeng");
}

// ---- steel and cement in Qinyang (002 三.3) ----

TEST(ShippedPoliciesTest, QinyangTransportNewEnergyOrChinaVIFromOctober2025) {
  const ShareState s = green_day();
  for (const char* industry : {"steel", "cement"}) {
    auto e = compile(shipped(kJiaozuo),
                     jiaozuo_plant(industry, gate::v1::PERFORMANCE_GRADE_D, false, kQinyang));
    const auto v5 = diesel(gate::v1::EMISSION_STAGE_CHINA_V);
    const auto none = gate::v1::ALERT_LEVEL_NONE;
    expect_decision(decide_for(*e, v5, "2025-09-30", none, &s), {kPass, ""}, industry);
    expect_decision(decide_for(*e, v5, "2025-10-01", none, &s), {kRefuse, kRuleStageByClass},
                    industry);
    expect_decision(decide_for(*e, v5, "2025-10-02", none, &s), {kRefuse, kRuleStageByClass},
                    industry);
    expect_decision(
        decide_for(*e, diesel(gate::v1::EMISSION_STAGE_CHINA_VI), "2025-10-01", none, &s),
        {kPass, ""}, industry);
    expect_decision(decide_for(*e, electric(), "2025-10-01", none, &s), {kPass, ""}, industry);
  }
  // Not for other industries, not elsewhere in Jiaozuo, not in Kaifeng.
  auto coking = compile(shipped(kJiaozuo),
                        jiaozuo_plant("coking", gate::v1::PERFORMANCE_GRADE_D, false, kQinyang));
  expect_decision(decide_for(*coking, diesel(gate::v1::EMISSION_STAGE_CHINA_V), "2025-10-01",
                             gate::v1::ALERT_LEVEL_NONE, &s),
                  {kPass, ""}, "coking");
  auto wuzhi =
      compile(shipped(kJiaozuo), jiaozuo_plant("steel", gate::v1::PERFORMANCE_GRADE_D, false));
  expect_decision(decide_for(*wuzhi, diesel(gate::v1::EMISSION_STAGE_CHINA_V), "2025-10-01",
                             gate::v1::ALERT_LEVEL_NONE, &s),
                  {kPass, ""}, "steel in Wuzhi");
  auto kaifeng = compile(shipped(kKaifeng), profile("steel", gate::v1::PERFORMANCE_GRADE_D, false));
  expect_decision(decide_for(*kaifeng, diesel(gate::v1::EMISSION_STAGE_CHINA_V), "2025-10-01"),
                  {kPass, ""}, "kaifeng steel");
}

TEST(ShippedPoliciesTest, QinyangInPlantChinaVIToleratedUntilSeptember30) {
  auto e = compile(shipped(kJiaozuo),
                   jiaozuo_plant("steel", gate::v1::PERFORMANCE_GRADE_D, false, kQinyang));
  const auto in_plant_vi = vehicle(gate::v1::EMISSION_STAGE_CHINA_VI, gate::v1::FUEL_TYPE_DIESEL,
                                   gate::v1::VEHICLE_CLASS_IN_PLANT);
  const auto in_plant_v = vehicle(gate::v1::EMISSION_STAGE_CHINA_V, gate::v1::FUEL_TYPE_DIESEL,
                                  gate::v1::VEHICLE_CLASS_IN_PLANT);
  const auto in_plant_ev = vehicle(gate::v1::EMISSION_STAGE_ELECTRIC, gate::v1::FUEL_TYPE_ELECTRIC,
                                   gate::v1::VEHICLE_CLASS_IN_PLANT);
  expect_decision(decide_for(*e, in_plant_vi, "2024-12-31"), {kPass, ""}, "before the plan");
  expect_decision(decide_for(*e, in_plant_v, "2025-01-01"), {kRefuse, kRuleStageByClass},
                  "China V in-plant 2025-01-01");
  expect_decision(decide_for(*e, in_plant_vi, "2025-09-29"), {kPass, ""}, "09-29");
  expect_decision(decide_for(*e, in_plant_vi, "2025-09-30"), {kPass, ""}, "09-30");
  auto d = decide_for(*e, in_plant_vi, "2025-10-01");
  expect_decision(d, {kRefuse, kRuleStageByClass}, "10-01");
  EXPECT_EQ(d.display_zh(), "国VI柴油车 厂内车辆须为新能源");
  EXPECT_EQ(d.display_en(), "China VI diesel: new-energy only");
  expect_decision(decide_for(*e, in_plant_vi, "2025-10-02"), {kRefuse, kRuleStageByClass}, "10-02");
  expect_decision(decide_for(*e, in_plant_ev, "2025-10-01"), {kPass, ""}, "electric");
}

TEST(ShippedPoliciesTest, QinyangMachineryChinaIIIToleratedUntilSeptember30) {
  auto e = compile(shipped(kJiaozuo),
                   jiaozuo_plant("cement", gate::v1::PERFORMANCE_GRADE_D, false, kQinyang));
  const auto iii = vehicle(gate::v1::EMISSION_STAGE_CHINA_III, gate::v1::FUEL_TYPE_DIESEL,
                           gate::v1::VEHICLE_CLASS_NON_ROAD_MACHINERY);
  const auto iv = vehicle(gate::v1::EMISSION_STAGE_CHINA_IV, gate::v1::FUEL_TYPE_DIESEL,
                          gate::v1::VEHICLE_CLASS_NON_ROAD_MACHINERY);
  expect_decision(decide_for(*e, iii, "2025-09-29"), {kPass, ""}, "09-29");
  expect_decision(decide_for(*e, iii, "2025-09-30"), {kPass, ""}, "09-30");
  expect_decision(decide_for(*e, iii, "2025-10-01"), {kRefuse, kRuleStageByClass}, "10-01");
  expect_decision(decide_for(*e, iii, "2025-10-02"), {kRefuse, kRuleStageByClass}, "10-02");
  expect_decision(decide_for(*e, iv, "2025-10-01"), {kPass, ""}, "China IV");
  // Coking plants keep the general machinery minimum (China III).
  auto coking = compile(shipped(kJiaozuo),
                        jiaozuo_plant("coking", gate::v1::PERFORMANCE_GRADE_D, false, kQinyang));
  expect_decision(decide_for(*coking, iii, "2025-10-01"), {kPass, ""}, "coking China III");
}

// ---- non-road machinery (000 item 13, Kaifeng item 11) ----

TEST(ShippedPoliciesTest, MachineryRulesFrom2025) {
  for (const char* name : {kJiaozuo, kKaifeng}) {
    auto e = compile(shipped(name), profile("coking", gate::v1::PERFORMANCE_GRADE_D, false,
                                            name == kJiaozuo ? kWuzhi : ""));
    auto m = [](EmissionStage s) {
      return vehicle(s, gate::v1::FUEL_TYPE_DIESEL, gate::v1::VEHICLE_CLASS_NON_ROAD_MACHINERY);
    };
    const auto ii = m(gate::v1::EMISSION_STAGE_CHINA_II);
    expect_decision(decide_for(*e, ii, "2024-12-31"), {kPass, ""}, name);
    expect_decision(decide_for(*e, ii, "2025-01-01"), {kRefuse, kRuleStageByClass}, name);
    expect_decision(decide_for(*e, ii, "2025-01-02"), {kRefuse, kRuleStageByClass}, name);
    auto unregistered = m(gate::v1::EMISSION_STAGE_CHINA_IV);
    unregistered.clear_registration_code();
    unregistered.clear_machinery_registration();
    auto fake = m(gate::v1::EMISSION_STAGE_CHINA_IV);
    fake.set_machinery_registration(gate::v1::MACHINERY_REGISTRATION_FAKE);
    auto no_report = m(gate::v1::EMISSION_STAGE_CHINA_IV);
    no_report.set_test_report_valid_until("2025-05-31");
    auto failed = m(gate::v1::EMISSION_STAGE_CHINA_IV);
    failed.set_positioning(gate::v1::POSITIONING_STATUS_FAILED);
    const std::vector<std::tuple<const gate::v1::Vehicle*, std::string, Expect>> cases = {
        {&unregistered, "2024-12-31", {kPass, ""}},
        {&unregistered, "2025-01-01", {kRefuse, kRuleMachineryUnregistered}},
        {&fake, "2025-01-01", {kRefuse, kRuleMachineryFakeRegistration}},
        {&no_report, "2025-05-31", {kPass, ""}},
        {&no_report, "2025-06-01", {kRefuse, kRuleMachineryTestReport}},
        {&failed, "2025-01-01", {kRefuse, kRuleMachineryPositioning}},
    };
    for (const auto& [v, date, want] : cases) {
      expect_decision(decide_for(*e, *v, date), want, std::string(name) + " " + date);
    }
  }
}

// ---- alert level × performance grade ----

enum class Kind {
  kChinaIVDiesel,
  kChinaIVGas,
  kChinaIVMediumTruck,
  kChinaVDiesel,
  kChinaVIDiesel,
  kElectric,
  kChinaIVHazardous
};

gate::v1::Vehicle make(Kind k) {
  switch (k) {
    case Kind::kChinaIVDiesel:
      return diesel(gate::v1::EMISSION_STAGE_CHINA_IV);
    case Kind::kChinaIVGas:
      return vehicle(gate::v1::EMISSION_STAGE_CHINA_IV, gate::v1::FUEL_TYPE_NATURAL_GAS);
    case Kind::kChinaIVMediumTruck: {
      auto v = diesel(gate::v1::EMISSION_STAGE_CHINA_IV);
      v.set_vehicle_type("N2");
      return v;
    }
    case Kind::kChinaVDiesel:
      return diesel(gate::v1::EMISSION_STAGE_CHINA_V);
    case Kind::kChinaVIDiesel:
      return diesel(gate::v1::EMISSION_STAGE_CHINA_VI);
    case Kind::kElectric:
      return electric();
    case Kind::kChinaIVHazardous: {
      auto v = diesel(gate::v1::EMISSION_STAGE_CHINA_IV);
      v.set_exemption(gate::v1::EXEMPTION_KIND_HAZARDOUS_GOODS);
      v.set_exemption_basis("危运证 豫交运管许可焦字410800000001");
      return v;
    }
  }
  return {};
}

// The table the shipped files encode for a coking plant outside Qinyang, on 2026-03-01, with
// plenty of green trucks that day:
//  - grade A / leading: all transport China V+ (stage rule); alerts are their own measures
//    (自主减排), so no gate alert rule;
//  - other grades (local and ungraded too): orange and above refuse China IV and below heavy
//    trucks (gas included; a truck with no type in the ledger counts as heavy); red adds nothing
//    unless the plant chose it; hazardous goods are exempt from alert rules, not stage rules.
Expect expected(PerformanceGrade g, AlertLevel level, Kind k) {
  const bool a_grade =
      g == gate::v1::PERFORMANCE_GRADE_A || g == gate::v1::PERFORMANCE_GRADE_LEADING;
  const bool heavy_china_iv =
      k == Kind::kChinaIVDiesel || k == Kind::kChinaIVGas || k == Kind::kChinaIVHazardous;
  if (a_grade && (heavy_china_iv || k == Kind::kChinaIVMediumTruck)) {
    return {kRefuse, kRuleStageByClass};
  }

  if (!a_grade && level >= gate::v1::ALERT_LEVEL_ORANGE && heavy_china_iv) {
    if (k == Kind::kChinaIVHazardous) return {kPass, "exemption.hazardous_goods"};
    return {kRefuse, kRuleAlertStage};
  }

  return {kPass, ""};
}

TEST(ShippedPoliciesTest, EveryAlertLevelByEveryGrade) {
  const PerformanceGrade grades[] = {
      gate::v1::PERFORMANCE_GRADE_A,          gate::v1::PERFORMANCE_GRADE_LEADING,
      gate::v1::PERFORMANCE_GRADE_B,          gate::v1::PERFORMANCE_GRADE_B_MINUS,
      gate::v1::PERFORMANCE_GRADE_C,          gate::v1::PERFORMANCE_GRADE_D,
      gate::v1::PERFORMANCE_GRADE_LOCAL_B,    gate::v1::PERFORMANCE_GRADE_LOCAL_C,
      gate::v1::PERFORMANCE_GRADE_UNSPECIFIED};
  const AlertLevel levels[] = {gate::v1::ALERT_LEVEL_NONE, gate::v1::ALERT_LEVEL_YELLOW,
                               gate::v1::ALERT_LEVEL_ORANGE, gate::v1::ALERT_LEVEL_RED};
  const Kind kinds[] = {Kind::kChinaIVDiesel,   Kind::kChinaIVGas,    Kind::kChinaIVMediumTruck,
                        Kind::kChinaVDiesel,    Kind::kChinaVIDiesel, Kind::kElectric,
                        Kind::kChinaIVHazardous};
  const ShareState day = green_day();
  int checked = 0;
  for (const char* name : {kJiaozuo, kKaifeng}) {
    for (PerformanceGrade g : grades) {
      auto e = compile(shipped(name), profile("coking", g, false, name == kJiaozuo ? kWuzhi : ""));
      for (AlertLevel level : levels) {
        for (Kind k : kinds) {
          const auto v = make(k);
          const std::string what = std::string(name) + " grade " + std::string(grade_name(g)) +
                                   " alert " + std::string(alert_name(level)) + " " + v.plate() +
                                   " " + std::string(stage_name(v.emission_stage())) + " " +
                                   std::string(fuel_name(v.fuel_type())) + " " + v.vehicle_type();
          auto d = decide_for(*e, v, "2026-03-01", level, &day);
          expect_decision(d, expected(g, level, k), what);
          if (d.rule_id() == "exemption.hazardous_goods") {
            EXPECT_THAT(d.explanation(), HasSubstr("危运证 豫交运管许可焦字410800000001")) << what;
            EXPECT_THAT(d.explanation(), HasSubstr("from alert.min_stage")) << what;
          }
          ++checked;
        }
      }
    }
  }
  EXPECT_EQ(checked, 2 * 9 * 4 * 7);
}

TEST(ShippedPoliciesTest, AlertRulesTakeEffectOn2025January1) {
  auto e =
      compile(shipped(kJiaozuo), jiaozuo_plant("coking", gate::v1::PERFORMANCE_GRADE_B, false));
  const auto v = diesel(gate::v1::EMISSION_STAGE_CHINA_IV);
  const auto orange = gate::v1::ALERT_LEVEL_ORANGE;
  const ShareState s = green_day();
  expect_decision(decide_for(*e, v, "2024-12-31", orange, &s), {kPass, ""}, "before");
  expect_decision(decide_for(*e, v, "2025-01-01", orange, &s), {kRefuse, kRuleAlertStage}, "of");
  auto d = decide_for(*e, v, "2025-01-02", orange, &s);
  expect_decision(d, {kRefuse, kRuleAlertStage}, "after");
  EXPECT_EQ(d.display_zh(), "国IV柴油车 橙色预警期间禁止入厂");
  EXPECT_EQ(d.display_en(), "China IV diesel: no entry during orange alert");
}

// ---- 2020-guide grade shares ----

TEST(ShippedPoliciesTest, GradeSharesByGrade) {
  const auto iv = diesel(gate::v1::EMISSION_STAGE_CHINA_IV);
  const auto iii = diesel(gate::v1::EMISSION_STAGE_CHINA_III);
  // 100 released, 70 of them China V+: under B (80 %, strict) a China IV truck needs
  // 101 x 0.8 = 80.8 <= 70: no; under C (50 %) 50.5 <= 70: yes.
  ShareState s;
  s.counts["grade"] = {100, 70};
  s.counts["green"] = {100, 100};
  auto b =
      compile(shipped(kJiaozuo), jiaozuo_plant("coking", gate::v1::PERFORMANCE_GRADE_B, false));
  expect_decision(decide_for(*b, iv, "2026-03-01", gate::v1::ALERT_LEVEL_NONE, &s),
                  {kHold, "share.grade"}, "B");
  expect_decision(decide_for(*b, iii, "2026-03-01"), {kRefuse, kRuleStageByClass},
                  "B: the rest China IV");
  auto d = decide_for(*b, iv, "2026-03-01", gate::v1::ALERT_LEVEL_NONE, &s);
  EXPECT_EQ(d.display_zh(), "国V及以上车辆比例不足 请等候");
  auto c =
      compile(shipped(kJiaozuo), jiaozuo_plant("coking", gate::v1::PERFORMANCE_GRADE_C, false));
  expect_decision(decide_for(*c, iv, "2026-03-01", gate::v1::ALERT_LEVEL_NONE, &s), {kPass, ""},
                  "C at 70 % > 50 %");
  expect_decision(decide_for(*c, iii, "2026-03-01", gate::v1::ALERT_LEVEL_NONE, &s), {kPass, ""},
                  "C has no stage rule");
  auto dg =
      compile(shipped(kJiaozuo), jiaozuo_plant("coking", gate::v1::PERFORMANCE_GRADE_D, false));
  ShareState none_v;
  none_v.counts["grade"] = {100, 0};
  none_v.counts["green"] = {100, 100};
  expect_decision(decide_for(*dg, iv, "2026-03-01", gate::v1::ALERT_LEVEL_NONE, &none_v),
                  {kPass, ""}, "D: no requirement");
}

}  // namespace
}  // namespace gate::rules
