// The audit of the shipped Jiaozuo policy against its five source plans, finding by finding: the
// truck, the plant, the date and alert level, the decision the plan's words require (`now`), and
// the decision the set gave before the audit (`before`, checked against a copy of that set in
// tests/rules/data/), so that every row proves a change the audit made.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "rules/policy_profile.h"
#include "tests/rules/policy_fixtures.h"

namespace gate::rules {
namespace {

using namespace gate::rules::testing;
using gate::v1::EnterpriseProfile;
using gate::v1::Vehicle;
using gate::v1::Verdict;
using ::testing::HasSubstr;

constexpr Verdict kPass = gate::v1::VERDICT_PASS;
constexpr Verdict kRefuse = gate::v1::VERDICT_REFUSE;
constexpr Verdict kHold = gate::v1::VERDICT_HOLD;
constexpr gate::v1::AlertLevel kNone = gate::v1::ALERT_LEVEL_NONE;
constexpr gate::v1::AlertLevel kOrange = gate::v1::ALERT_LEVEL_ORANGE;
constexpr gate::v1::AlertLevel kRed = gate::v1::ALERT_LEVEL_RED;

gate::v1::PolicySet before_audit() {
  std::ifstream in(std::string(GATE_SOURCE_DIR) +
                   "/tests/rules/data/henan-jiaozuo-2025.before-audit.textproto");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_set(ss.str());
}

struct Outcome {
  Verdict verdict;
  std::string rule;  // "" = passed every rule
};

struct Row {
  std::string finding;  // "1a: …" — what the row shows
  EnterpriseProfile plant;
  std::string date;
  gate::v1::AlertLevel alert;
  Vehicle truck;
  ShareState share;
  Outcome now;
  Outcome before;
  std::string now_note = {};  // a text the explanation must carry now
};

ShareState tallies(int64_t green, int64_t other) {
  ShareState s;
  s.counts["green"] = {green + other, green};
  s.counts["grade"] = {green + other, green + other};
  return s;
}

ShareState plenty() {
  return tallies(1000, 0);
}

EnterpriseProfile plant(const std::string& industry, gate::v1::PerformanceGrade grade,
                        bool double_high, const std::string& location = "jiaozuo/wuzhi",
                        const std::function<void(EnterpriseProfile&)>& also = {}) {
  auto p = profile(industry, grade, double_high, location);
  if (also) also(p);
  return p;
}

// A plant in Qinyang, with the facts Qinyang's rules depend on.
EnterpriseProfile qinyang_plant(const std::string& industry, gate::v1::PerformanceGrade grade,
                                gate::v1::Ownership ownership, int freight_kt) {
  return plant(industry, grade, false, "jiaozuo/qinyang", [&](auto& p) {
    p.set_ownership(ownership);
    p.set_annual_freight_kt(freight_kt);
  });
}

Vehicle typed(Vehicle v, const std::string& type) {
  v.set_vehicle_type(type);
  return v;
}

Vehicle machine(gate::v1::EmissionStage s) {
  return vehicle(s, gate::v1::FUEL_TYPE_DIESEL, gate::v1::VEHICLE_CLASS_NON_ROAD_MACHINERY);
}

Vehicle in_plant(gate::v1::EmissionStage s) {
  return vehicle(s, gate::v1::FUEL_TYPE_DIESEL, gate::v1::VEHICLE_CLASS_IN_PLANT);
}

// A plug-in hybrid on its green (new-energy) plate.
Vehicle plug_in_hybrid() {
  auto v = vehicle(gate::v1::EMISSION_STAGE_CHINA_VI, gate::v1::FUEL_TYPE_HYBRID);
  v.set_plate("豫H10001F");
  v.set_plate_color(gate::v1::PLATE_COLOR_YELLOW_GREEN);
  return v;
}

const auto B = gate::v1::PERFORMANCE_GRADE_B;
const auto D = gate::v1::PERFORMANCE_GRADE_D;

std::string rule_text(const Outcome& o) {
  return o.rule.empty() ? kRuleAllPassed : o.rule;
}

void check(const Row& r) {
  const auto now = compile(shipped("henan-jiaozuo-2025.textproto"), r.plant);
  auto d = decide_for(*now, r.truck, r.date, r.alert, &r.share);
  EXPECT_EQ(d.verdict(), r.now.verdict) << r.finding << "\n" << d.explanation();
  EXPECT_EQ(d.rule_id(), rule_text(r.now)) << r.finding << "\n" << d.explanation();
  if (!r.now_note.empty()) {
    EXPECT_THAT(d.explanation(), HasSubstr(r.now_note)) << r.finding;
  }
  // The set before the audit knew no locations, choices or profile facts.
  EnterpriseProfile old_plant = r.plant;
  old_plant.clear_location();
  old_plant.clear_choices();
  old_plant.clear_plug_in_hybrid();
  const auto before = compile(before_audit(), old_plant);
  auto b = decide_for(*before, r.truck, r.date, r.alert, &r.share);
  EXPECT_EQ(b.verdict(), r.before.verdict) << "before: " << r.finding << "\n" << b.explanation();
  EXPECT_EQ(b.rule_id(), rule_text(r.before)) << "before: " << r.finding << "\n" << b.explanation();
}

const Vehicle vi = diesel(gate::v1::EMISSION_STAGE_CHINA_VI);
const Vehicle v5 = diesel(gate::v1::EMISSION_STAGE_CHINA_V);
const Vehicle iv = diesel(gate::v1::EMISSION_STAGE_CHINA_IV);

TEST(PolicyAuditTest, Finding1GreenMilestonesBindAfterTheirDeadlines) {
  const auto key = plant("steel", B, true);
  const auto other = plant("coking", D, false);
  const auto in_month = plant("steel", B, true, "jiaozuo/wuzhi",
                              [](auto& p) { p.add_choices("green-share-reading=in-month"); });
  for (const Row& r : std::vector<Row>{
           // Before: budget mode, allowance 10: 13 others after 10 green exceed 10 x 0.8 + 10 x
           // 0.2.
           {"1a key plant in October: the November target is run up to, reported",
            key,
            "2025-10-15",
            kNone,
            vi,
            tallies(10, 12),
            {kPass, ""},
            {kHold, "share.green"},
            "below target 80% (report mode: not held)"},
           {"1b other plant in November: reported",
            other,
            "2025-11-20",
            kNone,
            v5,
            tallies(10, 20),
            {kPass, ""},
            {kHold, "share.green"}},
           {"1c key plant in December: 80 % binds (the December 90 % is run up to)",
            key,
            "2025-12-15",
            kNone,
            vi,
            tallies(80, 19),
            {kPass, ""},
            {kHold, "share.green"},
            "below target 90% (report mode: not held)"},
           {"1d key plant in January: 90 % binds",
            key,
            "2026-01-10",
            kNone,
            vi,
            tallies(80, 19),
            {kHold, "share.green"},
            {kHold, "share.green"}},
           {"1e the in-month reading, a plant's choice: 80 % during October",
            in_month,
            "2025-10-15",
            kNone,
            vi,
            tallies(10, 12),
            {kHold, "share.green"},
            {kHold, "share.green"}},
       }) {
    check(r);
  }
}

TEST(PolicyAuditTest, Finding2StrictShareIsTheDefaultAndBudgetAPlantsChoice) {
  const auto key = plant("steel", B, true);
  const auto budget = plant("steel", B, true, "jiaozuo/wuzhi",
                            [](auto& p) { p.set_share_mode(gate::v1::SHARE_MODE_BUDGET); });
  for (const Row& r : std::vector<Row>{
           // 50 green, 14 others: one more makes 50 of 65 = 76.9 % against a 90 % target.
           {"2a strict: the day never drops below 90 %",
            key,
            "2026-03-01",
            kNone,
            vi,
            tallies(50, 14),
            {kHold, "share.green"},
            {kPass, ""},
            "strict mode"},
           {"2b strict: no opening allowance for the first truck of the day",
            key,
            "2026-03-01",
            kNone,
            vi,
            tallies(0, 0),
            {kHold, "share.green"},
            {kPass, ""}},
           {"2c budget mode chosen by the plant: 15 others admitted after 50 green (76.9 %)",
            budget,
            "2026-03-01",
            kNone,
            vi,
            tallies(50, 14),
            {kPass, ""},
            {kPass, ""}},
           {"2d budget mode: the 16th is held, and the explanation says which mode decided",
            budget,
            "2026-03-01",
            kNone,
            vi,
            tallies(50, 15),
            {kHold, "share.green"},
            {kHold, "share.green"},
            "budget mode (plant's choice), budget left 0.556 (opening allowance 10)"},
       }) {
    check(r);
  }
}

TEST(PolicyAuditTest, Finding2BudgetRiskIsTheWorstEndOfDayShare) {
  const auto e = compile(shipped("henan-jiaozuo-2025.textproto"),
                         plant("steel", B, true, "jiaozuo/wuzhi",
                               [](auto& p) { p.set_share_mode(gate::v1::SHARE_MODE_BUDGET); }));
  const auto* rules = e->rules_for("2026-03-01");
  ASSERT_NE(rules, nullptr);
  const CompiledShareRule* green = nullptr;
  for (const auto& r : rules->shares) {
    if (r.counter == "green" && r.mode == gate::v1::SHARE_MODE_BUDGET) green = &r;
  }
  ASSERT_NE(green, nullptr);
  // 50 green: budget 10 + 50/9 = 15.6, so 15 others may come: 50 of 65 at worst.
  EXPECT_EQ(non_qualifying_left(*green, {50, 50}, 0), 15);
  EXPECT_NEAR(worst_end_share_percent(*green, {50, 50}, 0), 100.0 * 50 / 65, 1e-9);
  CompiledShareRule strict = *green;
  strict.mode = gate::v1::SHARE_MODE_STRICT;
  EXPECT_EQ(non_qualifying_left(strict, {50, 50}, 0), 5);  // 50 of 55 = 90.9 %
  EXPECT_GE(worst_end_share_percent(strict, {50, 50}, 0), 90.0);
}

TEST(PolicyAuditTest, Finding3KeyIndustriesMustStateDoubleHigh) {
  const auto set = shipped("henan-jiaozuo-2025.textproto");
  for (const char* industry :
       {"coking", "steel", "cement", "coal", "coal-power", "electrolytic-aluminium"}) {
    EnterpriseProfile p;
    p.set_industry(industry);
    p.set_location("jiaozuo/wuzhi");
    const auto issues = profile_issues(set, p);
    ASSERT_EQ(issues.size(), 1u) << industry;
    EXPECT_EQ(issues[0].path, "double_high");
    EXPECT_THAT(issues[0].message, HasSubstr("double_high: true"));
    EXPECT_THAT(issues[0].message, HasSubstr("double_high: false"));
    EXPECT_FALSE(PolicyEngine::Compile(set, p).ok()) << industry;
    // Before the audit the plant silently got the "other" tier.
    EnterpriseProfile old = p;
    old.clear_location();
    EXPECT_TRUE(PolicyEngine::Compile(before_audit(), old).ok()) << industry;
  }
  EnterpriseProfile chemicals;
  chemicals.set_industry("chemicals");
  chemicals.set_location("jiaozuo/wuzhi");
  EXPECT_THAT(profile_issues(set, chemicals), ::testing::IsEmpty());
}

TEST(PolicyAuditTest, Finding4AlertMeasuresHaveSourcesAndExemptions) {
  const auto a = plant("coking", gate::v1::PERFORMANCE_GRADE_A, false);
  const auto b = plant("coking", B, false);
  const auto b_vi_only = plant("coking", B, false, "jiaozuo/wuzhi",
                               [](auto& p) { p.add_choices("red-alert-vi-only=on"); });
  const auto whitelisted =
      plant("coking", B, false, "jiaozuo/wuzhi", [](auto& p) { p.set_guarantee_whitelist(true); });
  for (const Row& r : std::vector<Row>{
           {"4a grade A at red: its own reductions (自主减排), no gate rule",
            a,
            "2026-03-01",
            kRed,
            v5,
            plenty(),
            {kPass, ""},
            {kRefuse, kRuleAlertStage}},
           {"4b grade B at red: the unsourced China VI-only rule is off by default",
            b,
            "2026-03-01",
            kRed,
            v5,
            plenty(),
            {kPass, ""},
            {kRefuse, kRuleAlertStage}},
           {"4c grade B that chose it: China VI only at red",
            b_vi_only,
            "2026-03-01",
            kRed,
            v5,
            plenty(),
            {kRefuse, kRuleAlertStage},
            {kRefuse, kRuleAlertStage}},
           {"4d a plant on the guarantee whitelist: exempt from emergency controls",
            whitelisted,
            "2026-03-01",
            kOrange,
            iv,
            plenty(),
            {kPass, ""},
            {kRefuse, kRuleAlertStage}},
       }) {
    check(r);
  }
}

TEST(PolicyAuditTest, Finding5QinyangDeadlinesBindOnlyQinyangPlants) {
  const auto steel_wuzhi = plant("steel", D, false);
  const auto cement_wuzhi = plant("cement", D, false);
  const auto steel_qinyang = qinyang_plant("steel", D, gate::v1::OWNERSHIP_OTHER, 300);
  for (const Row& r : std::vector<Row>{
           {"5a steel plant in Wuzhi: China VI in-plant vehicle",
            steel_wuzhi,
            "2025-10-15",
            kNone,
            in_plant(gate::v1::EMISSION_STAGE_CHINA_VI),
            plenty(),
            {kPass, ""},
            {kRefuse, kRuleStageByClass}},
           {"5b cement plant in Wuzhi: China III machinery",
            cement_wuzhi,
            "2025-10-15",
            kNone,
            machine(gate::v1::EMISSION_STAGE_CHINA_III),
            plenty(),
            {kPass, ""},
            {kRefuse, kRuleStageByClass}},
           {"5c steel plant in Qinyang: China VI in-plant vehicle refused",
            steel_qinyang,
            "2025-10-15",
            kNone,
            in_plant(gate::v1::EMISSION_STAGE_CHINA_VI),
            plenty(),
            {kRefuse, kRuleStageByClass},
            {kRefuse, kRuleStageByClass}},
       }) {
    check(r);
  }
}

TEST(PolicyAuditTest, Finding6QinyangTargetsForLargeAndStateOwnedPlants) {
  const auto state_owned = qinyang_plant("coking", D, gate::v1::OWNERSHIP_STATE, 300);
  const auto large = qinyang_plant("coking", D, gate::v1::OWNERSHIP_OTHER, 1500);
  for (const Row& r : std::vector<Row>{
           {"6a state-owned plant in 2026: road transport new-energy only",
            state_owned,
            "2026-03-01",
            kNone,
            vi,
            plenty(),
            {kRefuse, kRuleStageByClass},
            {kPass, ""}},
           {"6b plant moving 1.5 Mt a year: in-plant vehicles new-energy",
            large,
            "2026-03-01",
            kNone,
            in_plant(gate::v1::EMISSION_STAGE_CHINA_VI),
            plenty(),
            {kRefuse, kRuleStageByClass},
            {kPass, ""}},
           {"6c plant moving 1.5 Mt a year: the 90 % road target is reported",
            large,
            "2026-03-01",
            kNone,
            vi,
            tallies(80, 20),
            {kPass, ""},
            {kPass, ""},
            "below target 90% (report mode: not held)"},
       }) {
    check(r);
  }
  // A Qinyang plant must state the facts these rules depend on.
  const auto set = shipped("henan-jiaozuo-2025.textproto");
  const auto issues = profile_issues(set, plant("coking", D, false, "jiaozuo/qinyang"));
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].path, "ownership");
  EXPECT_EQ(issues[1].path, "annual_freight_kt");
}

