// Compiling policy sets: validation, applicability, the per-date index and its boundaries.
#include "rules/policy_engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <climits>
#include <string>
#include <vector>

#include "rules/local_date.h"
#include "rules/policy_validate.h"
#include "tests/rules/policy_fixtures.h"

namespace gate::rules {
namespace {

using namespace gate::rules::testing;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> ids_on(const PolicyEngine& e, const char* date) {
  std::vector<std::string> out;
  const ActiveRules* r = e.rules_for(date);
  if (r == nullptr) return {"<none>"};
  for (auto i : r->rule_sets) out.push_back(e.rule_set(i).id());
  return out;
}

TEST(LocalDateTest, ParsesValidDatesOnly) {
  EXPECT_EQ(parse_date("1970-01-01"), 0);
  EXPECT_EQ(parse_date("1970-01-02"), 1);
  EXPECT_EQ(parse_date("1969-12-31"), -1);
  EXPECT_EQ(*parse_date("2026-03-01") - *parse_date("2026-02-28"), 1);
  EXPECT_EQ(*parse_date("2024-03-01") - *parse_date("2024-02-28"), 2);  // leap year
  for (const char* bad : {"", "2026-02-29", "2025-13-01", "2025-00-10", "2025-04-31", "25-01-01",
                          "2025/01/01", "2025-1-01", "2025-01-01 "}) {
    EXPECT_FALSE(parse_date(bad).has_value()) << bad;
  }
  for (const char* d : {"2000-02-29", "1999-12-31", "2025-11-30", "2100-03-01"}) {
    EXPECT_EQ(format_date(*parse_date(d)), d);
  }
}

TEST(PolicyEngineTest, CutsTheCalendarAtEveryEffectiveDate) {
  auto e = compile(parse_set(R"(id: "t" version: "1" source: "s"
    rule_sets { id: "always" source: "s" }
    rule_sets { id: "nov" source: "s" effective { from: "2025-10-01" until: "2025-11-30" } }
    rule_sets { id: "dec" source: "s" effective { from: "2025-12-01" } }
    rule_sets { id: "q3" source: "s" effective { until: "2025-09-30" } })"),
                   profile("steel", gate::v1::PERFORMANCE_GRADE_B, false));
  EXPECT_TRUE(e->dated());
  ASSERT_EQ(e->segments().size(), 3u);  // cuts at 10-01 and 12-01 (09-30 + 1 = 10-01)
  EXPECT_EQ(e->segments()[0].first_day, INT_MIN);
  EXPECT_EQ(e->segments()[2].last_day, INT_MAX);
  EXPECT_THAT(ids_on(*e, "2000-01-01"), ElementsAre("always", "q3"));
  EXPECT_THAT(ids_on(*e, "2025-09-30"), ElementsAre("always", "q3"));
  EXPECT_THAT(ids_on(*e, "2025-10-01"), ElementsAre("always", "nov"));
  EXPECT_THAT(ids_on(*e, "2025-11-30"), ElementsAre("always", "nov"));
  EXPECT_THAT(ids_on(*e, "2025-12-01"), ElementsAre("always", "dec"));
  EXPECT_THAT(ids_on(*e, "2099-12-31"), ElementsAre("always", "dec"));
  EXPECT_EQ(e->rules_for("not a date"), nullptr);
}

TEST(PolicyEngineTest, UndatedPolicyAnswersForAnyDate) {
  auto e =
      compile(parse_set(R"(id: "t" version: "1" source: "s" rule_sets { id: "a" source: "s" })"),
              profile("steel", gate::v1::PERFORMANCE_GRADE_B, false));
  EXPECT_FALSE(e->dated());
  EXPECT_THAT(ids_on(*e, ""), ElementsAre("a"));
  EXPECT_THAT(ids_on(*e, "garbage"), ElementsAre("a"));
}

TEST(PolicyEngineTest, ApplicabilityByIndustryGradeAndDoubleHigh) {
  auto set = parse_set(R"(id: "t" version: "1" source: "s"
    rule_sets { id: "steel" source: "s" applies_to { industries: "steel" industries: "cement" } }
    rule_sets { id: "ab" source: "s" applies_to { grades: PERFORMANCE_GRADE_A grades: PERFORMANCE_GRADE_B } }
    rule_sets { id: "ungraded" source: "s" applies_to { grades: PERFORMANCE_GRADE_UNSPECIFIED } }
    rule_sets { id: "key" source: "s" applies_to { double_high: DOUBLE_HIGH_SCOPE_ONLY_DOUBLE_HIGH } }
    rule_sets { id: "other" source: "s" applies_to { double_high: DOUBLE_HIGH_SCOPE_ONLY_OTHER } })");
  struct Case {
    gate::v1::EnterpriseProfile p;
    std::vector<std::string> want;
  };
  const std::vector<Case> cases = {
      {profile("steel", gate::v1::PERFORMANCE_GRADE_A, true), {"steel", "ab", "key"}},
      {profile("cement", gate::v1::PERFORMANCE_GRADE_C, false), {"steel", "other"}},
      {profile("coking", gate::v1::PERFORMANCE_GRADE_B, false), {"ab", "other"}},
      {profile("coking", gate::v1::PERFORMANCE_GRADE_UNSPECIFIED, true), {"ungraded", "key"}},
  };
  for (const auto& c : cases) {
    auto e = compile(set, c.p);
    std::vector<std::string> got;
    for (auto i : e->applicable()) got.push_back(e->rule_set(i).id());
    EXPECT_EQ(got, c.want) << c.p.ShortDebugString();
    EXPECT_EQ(e->applicable().size() + e->not_applicable().size(), 5u);
  }
  auto e = compile(set, profile("coking", gate::v1::PERFORMANCE_GRADE_C, false));
  ASSERT_FALSE(e->not_applicable().empty());
  EXPECT_EQ(e->not_applicable()[0].second, "industry 'coking' not in [steel, cement]");
}

TEST(PolicyEngineTest, MergesTheRuleSetsInForce) {
  auto e = compile(parse_set(R"(id: "t" version: "1" source: "s"
    rule_sets { id: "a" source: "s" identity { min_confidence: 0.7 plate_color_check: PLATE_COLOR_CHECK_FLAG }
      alert_rules { level: ALERT_LEVEL_YELLOW vehicle_class: VEHICLE_CLASS_TRANSPORT min_stage: EMISSION_STAGE_CHINA_IV }
      manual { min_reason_chars: 2 not_overridable: "lists." } }
    rule_sets { id: "b" source: "s" identity { min_confidence: 0.8 plate_color_check: PLATE_COLOR_CHECK_REFUSE }
      alert_rules { level: ALERT_LEVEL_RED vehicle_class: VEHICLE_CLASS_TRANSPORT min_stage: EMISSION_STAGE_CHINA_VI }
      exemptions { kind: EXEMPTION_KIND_SPECIAL waives: RULE_FAMILY_ALERT }
      manual { min_reason_chars: 5 window_s: 60 } })"),
                   profile("steel", gate::v1::PERFORMANCE_GRADE_B, false));
  const ActiveRules& r = *e->rules_for("");
  EXPECT_DOUBLE_EQ(r.min_confidence, 0.8);
  EXPECT_EQ(e->rule_set(r.min_confidence_from).id(), "b");
  EXPECT_EQ(r.color_check, gate::v1::PLATE_COLOR_CHECK_REFUSE);
  const auto t = gate::v1::VEHICLE_CLASS_TRANSPORT;
  EXPECT_TRUE(r.alert[gate::v1::ALERT_LEVEL_NONE][t].empty());
  EXPECT_EQ(r.alert[gate::v1::ALERT_LEVEL_YELLOW][t].size(), 1u);
  EXPECT_EQ(r.alert[gate::v1::ALERT_LEVEL_ORANGE][t].size(), 1u);
  EXPECT_EQ(r.alert[gate::v1::ALERT_LEVEL_RED][t].size(), 2u);  // cumulative
  EXPECT_EQ(r.exemptions[gate::v1::EXEMPTION_KIND_SPECIAL].waives,
            1u << gate::v1::RULE_FAMILY_ALERT);
  EXPECT_EQ(r.min_reason_chars, 5);
  EXPECT_EQ(r.manual_window_s, 60);
  EXPECT_THAT(r.not_overridable, ElementsAre("lists."));
}

TEST(PolicyEngineTest, CompileRefusesAnInvalidSetListingEveryIssue) {
  auto bad = parse_set(R"(id: "t" version: "" source: "s"
    rule_sets { id: "a" source: "" effective { from: "2025-13-01" } })");
  auto e = PolicyEngine::Compile(bad, profile("steel", gate::v1::PERFORMANCE_GRADE_B, false));
  ASSERT_FALSE(e.ok());
  EXPECT_THAT(e.error(), HasSubstr("version: version is required"));
  EXPECT_THAT(e.error(), HasSubstr("rule_sets[0].source: source is required"));
  EXPECT_THAT(e.error(), HasSubstr("rule_sets[0].effective.from: '2025-13-01' is not a date"));
}

TEST(PolicyEngineTest, InlinePolicyBecomesOneUndatedRuleSet) {
  gate::v1::Policy p;
  p.set_version("inline-1");
  p.set_min_confidence(0.6);
  auto* r = p.add_stage_rules();
  r->set_vehicle_class(gate::v1::VEHICLE_CLASS_TRANSPORT);
  r->set_min_stage(gate::v1::EMISSION_STAGE_CHINA_V);
  auto e = PolicyEngine::FromInline(p);
  EXPECT_EQ(e->version(), "inline-1");
  EXPECT_EQ(e->id(), "inline");
  EXPECT_FALSE(e->dated());
  EXPECT_DOUBLE_EQ(e->rules_for("")->min_confidence, 0.6);
  EXPECT_EQ(e->rules_for("")->stage[gate::v1::VEHICLE_CLASS_TRANSPORT].size(), 1u);
}

struct IssueCase {
  const char* name;
  const char* text;
  const char* path;
  const char* message;
};

TEST(PolicyValidateTest, NamesTheFieldAndWhatToWrite) {
  const std::string head = R"(id: "t" version: "1" source: "s" )";
  const IssueCase cases[] = {
      {"id", R"(id: "Bad Id" version: "1" source: "s" rule_sets { id: "a" source: "s" })", "id",
       "lower-case"},
      {"no rule sets", R"(id: "t" version: "1" source: "s")", "rule_sets", "at least one"},
      {"duplicate id", R"(rule_sets { id: "a" source: "s" } rule_sets { id: "a" source: "s" })",
       "rule_sets[1].id", "used twice"},
      {"until before from",
       R"(rule_sets { id: "a" source: "s" effective { from: "2025-12-01" until: "2025-11-30" } })",
       "rule_sets[0].effective.until", "before from"},
      {"confidence", R"(rule_sets { id: "a" source: "s" identity { min_confidence: 1.5 } })",
       "rule_sets[0].identity.min_confidence", "between 0 and 1"},
      {"stage class",
       R"(rule_sets { id: "a" source: "s" stage_rules { min_stage: EMISSION_STAGE_CHINA_V } })",
       "rule_sets[0].stage_rules[0].vehicle_class", "vehicle_class is required"},
      {"alert level",
       R"(rule_sets { id: "a" source: "s" alert_rules { vehicle_class: VEHICLE_CLASS_TRANSPORT min_stage: EMISSION_STAGE_CHINA_V } })",
       "rule_sets[0].alert_rules[0].level", "level is required"},
      {"target",
       R"(rule_sets { id: "a" source: "s" share_rules { counter: "g" target_percent: 101 mode: SHARE_MODE_STRICT counts_as { min_stage: EMISSION_STAGE_ELECTRIC } } })",
       "rule_sets[0].share_rules[0].target_percent", "0..100"},
      {"target decimals",
       R"(rule_sets { id: "a" source: "s" share_rules { counter: "g" target_percent: 80.125 mode: SHARE_MODE_STRICT counts_as { min_stage: EMISSION_STAGE_ELECTRIC } } })",
       "rule_sets[0].share_rules[0].target_percent", "two decimals"},
      {"share mode",
       R"(rule_sets { id: "a" source: "s" share_rules { counter: "g" target_percent: 80 counts_as { min_stage: EMISSION_STAGE_ELECTRIC } } })",
       "rule_sets[0].share_rules[0].mode", "mode is required"},
      {"counts as",
       R"(rule_sets { id: "a" source: "s" share_rules { counter: "g" target_percent: 80 mode: SHARE_MODE_BUDGET } })",
       "rule_sets[0].share_rules[0].counts_as", "counts_as"},
      {"waive identity",
       R"(rule_sets { id: "a" source: "s" exemptions { kind: EXEMPTION_KIND_SPECIAL waives: RULE_FAMILY_IDENTITY } })",
       "rule_sets[0].exemptions[0].waives[0]", "cannot be waived"},
      {"day start", R"(share { day_start_minute: 1440 } rule_sets { id: "a" source: "s" })",
       "share.day_start_minute", "0..1439"},
  };
  for (const auto& c : cases) {
    const std::string text = std::string(c.text).rfind("id:", 0) == 0 ? c.text : head + c.text;
    auto issues = validate_policy_set(parse_set(text));
    ASSERT_FALSE(issues.empty()) << c.name;
    bool found = false;
    for (const auto& i : issues) {
      if (i.path == c.path && i.message.find(c.message) != std::string::npos) found = true;
    }
    EXPECT_TRUE(found) << c.name << ": first issue " << issues[0].path << ": " << issues[0].message;
  }
}

}  // namespace
}  // namespace gate::rules
