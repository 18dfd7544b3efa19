// The vehicle-check judge (sim/conformance/vehicle_check_judge.h) on made-up passages and
// platform answers: a run whose every answer was applied, every degraded decision recorded as
// such and no passage silent passes with its counts; each way of getting one of them wrong fails
// with the passage named.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "sim/conformance/vehicle_check_judge.h"

namespace gate::sim {
namespace {

constexpr int64_t kStart = 1'796'000'000'000;  // unix ms; the clock's base, sim = real

class VehicleCheckJudgeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.sim_base_ms = kStart;
    clock_.real_base_ms = kStart;
    clock_.rate = 1;
    run_.on = true;
    run_.deadline_ms = 800;
    run_.degraded = "local";
    run_.reads_serial = true;
    run_.stage_codes = {"4", "5", "6"};
    ledger_["豫H00001"].set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_VI);
    ledger_["豫H00002"].set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_VI);
    ledger_["豫H00003"].set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_IV);
  }

  // The platform's answer for `plate` at `at_s` seconds into the run.
  void answer(const std::string& plate, int at_s, bool may_pass, const std::string& stage) {
    AnsweredCheck a;
    a.at_unix_ms = kStart + at_s * 1000;
    a.plate = plate;
    a.serial = "PS-" + std::to_string(run_.answers.size() + 1);
    a.answer.may_pass = may_pass;
    a.answer.reason = may_pass ? "" : "control list";
    a.answer.emission_stage = stage;
    run_.answers.push_back(a);
  }

  GatePassage& passage(const std::string& plate, int at_s, const std::string& decision,
                       const std::string& rule, const std::string& status) {
    GatePassage p;
    p.gate = "G1";
    p.lane = "L1";
    p.seq = static_cast<int64_t>(passages_.size()) + 1;
    p.time_ms = kStart + at_s * 1000;
    p.plate = plate;
    p.decision = decision;
    p.rule = rule;
    p.check.status = status;
    p.check.latency_ms = 40;
    if (status == "unavailable") {
      p.check.degraded_mode = "local";
      p.check.latency_ms = 800;
    }
    passages_.push_back(p);
    return passages_.back();
  }

  // An answered passage carrying the platform's last answer as the gate should record it.
  GatePassage& answered(const std::string& decision, const std::string& rule) {
    const AnsweredCheck& a = run_.answers.back();
    GatePassage& p = passage(a.plate, static_cast<int>((a.at_unix_ms - kStart) / 1000), decision,
                             rule, "answered");
    p.check.may_pass = a.answer.may_pass;
    p.check.serial = a.serial;
    p.check.emission_stage = a.answer.emission_stage;
    return p;
  }

  CheckResult judge() {
    LedgerLookup lookup = [this](const std::string& plate) -> const gate::v1::Vehicle* {
      const auto it = ledger_.find(plate);
      return it == ledger_.end() ? nullptr : &it->second;
    };
    return judge_vehicle_checks(passages_, run_, clock_, lookup, figures_);
  }

  // A correct run: one passed with its serial, one refused by the platform, one the local rules
  // refused and the platform too, one with the platform a stage lower (mismatch recorded), then
  // two decided in degraded mode local, the ALARM raised, and an answer again (cleared).
  void correct_run() {
    answer("豫H00001", 10, true, "6");
    answered("PASS", "stage.min");
    answer("豫H00002", 20, false, "6");
    answered("REFUSE", "platform.check");
    answer("豫H00003", 30, false, "4");
    answered("REFUSE", "alert.min_stage");
    answer("豫H00002", 40, true, "5");
    answered("PASS", "stage.min").check.ledger_mismatch =
        "stage: ledger China VI, platform China V";
    passage("豫H00001", 50, "PASS", "stage.min", "unavailable");
    passage("豫H00003", 60, "REFUSE", "alert.min_stage", "unavailable");
    answer("豫H00001", 70, true, "6");
    answered("PASS", "stage.min");
    run_.alarms_raised["G1"] = {"ALARM platform vehicle check unavailable (…)"};
    run_.alarms_cleared["G1"] = {"platform vehicle check answering again"};
  }

  drivers::SimulationClock clock_;
  VehicleCheckRun run_;
  std::map<std::string, gate::v1::Vehicle> ledger_;
  std::vector<GatePassage> passages_;
  VehicleCheckFigures figures_;
};

TEST_F(VehicleCheckJudgeTest, ARunThatAppliedEveryAnswerPassesWithItsCounts) {
  correct_run();
  const CheckResult c = judge();
  EXPECT_TRUE(c.passed) << c.summary << "\n" << ::testing::PrintToString(c.evidence);
  EXPECT_EQ(c.id, "vehicle_checks");
  EXPECT_EQ(figures_.passages, 7);
  EXPECT_EQ(figures_.answered, 5);
  EXPECT_EQ(figures_.serials, 5);
  EXPECT_EQ(figures_.refused_by_platform, 1);
  EXPECT_EQ(figures_.refused_locally, 1);
  EXPECT_EQ(figures_.mismatches, 1);
  EXPECT_EQ(figures_.degraded, 2);
  EXPECT_EQ(figures_.silent, 0);
  EXPECT_EQ(figures_.alarms_raised, 1);
  EXPECT_EQ(figures_.alarms_cleared, 1);
  EXPECT_EQ(figures_.unapplied_answers, 0);
  EXPECT_NE(c.summary.find("1 refused by the platform under platform.check"), std::string::npos)
      << c.summary;
}