TEST(PolicyAuditTest, Finding7AlertScopeHeavyTrucksAndQinyangMachinery) {
  const auto b = plant("coking", B, false);
  const auto qinyang = qinyang_plant("coking", B, gate::v1::OWNERSHIP_OTHER, 300);
  auto reduce = qinyang;
  reduce.add_choices("alert-machinery=reduce");
  for (const Row& r : std::vector<Row>{
           {"7a orange: a China IV medium truck (N2) is not a heavy truck",
            b,
            "2026-03-01",
            kOrange,
            typed(iv, "N2"),
            plenty(),
            {kPass, ""},
            {kRefuse, kRuleAlertStage}},
           {"7b orange: a China IV heavy truck (N3) is refused",
            b,
            "2026-03-01",
            kOrange,
            typed(iv, "N3"),
            plenty(),
            {kRefuse, kRuleAlertStage},
            {kRefuse, kRuleAlertStage}},
           {"7c Qinyang at orange: combustion machinery stopped",
            qinyang,
            "2026-03-01",
            kOrange,
            machine(gate::v1::EMISSION_STAGE_CHINA_IV),
            plenty(),
            {kRefuse, kRuleAlertStage},
            {kPass, ""}},
           {"7d Qinyang plant that chose to reduce: left to its response plan",
            reduce,
            "2026-03-01",
            kOrange,
            machine(gate::v1::EMISSION_STAGE_CHINA_IV),
            plenty(),
            {kPass, ""},
            {kPass, ""}},
       }) {
    check(r);
  }
}

