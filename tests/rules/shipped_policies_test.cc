// The shipped policy sets (rules/policies/) decide as their sources say: each effective date is
// checked on the day before, of and after it, and every alert level × performance grade.
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
  auto e = compile(shipped(kJiaozuo), profile("steel", gate::v1::PERFORMANCE_GRADE_B, true));
  auto d = decide_for(*e, diesel(gate::v1::EMISSION_STAGE_CHINA_V), "2026-03-01");
  ASSERT_EQ(d.verdict(), kRefuse);
  EXPECT_EQ(d.policy_id(), "henan-jiaozuo-2025");
  EXPECT_EQ(d.policy_version(), shipped(kJiaozuo).version());
  EXPECT_EQ(d.rule_set_id(), "qinyang-steel-cement-transport");
  EXPECT_THAT(d.explanation(), HasSubstr("Qinyang steel/cement transport rules 2025"));
  EXPECT_THAT(d.explanation(), HasSubstr("enterprise steel grade B double-high"));
}

// ---- lists: the excess-emission list from 2025-08-01 ----

TEST(ShippedPoliciesTest, ExcessEmissionListFromAugust2025) {
  for (const char* name : {kJiaozuo, kKaifeng}) {
    auto e = compile(shipped(name), profile("coking", gate::v1::PERFORMANCE_GRADE_D, false));
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
  auto e = compile(shipped(kJiaozuo), profile("coking", gate::v1::PERFORMANCE_GRADE_D, false));
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

// ---- green transport (Jiaozuo draft): 80/50 % until 2025-11-30, 90/70 % from 2025-12-01 ----

// Tallies where one more non-green truck fits a `low` % budget exactly but not a `high` % one
// (opening allowance 10): budget admits iff (n + 1) * r <= 10 * r + q * (1 - r).
ShareState tallies(int64_t qualifying, int64_t non_qualifying) {
  ShareState s;
  s.counts["green"] = {qualifying + non_qualifying, qualifying};
  s.counts["grade"] = {qualifying + non_qualifying, qualifying + non_qualifying};
  return s;
}

TEST(ShippedPoliciesTest, GreenShareTargetsByDateForKeyDoubleHighPlants) {
  auto e = compile(shipped(kJiaozuo), profile("steel", gate::v1::PERFORMANCE_GRADE_B, true));
  // q = 80, n = 29: at 80 % (29 + 1) x 0.8 = 24 <= 10 x 0.8 + 80 x 0.2 = 24: admitted exactly;
  // at 90 %: 27 > 9 + 8 = 17: held.
  const ShareState at_edge = tallies(80, 29);
  const ShareState one_more = tallies(80, 30);
  const auto truck = diesel(gate::v1::EMISSION_STAGE_CHINA_VI);  // not green, meets Qinyang
  const std::vector<std::tuple<std::string, const ShareState*, Expect>> cases = {
      {"2025-09-30", &one_more, {kPass, ""}},  // before the draft: no green share
      {"2025-10-01", &at_edge, {kPass, ""}},
      {"2025-10-01", &one_more, {kHold, "share.green"}},
      {"2025-10-02", &one_more, {kHold, "share.green"}},
      {"2025-11-29", &at_edge, {kPass, ""}},
      {"2025-11-30", &at_edge, {kPass, ""}},
      {"2025-12-01", &at_edge, {kHold, "share.green"}},
      {"2025-12-02", &at_edge, {kHold, "share.green"}},
      {"2026-06-01", &at_edge, {kHold, "share.green"}},
  };
  for (const auto& [date, state, want] : cases) {
    expect_decision(decide_for(*e, truck, date, gate::v1::ALERT_LEVEL_NONE, state), want, date);
  }
  // Green trucks are never held, whatever the tallies.
  expect_decision(decide_for(*e, electric(), "2025-12-01", gate::v1::ALERT_LEVEL_NONE, &one_more),
                  {kPass, ""}, "electric");
  auto held = decide_for(*e, truck, "2025-12-01", gate::v1::ALERT_LEVEL_NONE, &at_edge);
  EXPECT_EQ(held.rule_set_id(), "jiaozuo-green-2025-12-key");
  EXPECT_EQ(held.display_zh(), "新能源车辆比例不足 请等候");
  EXPECT_EQ(held.display_en(), "new-energy share below 90%: please wait");
  EXPECT_THAT(held.explanation(), HasSubstr("green share 73.39% (80 of 109 released today)"));
}

TEST(ShippedPoliciesTest, GreenShareTargetsByDateForOtherPlants) {
  auto e = compile(shipped(kJiaozuo), profile("coking", gate::v1::PERFORMANCE_GRADE_D, false));
  // q = 10, n = 19: at 50 % 20 x 0.5 = 10 <= 5 + 5: admitted; at 70 %: 14 > 7 + 3: held.
  const ShareState at_edge = tallies(10, 19);
  const ShareState one_more = tallies(10, 20);
  const auto truck = diesel(gate::v1::EMISSION_STAGE_CHINA_V);
  const std::vector<std::tuple<std::string, const ShareState*, Expect>> cases = {
      {"2025-09-30", &one_more, {kPass, ""}},
      {"2025-10-01", &at_edge, {kPass, ""}},
      {"2025-10-01", &one_more, {kHold, "share.green"}},
      {"2025-11-30", &at_edge, {kPass, ""}},
      {"2025-12-01", &at_edge, {kHold, "share.green"}},
      {"2025-12-02", &at_edge, {kHold, "share.green"}},
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

// ---- steel and cement (Qinyang) ----

TEST(ShippedPoliciesTest, QinyangTransportNewEnergyOrChinaVIFrom2025) {
  for (const char* industry : {"steel", "cement"}) {
    auto e = compile(shipped(kJiaozuo), profile(industry, gate::v1::PERFORMANCE_GRADE_D, false));
    const auto v5 = diesel(gate::v1::EMISSION_STAGE_CHINA_V);
    expect_decision(decide_for(*e, v5, "2024-12-31"), {kPass, ""}, industry);
    expect_decision(decide_for(*e, v5, "2025-01-01"), {kRefuse, kRuleStageByClass}, industry);
    expect_decision(decide_for(*e, v5, "2025-01-02"), {kRefuse, kRuleStageByClass}, industry);
    expect_decision(decide_for(*e, diesel(gate::v1::EMISSION_STAGE_CHINA_VI), "2025-01-01"),
                    {kPass, ""}, industry);
    expect_decision(decide_for(*e, electric(), "2025-01-01"), {kPass, ""}, industry);
  }
  // Not for other industries.
  auto coking = compile(shipped(kJiaozuo), profile("coking", gate::v1::PERFORMANCE_GRADE_D, false));
  expect_decision(decide_for(*coking, diesel(gate::v1::EMISSION_STAGE_CHINA_V), "2025-06-01"),
                  {kPass, ""}, "coking");
  // Not in Kaifeng.
  auto kaifeng = compile(shipped(kKaifeng), profile("steel", gate::v1::PERFORMANCE_GRADE_D, false));
  expect_decision(decide_for(*kaifeng, diesel(gate::v1::EMISSION_STAGE_CHINA_V), "2025-06-01"),
                  {kPass, ""}, "kaifeng steel");
}

TEST(ShippedPoliciesTest, QinyangInPlantChinaVIToleratedUntilSeptember30) {
  auto e = compile(shipped(kJiaozuo), profile("steel", gate::v1::PERFORMANCE_GRADE_D, false));
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
  auto e = compile(shipped(kJiaozuo), profile("cement", gate::v1::PERFORMANCE_GRADE_D, false));
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
  auto coking = compile(shipped(kJiaozuo), profile("coking", gate::v1::PERFORMANCE_GRADE_D, false));
  expect_decision(decide_for(*coking, iii, "2025-10-01"), {kPass, ""}, "coking China III");
}

TEST(ShippedPoliciesTest, QinyangPhaseOutTakesEffectOn2026January1) {
  auto e = compile(shipped(kJiaozuo), profile("steel", gate::v1::PERFORMANCE_GRADE_D, false));
  auto in_force = [&](const char* date) {
    std::vector<std::string> ids;
    for (auto i : e->rules_for(date)->rule_sets) ids.push_back(e->rule_set(i).id());
    return ids;
  };
  using ::testing::Contains;
  EXPECT_THAT(in_force("2025-12-31"), Not(Contains("qinyang-phase-out-2026")));
  EXPECT_THAT(in_force("2026-01-01"), Contains("qinyang-phase-out-2026"));
  EXPECT_THAT(in_force("2026-01-02"), Contains("qinyang-phase-out-2026"));
  // The phase-out's thresholds are among those a China VI truck is checked against from then on.
  const auto vi = diesel(gate::v1::EMISSION_STAGE_CHINA_VI);
  EXPECT_THAT(decide_for(*e, vi, "2025-12-31").explanation(),
              Not(HasSubstr("China V (diesel/natural gas only)")));
  EXPECT_THAT(decide_for(*e, vi, "2026-01-01").explanation(),
              HasSubstr("class minimum China V (diesel/natural gas only)"));
  EXPECT_THAT(decide_for(*e, vi, "2026-01-02").explanation(),
              HasSubstr("class minimum China V (diesel/natural gas only)"));
}

// ---- non-road machinery (Jiaozuo and Kaifeng) ----

TEST(ShippedPoliciesTest, MachineryRulesFrom2025) {
  for (const char* name : {kJiaozuo, kKaifeng}) {
    auto e = compile(shipped(name), profile("coking", gate::v1::PERFORMANCE_GRADE_D, false));
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

// The table the shipped files encode for a coking plant (no Qinyang rules), on 2026-03-01:
//  - grade A / leading: all transport China V+ (stage rule); red: China VI and new-energy only;
//  - other grades: orange refuses China IV and below (gas included), red admits China VI and
//    new-energy only; hazardous goods are exempt from the alert rules (not from stage rules).
Expect expected(PerformanceGrade g, AlertLevel level, Kind k) {
  const bool a_grade =
      g == gate::v1::PERFORMANCE_GRADE_A || g == gate::v1::PERFORMANCE_GRADE_LEADING;
  const bool china_iv =
      k == Kind::kChinaIVDiesel || k == Kind::kChinaIVGas || k == Kind::kChinaIVHazardous;
  if (a_grade && china_iv) return {kRefuse, kRuleStageByClass};
  const bool orange_bans = !a_grade && level >= gate::v1::ALERT_LEVEL_ORANGE && china_iv;
  const bool red_bans =
      level == gate::v1::ALERT_LEVEL_RED && (china_iv || k == Kind::kChinaVDiesel);
  if (orange_bans || red_bans) {
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
      gate::v1::PERFORMANCE_GRADE_UNSPECIFIED};
  const AlertLevel levels[] = {gate::v1::ALERT_LEVEL_NONE, gate::v1::ALERT_LEVEL_YELLOW,
                               gate::v1::ALERT_LEVEL_ORANGE, gate::v1::ALERT_LEVEL_RED};
  const Kind kinds[] = {Kind::kChinaIVDiesel, Kind::kChinaIVGas, Kind::kChinaVDiesel,
                        Kind::kChinaVIDiesel, Kind::kElectric,   Kind::kChinaIVHazardous};
  int checked = 0;
  for (const char* name : {kJiaozuo, kKaifeng}) {
    for (PerformanceGrade g : grades) {
      auto e = compile(shipped(name), profile("coking", g, false));
      for (AlertLevel level : levels) {
        for (Kind k : kinds) {
          const auto v = make(k);
          const std::string what = std::string(name) + " grade " + std::string(grade_name(g)) +
                                   " alert " + std::string(alert_name(level)) + " " + v.plate() +
                                   " " + std::string(stage_name(v.emission_stage())) + " " +
                                   std::string(fuel_name(v.fuel_type()));
          auto d = decide_for(*e, v, "2026-03-01", level);
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
  EXPECT_EQ(checked, 2 * 7 * 4 * 6);
}

TEST(ShippedPoliciesTest, AlertRulesTakeEffectOn2025January1) {
  auto e = compile(shipped(kJiaozuo), profile("coking", gate::v1::PERFORMANCE_GRADE_B, false));
  const auto v = diesel(gate::v1::EMISSION_STAGE_CHINA_V);
  expect_decision(decide_for(*e, v, "2024-12-31", gate::v1::ALERT_LEVEL_RED), {kPass, ""},
                  "before");
  expect_decision(decide_for(*e, v, "2025-01-01", gate::v1::ALERT_LEVEL_RED),
                  {kRefuse, kRuleAlertStage}, "of");
  expect_decision(decide_for(*e, v, "2025-01-02", gate::v1::ALERT_LEVEL_RED),
                  {kRefuse, kRuleAlertStage}, "after");
  auto d = decide_for(*e, diesel(gate::v1::EMISSION_STAGE_CHINA_IV), "2025-01-01",
                      gate::v1::ALERT_LEVEL_ORANGE);
  EXPECT_EQ(d.display_zh(), "国IV柴油车 橙色预警期间禁止入厂");
  EXPECT_EQ(d.display_en(), "China IV diesel: no entry during orange alert");
}

// ---- 2020-guide grade shares ----

TEST(ShippedPoliciesTest, GradeSharesByGrade) {
  const auto iv = diesel(gate::v1::EMISSION_STAGE_CHINA_IV);
  const auto iii = diesel(gate::v1::EMISSION_STAGE_CHINA_III);
  // 100 released, 70 of them China V+: under B (80 %, allowance 5) a China IV truck needs
  // 31 x 0.8 = 24.8 <= 5 x 0.8 + 70 x 0.2 = 18: no; under C (50 %) 15.5 <= 2.5 + 35: yes.
  ShareState s;
  s.counts["grade"] = {100, 70};
  s.counts["green"] = {100, 100};
  auto b = compile(shipped(kJiaozuo), profile("coking", gate::v1::PERFORMANCE_GRADE_B, false));
  expect_decision(decide_for(*b, iv, "2026-03-01", gate::v1::ALERT_LEVEL_NONE, &s),
                  {kHold, "share.grade"}, "B");
  expect_decision(decide_for(*b, iii, "2026-03-01"), {kRefuse, kRuleStageByClass},
                  "B: the rest China IV");
  auto d = decide_for(*b, iv, "2026-03-01", gate::v1::ALERT_LEVEL_NONE, &s);
  EXPECT_EQ(d.display_zh(), "国V及以上车辆比例不足 请等候");
  auto c = compile(shipped(kJiaozuo), profile("coking", gate::v1::PERFORMANCE_GRADE_C, false));
  expect_decision(decide_for(*c, iv, "2026-03-01", gate::v1::ALERT_LEVEL_NONE, &s), {kPass, ""},
                  "C at 70 % > 50 %");
  expect_decision(decide_for(*c, iii, "2026-03-01"), {kPass, ""}, "C has no stage rule");
  auto dg = compile(shipped(kJiaozuo), profile("coking", gate::v1::PERFORMANCE_GRADE_D, false));
  ShareState none_v;
  none_v.counts["grade"] = {100, 0};
  none_v.counts["green"] = {100, 100};
  expect_decision(decide_for(*dg, iv, "2026-03-01", gate::v1::ALERT_LEVEL_NONE, &none_v),
                  {kPass, ""}, "D: no requirement");
}

}  // namespace
}  // namespace gate::rules