TEST_F(VehicleCheckJudgeTest, APassageWithoutACheckStatusIsSilentAndFails) {
  correct_run();
  passage("豫H00001", 80, "PASS", "stage.min", "");
  const CheckResult c = judge();
  EXPECT_FALSE(c.passed);
  EXPECT_EQ(figures_.silent, 1);
  ASSERT_FALSE(c.evidence.empty());
  EXPECT_NE(c.evidence.back().find("passage 8"), std::string::npos) << c.evidence.back();
}

TEST_F(VehicleCheckJudgeTest, APlatformRefusalTheGateLetThroughFails) {
  answer("豫H00002", 20, false, "6");
  answered("PASS", "stage.min");
  const CheckResult c = judge();
  EXPECT_FALSE(c.passed);
  EXPECT_EQ(figures_.refused_by_platform, 0);
  ASSERT_EQ(c.evidence.size(), 1u);
  EXPECT_NE(c.evidence[0].find("may not pass"), std::string::npos) << c.evidence[0];
}

TEST_F(VehicleCheckJudgeTest, AnAnswerThePlatformNeverGaveOrAWrongSerialFails) {
  answer("豫H00001", 10, true, "6");
  answered("PASS", "stage.min").check.serial = "PS-99";
  EXPECT_FALSE(judge().passed);
  run_.reads_serial = false;  // matched by plate and time: none near
  passages_.back().time_ms += 60'000;
  EXPECT_FALSE(judge().passed);
  passages_.back().time_ms -= 60'000;
  EXPECT_TRUE(judge().passed);
}

TEST_F(VehicleCheckJudgeTest, AStageDisagreementNotRecordedAsMismatchFailsAndAFalseOneToo) {
  answer("豫H00002", 40, true, "5");
  answered("PASS", "stage.min");
  EXPECT_FALSE(judge().passed);
  passages_.back().check.ledger_mismatch = "stage: ledger China VI, platform China V";
  EXPECT_TRUE(judge().passed);
  answer("豫H00001", 50, true, "6");
  answered("PASS", "stage.min").check.ledger_mismatch = "stage: made up";
  EXPECT_FALSE(judge().passed);
}

TEST_F(VehicleCheckJudgeTest, DegradedDecisionsMustCarryTheProfilesModeAndRefuseUnderRefuse) {
  passage("豫H00001", 50, "PASS", "stage.min", "unavailable").check.degraded_mode = "refuse";
  run_.alarms_raised["G1"] = {"ALARM"};
  EXPECT_FALSE(judge().passed) << "mode recorded differs from the profile's";
  run_.degraded = "refuse";
  EXPECT_FALSE(judge().passed) << "a pass under degraded mode refuse";
  passages_.back().decision = "REFUSE";
  passages_.back().rule = "platform.unreachable";
  EXPECT_TRUE(judge().passed);
  EXPECT_EQ(figures_.degraded_refused, 1);
}

TEST_F(VehicleCheckJudgeTest, DegradedWithoutTheAlarmOrItsEndFails) {
  correct_run();
  run_.alarms_cleared.clear();
  EXPECT_FALSE(judge().passed);
  run_.alarms_cleared["G1"] = {"answering again"};
  run_.alarms_raised.clear();
  EXPECT_FALSE(judge().passed);
}

TEST_F(VehicleCheckJudgeTest, ACheckDecidedBeyondTheDeadlineAndSlackFails) {
  passage("豫H00001", 50, "PASS", "stage.min", "unavailable").check.latency_ms = 800 + 51;
  run_.alarms_raised["G1"] = {"ALARM"};
  EXPECT_EQ(check_slack_ms(1), 50);
  EXPECT_FALSE(judge().passed);
  // At ×10 the real 800 ms deadline is 8000 ms of the gate's clock, plus 500 for 50 real ms.
  clock_.rate = 10;
  EXPECT_EQ(check_deadline_on_gate_clock_ms(800, 10), 8000);
  EXPECT_EQ(check_slack_ms(10), 500);
  EXPECT_TRUE(judge().passed);
  passage("豫H00002", 60, "PASS", "stage.min", "unavailable").check.latency_ms = 8000 + 501;
  EXPECT_FALSE(judge().passed);
}

TEST_F(VehicleCheckJudgeTest, LateAnswersAreShownNotFailed) {
  answer("豫H00001", 10, true, "6");
  passage("豫H00001", 10, "PASS", "stage.min", "unavailable");
  run_.alarms_raised["G1"] = {"ALARM"};
  const CheckResult c = judge();
  EXPECT_TRUE(c.passed) << ::testing::PrintToString(c.evidence);
  EXPECT_EQ(figures_.unapplied_answers, 1);
}

TEST_F(VehicleCheckJudgeTest, TheExpectationJoinsTheCheckAsTheProfileStates) {
  ExpectedDecision pass{gate::v1::VERDICT_PASS, "stage.min", ""};
  ExpectedDecision refuse{gate::v1::VERDICT_REFUSE, "alert.min_stage", ""};
  PassageCheck no;
  no.status = "answered";
  no.may_pass = false;
  EXPECT_EQ(with_check(pass, no, run_).rule_id, "platform.check");
  EXPECT_EQ(with_check(refuse, no, run_).rule_id, "alert.min_stage");
  run_.strictest = false;
  EXPECT_EQ(with_check(pass, no, run_).verdict, gate::v1::VERDICT_PASS);
  PassageCheck gone;
  gone.status = "unavailable";
  EXPECT_EQ(with_check(pass, gone, run_).verdict, gate::v1::VERDICT_PASS);
  run_.degraded = "refuse";
  EXPECT_EQ(with_check(pass, gone, run_).rule_id, "platform.unreachable");
  run_.on = false;
  EXPECT_EQ(with_check(pass, gone, run_).verdict, gate::v1::VERDICT_PASS);
}

}  // namespace
}  // namespace gate::sim
