// The checks forged_events_refused and no_opening_without_truck (sim/conformance/conformance.h)
// judged on made-up observations, so that both are seen to fail on the evidence they exist for.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "rules/policy_text.h"
#include "sim/conformance/conformance.h"
#include "sim/scenario/scenario_file.h"

namespace gate::sim {
namespace {

const std::string kPolicy =
    std::string(GATE_SOURCE_DIR) + "/rules/policies/henan-jiaozuo-2025.textproto";

class AttackChecksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_.set_name("t");
    scenario_.set_start("2026-12-01 07:00");
    scenario_.set_duration_hours(1);
    std::ifstream in(kPolicy);
    std::stringstream text;
    text << in.rdbuf();
    auto set = rules::parse_policy_text(text.str(), kPolicy);
    ASSERT_TRUE(set.ok()) << set.error();
    auto engine = rules::PolicyEngine::Compile(set.value(), scenario_enterprise(scenario_));
    ASSERT_TRUE(engine.ok()) << engine.error();
    engine_ = engine.value();
    obs_.clock.rate = 60;
    obs_.lane_cameras = {{"L1", "hikvision"}, {"L2", "dahua"}};
  }

  const CheckResult& judge(const std::string& id) {
    DecisionOracle oracle(engine_, {}, {}, 480);
    report_ = check_conformance(scenario_, obs_, *engine_, oracle);
    for (const auto& c : report_.checks) {
      if (c.id == id) return c;
    }
    ADD_FAILURE() << "no check " << id;
    static const CheckResult none;
    return none;
  }

  void attack(AttackKind kind, const std::string& lane, int status) {
    AttackRecord a;
    a.kind = kind;
    a.lane_id = lane;
    a.time_unix_ms = 1'796'000'000'000;
    a.how = "test";
    a.status = status;
    obs_.attacks.push_back(a);
  }

  gate::v1::Scenario scenario_;
  std::shared_ptr<const rules::PolicyEngine> engine_;
  ScenarioObservation obs_;
  ConformanceReport report_;
};

TEST_F(AttackChecksTest, RefusedAttacksPassWithCountsPerKind) {
  attack(AttackKind::kForged, "L1", 401);
  attack(AttackKind::kForged, "L2", 403);
  attack(AttackKind::kReplayed, "L1", 409);
  attack(AttackKind::kForeign, "L2", 403);
  const CheckResult& c = judge("forged_events_refused");
  EXPECT_TRUE(c.passed) << c.summary;
  EXPECT_FALSE(c.informational);
  EXPECT_NE(c.summary.find("4 attack events (forged 2, replayed 1, foreign 1), 4 refused"),
            std::string::npos)
      << c.summary;
  ASSERT_EQ(report_.attacks.size(), 3u);
  EXPECT_EQ(report_.attacks[0].kind, "forged");
  EXPECT_EQ(report_.attacks[0].by_status.at(401), 1);
  EXPECT_EQ(report_.attacks[0].by_status.at(403), 1);
}

TEST_F(AttackChecksTest, AnAttackTheGateTookFailsTheCheck) {
  attack(AttackKind::kForged, "L1", 401);
  attack(AttackKind::kReplayed, "L2", 200);
  attack(AttackKind::kForeign, "L1", 0);  // no answer: not a refusal either
  const CheckResult& c = judge("forged_events_refused");
  EXPECT_FALSE(c.passed);
  ASSERT_EQ(c.evidence.size(), 2u);
  EXPECT_NE(c.evidence[0].find("replayed event (test)"), std::string::npos) << c.evidence[0];
  EXPECT_NE(c.evidence[0].find("answered 200"), std::string::npos) << c.evidence[0];
  EXPECT_FALSE(report_.passed);
}

TEST_F(AttackChecksTest, WithoutAttacksTheCheckIsInformational) {
  const CheckResult& c = judge("forged_events_refused");
  EXPECT_TRUE(c.passed);
  EXPECT_TRUE(c.informational);
}

TEST_F(AttackChecksTest, AnOpeningWithNobodyAtTheGateFails) {
  const int64_t t = 1'796'000'000'000;
  obs_.coils["L1"] = {{t, 0, true, "豫H12345"},
                      {t + 60, 0, false, "豫H12345"},
                      {t + 5000, 0, true, ""},
                      {t + 5060, 0, false, ""}};
  const CheckResult& c = judge("no_opening_without_truck");
  EXPECT_FALSE(c.passed);
  EXPECT_EQ(c.summary, "2 openings, 1 with no truck at the gate");
  ASSERT_EQ(c.evidence.size(), 1u);
  EXPECT_NE(c.evidence[0].find("lane L1"), std::string::npos);

  obs_.coils["L1"].resize(2);
  EXPECT_TRUE(judge("no_opening_without_truck").passed);
}

}  // namespace
}  // namespace gate::sim