TEST(PolicyAuditTest, Finding8LocalGradesHybridsForklifts) {
  const auto local_c =
      plant("coking", gate::v1::PERFORMANCE_GRADE_LOCAL_C, false, "jiaozuo/mengzhou");
  const auto hybrids_green = plant("steel", B, true, "jiaozuo/wuzhi", [](auto& p) {
    p.set_plug_in_hybrid(gate::v1::PLUG_IN_HYBRID_COUNTING_GREEN);
  });
  auto forklift = typed(machine(gate::v1::EMISSION_STAGE_CHINA_IV), "forklift-under-3t");
  forklift.set_registration_date("2025-03-01");
  auto old_forklift = forklift;
  old_forklift.set_registration_date("2024-06-01");
  for (const Row& r : std::vector<Row>{
           {"8a local grade C (Mengzhou) at orange: held to the B-and-below measures",
            local_c,
            "2026-03-01",
            kOrange,
            iv,
            plenty(),
            {kRefuse, kRuleAlertStage},
            {kPass, ""}},
           {"8b plug-in hybrids counted as green where the plant chooses so",
            hybrids_green,
            "2026-03-01",
            kNone,
            plug_in_hybrid(),
            tallies(90, 20),
            {kPass, ""},
            {kHold, "share.green"}},
           {"8c a diesel forklift under 3 t registered in 2025",
            plant("coking", D, false),
            "2026-03-01",
            kNone,
            forklift,
            plenty(),
            {kRefuse, kRuleStageByClass},
            {kPass, ""}},
           {"8d a forklift registered before 2025 is not bound",
            plant("coking", D, false),
            "2026-03-01",
            kNone,
            old_forklift,
            plenty(),
            {kPass, ""},
            {kPass, ""}},
       }) {
    check(r);
  }
  // The phase-out set encoded a fleet-scrapping target, not an entry ban: it is gone.
  const auto set = shipped("henan-jiaozuo-2025.textproto");
  for (const auto& rs : set.rule_sets()) {
    EXPECT_EQ(rs.id().find("phase-out"), std::string::npos) << rs.id();
  }
}

}  // namespace
}  // namespace gate::rules
