// The lane with the platform's vehicle check as a port (faked here): the read is decided
// locally, the check asked, and the lane decides from both when the answer comes or the deadline
// passes. A platform refusal refuses a truck the ledger admits, with the platform's reason on the
// display line and in the record; the local rules still refuse what they refuse; no answer by
// the deadline decides in the degraded mode and says so; late answers are dropped; reads that
// arrive while checking wait their turn; the barrier opens only after the combined decision is
// committed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "firmware-host/lane/decision_display.h"
#include "firmware-host/lane/lane_controller.h"
#include "rules/display_names.h"

namespace gate::host {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using State = LaneController::State;
using gate::v1::VehicleCheck;

constexpr int64_t kT0 = 1795305600000;  // 2026-11-22 08:00:00 +08:00

class LaneVehicleCheckTest : public ::testing::Test {
 protected:
  LaneVehicleCheckTest() {
    policy_.set_version("test-1");
    auto* rule = policy_.add_stage_rules();
    rule->set_vehicle_class(gate::v1::VEHICLE_CLASS_TRANSPORT);
    rule->set_min_stage(gate::v1::EMISSION_STAGE_CHINA_V);
    lane_.set_lane_id("L1");
    lane_.set_direction(gate::v1::DIRECTION_IN);
    lane_.set_debounce_ms(10000);
    lane_.set_passage_timeout_ms(30000);
    add_truck("豫H12345", gate::v1::EMISSION_STAGE_CHINA_VI);
    add_truck("豫H54321", gate::v1::EMISSION_STAGE_CHINA_VI);
    add_truck("豫H11111", gate::v1::EMISSION_STAGE_CHINA_IV);  // below the policy's minimum
  }

  void add_truck(const std::string& plate, gate::v1::EmissionStage stage) {
    gate::v1::Vehicle v;
    v.set_plate(plate);
    v.set_plate_color(gate::v1::PLATE_COLOR_YELLOW);
    v.set_vehicle_class(gate::v1::VEHICLE_CLASS_TRANSPORT);
    v.set_emission_stage(stage);
    v.set_fuel_type(gate::v1::FUEL_TYPE_DIESEL);
    v.set_vin("LFWSRXSJ0M1A00001");
    ledger_[plate] = v;
  }

  LanePorts ports() {
    LanePorts p;
    p.lookup = [this](const std::string& plate) -> const gate::v1::Vehicle* {
      auto it = ledger_.find(plate);
      return it == ledger_.end() ? nullptr : &it->second;
    };
    p.commit = [this](gate::v1::Passage& passage) -> Result<int64_t> {
      const int64_t seq = next_seq_++;
      log_.push_back("commit " + std::to_string(seq) + " " + passage.read().plate_text() + " " +
                     rules::verdict_label(passage.decision().verdict()));
      committed_.push_back(passage);
      return seq;
    };
    p.set_outcome = [this](int64_t seq, gate::v1::PassageOutcome o,
                           gate::v1::PassageConfirmation) -> Status {
      log_.push_back("outcome " + std::to_string(seq) + " " + rules::outcome_name(o));
      return Status::Ok();
    };
    p.open_barrier = [this](uint64_t token) { log_.push_back("open " + std::to_string(token)); };
    p.check_vehicle = [this](uint64_t token, const gate::v1::PlateRead& read) {
      log_.push_back("check " + std::to_string(token) + " " + read.plate_text());
      asked_.push_back(token);
      if (answer_at_once_) lane().on_check_answer(token, *answer_at_once_, now_);
    };
    p.on_check_done = [this](const VehicleCheck& c, bool deadline_passed) {
      done_.push_back(c);
      deadline_passed_.push_back(deadline_passed);
    };
    p.alarm = [this](const std::string& m) { alarms_.push_back(m); };
    return p;
  }

  LaneController& lane() {
    if (!lane_ctl_ && engine_) {
      lane_ctl_ = std::make_unique<LaneController>(lane_, "HN-JZ-0001-G1", engine_, 480, ports());
      lane_ctl_->set_vehicle_check(settings_);
    }
    if (!lane_ctl_) {
      lane_ctl_ = std::make_unique<LaneController>(lane_, "HN-JZ-0001-G1", policy_, 480, ports());
      lane_ctl_->set_vehicle_check(settings_);
    }
    return *lane_ctl_;
  }

  void read(const std::string& plate, int64_t now) {
    gate::v1::PlateRead r;
    r.set_plate_text(plate);
    r.set_color(gate::v1::PLATE_COLOR_YELLOW);
    r.set_confidence(0.95);
    now_ = now;
    lane().on_read(r, now);
  }

  static VehicleCheck answered(bool may_pass, const std::string& reason = "") {
    VehicleCheck c;
    c.set_status(VehicleCheck::STATUS_ANSWERED);
    c.set_may_pass(may_pass);
    c.set_reason(reason);
    return c;
  }

  // The inline policy with plates in no ledger decided on the platform's vehicle data.
  void admit_unknown_on_platform_data() {
    auto set = rules::PolicyEngine::InlineAsSet(policy_);
    set.set_source("test");
    set.mutable_rule_sets(0)->set_source("test");
    set.mutable_rule_sets(0)->mutable_identity()->set_unknown_vehicle(
        gate::v1::UNKNOWN_VEHICLE_PLATFORM_DATA);
    auto e = rules::PolicyEngine::Compile(set, {});
    ASSERT_TRUE(e.ok()) << e.error();
    engine_ = e.value();
  }

  static VehicleCheck knows(gate::v1::EmissionStage stage, gate::v1::FuelType fuel) {
    VehicleCheck c = answered(true);
    c.set_emission_stage(stage);
    c.set_fuel_type(fuel);
    c.set_serial("PT-1");
    return c;
  }

  gate::v1::Policy policy_;
  std::shared_ptr<const rules::PolicyEngine> engine_;
  gate::v1::LaneConfig lane_;
  rules::CheckSettings settings_;
  std::map<std::string, gate::v1::Vehicle> ledger_;
  std::unique_ptr<LaneController> lane_ctl_;
  std::optional<VehicleCheck> answer_at_once_;
  int64_t now_ = kT0;
  int64_t next_seq_ = 41;
  std::vector<std::string> log_;
  std::vector<uint64_t> asked_;
  std::vector<gate::v1::Passage> committed_;
  std::vector<VehicleCheck> done_;
  std::vector<bool> deadline_passed_;
  std::vector<std::string> alarms_;
};

TEST_F(LaneVehicleCheckTest, TheLaneWaitsForTheAnswerAndOpensOnlyAfterCommittingBoth) {
  read("豫H12345", kT0);
  EXPECT_THAT(log_, ElementsAre("check 1 豫H12345"));
  EXPECT_EQ(lane().state(), State::kChecking);
  lane().on_check_answer(1, answered(true), kT0 + 120);
  EXPECT_THAT(log_, ElementsAre("check 1 豫H12345", "commit 41 豫H12345 PASS", "open 41"));
  ASSERT_EQ(committed_.size(), 1u);
  const auto& p = committed_[0];
  EXPECT_EQ(p.check().status(), VehicleCheck::STATUS_ANSWERED);
  EXPECT_TRUE(p.check().may_pass());
  EXPECT_EQ(p.check().latency_ms(), 120);
  EXPECT_EQ(p.decision().rule_id(), "pass.all_rules");
  EXPECT_THAT(p.decision().explanation(), HasSubstr("| platform check: may pass"));
  EXPECT_EQ(p.time_unix_ms(), kT0);  // decided at the read, committed at the answer
  EXPECT_EQ(lane().state(), State::kOpening);
}

TEST_F(LaneVehicleCheckTest, APlatformRefusalRefusesATruckTheLedgerAdmitsWithItsReason) {
  read("豫H12345", kT0);
  lane().on_check_answer(1, answered(false, "国四柴油车 橙色预警禁行"), kT0 + 90);
  EXPECT_THAT(log_, ElementsAre("check 1 豫H12345", "commit 41 豫H12345 REFUSE"));
  const auto& p = committed_.at(0);
  EXPECT_EQ(p.decision().rule_id(), "platform.check");
  EXPECT_EQ(p.decision().display_en(), "platform refuses: 国四柴油车 橙色预警禁行");
  EXPECT_THAT(p.decision().explanation(), HasSubstr("local decision pass.all_rules (pass)"));
  EXPECT_EQ(p.outcome(), gate::v1::PASSAGE_OUTCOME_TURNED_AWAY);
  const auto display = decision_display(p);
  EXPECT_THAT(display.lines.back(), HasSubstr("国四柴油车 橙色预警禁行"));
  EXPECT_EQ(lane().state(), State::kIdle);
  EXPECT_EQ(lane().last_refused().seq(), 41);  // a manual release may still let it through
}

TEST_F(LaneVehicleCheckTest, LocalRulesStillRefuseWhatTheyRefuseWhenThePlatformSaysPass) {
  read("豫H11111", kT0);
  lane().on_check_answer(1, answered(true), kT0 + 50);
  const auto& p = committed_.at(0);
  EXPECT_EQ(p.decision().verdict(), gate::v1::VERDICT_REFUSE);
  EXPECT_EQ(p.decision().rule_id(), "stage.min_by_class");
  EXPECT_THAT(p.decision().explanation(), HasSubstr("platform check: may pass"));
}

TEST_F(LaneVehicleCheckTest, NoAnswerByTheDeadlineDecidesLocallyAndRecordsCheckUnavailable) {
  read("豫H12345", kT0);
  lane().on_tick(kT0 + 799);
  EXPECT_EQ(lane().state(), State::kChecking);
  lane().on_tick(kT0 + 800);
  EXPECT_THAT(log_, ElementsAre("check 1 豫H12345", "commit 41 豫H12345 PASS", "open 41"));
  const auto& p = committed_.at(0);
  EXPECT_EQ(p.check().status(), VehicleCheck::STATUS_UNAVAILABLE);
  EXPECT_EQ(p.check().reason(), "no answer within 800 ms");
  EXPECT_EQ(p.check().degraded_mode(), "local");
  EXPECT_EQ(p.check().latency_ms(), 800);
  EXPECT_THAT(p.decision().explanation(),
              HasSubstr("platform check: unavailable (no answer within 800 ms); decided locally"));
  ASSERT_EQ(done_.size(), 1u);
  EXPECT_EQ(done_[0].status(), VehicleCheck::STATUS_UNAVAILABLE);
  EXPECT_THAT(deadline_passed_, ElementsAre(true));
  // The answer that comes afterwards changes nothing.
  lane().on_check_answer(1, answered(false, "late"), kT0 + 900);
  EXPECT_EQ(committed_.size(), 1u);
  EXPECT_EQ(lane().late_check_answers(), 1);
}

TEST_F(LaneVehicleCheckTest, InRefuseModeAnUnreachablePlatformRefusesWithThatReason) {
  settings_.degraded = rules::DegradedMode::kRefuse;
  read("豫H12345", kT0);
  VehicleCheck failed;
  failed.set_status(VehicleCheck::STATUS_UNAVAILABLE);
  failed.set_reason("connection refused");
  lane().on_check_answer(1, failed, kT0 + 3);  // a failed call decides at once
  const auto& p = committed_.at(0);
  EXPECT_EQ(p.decision().verdict(), gate::v1::VERDICT_REFUSE);
  EXPECT_EQ(p.decision().rule_id(), "platform.unreachable");
  EXPECT_EQ(p.decision().display_en(), "platform unreachable");
  EXPECT_EQ(p.check().degraded_mode(), "refuse");
  EXPECT_EQ(p.check().reason(), "connection refused");
  EXPECT_THAT(deadline_passed_, ElementsAre(false));
  EXPECT_THAT(log_, ElementsAre("check 1 豫H12345", "commit 41 豫H12345 REFUSE"));
}

TEST_F(LaneVehicleCheckTest, InRefuseModeALocalRefusalKeepsItsOwnRule) {
  settings_.degraded = rules::DegradedMode::kRefuse;
  read("豫H11111", kT0);
  lane().on_tick(kT0 + 800);
  EXPECT_EQ(committed_.at(0).decision().rule_id(), "stage.min_by_class");
}

TEST_F(LaneVehicleCheckTest, RecordOnlyKeepsTheLocalDecisionAndRecordsTheAnswer) {
  settings_.combine = rules::CheckCombination::kRecordOnly;
  read("豫H12345", kT0);
  lane().on_check_answer(1, answered(false, "in trial"), kT0 + 10);
  const auto& p = committed_.at(0);
  EXPECT_EQ(p.decision().verdict(), gate::v1::VERDICT_PASS);
  EXPECT_FALSE(p.check().may_pass());
  EXPECT_THAT(p.decision().explanation(), HasSubstr("recorded only"));
}

TEST_F(LaneVehicleCheckTest, AStageDisagreementWithTheLedgerIsRecorded) {
  read("豫H12345", kT0);
  VehicleCheck c = answered(true);
  c.set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_IV);
  c.set_fuel_type(gate::v1::FUEL_TYPE_DIESEL);
  c.set_vin("LFWSRXSJ0M1A00001");
  lane().on_check_answer(1, c, kT0 + 40);
  EXPECT_EQ(committed_.at(0).check().ledger_mismatch(),
            "stage: ledger China VI, platform China IV");
}

TEST_F(LaneVehicleCheckTest, APlateInNoLedgerIsRefusedUnlessPolicyTakesThePlatformsData) {
  read("豫H99999", kT0);
  lane().on_check_answer(1, knows(gate::v1::EMISSION_STAGE_CHINA_VI, gate::v1::FUEL_TYPE_DIESEL),
                         kT0 + 60);
  EXPECT_EQ(committed_.at(0).decision().rule_id(), "identity.unknown_vehicle");
}

TEST_F(LaneVehicleCheckTest, PolicyAdmitsAPlateInNoLedgerOnThePlatformsDataAndItsStageRules) {
  admit_unknown_on_platform_data();
  read("豫H88888", kT0);
  lane().on_check_answer(1, knows(gate::v1::EMISSION_STAGE_CHINA_IV, gate::v1::FUEL_TYPE_DIESEL),
                         kT0 + 60);
  EXPECT_EQ(committed_.at(0).decision().rule_id(), "stage.min_by_class");

  read("豫H77777", kT0 + 1000);
  lane().on_tick(kT0 + 1800);  // no answer: nothing to decide on
  EXPECT_EQ(committed_.at(1).decision().rule_id(), "identity.unknown_vehicle");

  read("豫H99999", kT0 + 2000);
  lane().on_check_answer(3, knows(gate::v1::EMISSION_STAGE_CHINA_VI, gate::v1::FUEL_TYPE_DIESEL),
                         kT0 + 2060);
  ASSERT_EQ(committed_.size(), 3u);
  const auto& p = committed_[2];
  EXPECT_EQ(p.decision().verdict(), gate::v1::VERDICT_PASS) << p.decision().explanation();
  EXPECT_FALSE(p.vehicle_known()) << "the ledger still has no entry";
  EXPECT_THAT(p.decision().explanation(), HasSubstr("decided on the platform's vehicle data"));
  EXPECT_THAT(p.decision().explanation(), HasSubstr("serial PT-1"));
  EXPECT_EQ(log_.back(), "open 43");
}

TEST_F(LaneVehicleCheckTest, ReadsDuringACheckWaitAndAreCheckedInTurn) {
  read("豫H12345", kT0);
  read("豫H54321", kT0 + 100);
  EXPECT_EQ(lane().queued(), 1u);
  lane().on_check_answer(1, answered(false, "blocked"), kT0 + 200);
  // The first was refused, so the lane is free and checks the second at once.
  EXPECT_THAT(log_,
              ElementsAre("check 1 豫H12345", "commit 41 豫H12345 REFUSE", "check 2 豫H54321"));
  lane().on_check_answer(1, answered(true), kT0 + 250);  // stale token: dropped
  EXPECT_EQ(committed_.size(), 1u);
  lane().on_check_answer(2, answered(true), kT0 + 300);
  EXPECT_EQ(log_.back(), "open 42");
  EXPECT_EQ(committed_.at(1).check().latency_ms(), 100);
}

TEST_F(LaneVehicleCheckTest, APortThatAnswersAtOnceIsDecidedAtOnce) {
  answer_at_once_ = answered(true);
  read("豫H12345", kT0);
  EXPECT_THAT(log_, ElementsAre("check 1 豫H12345", "commit 41 豫H12345 PASS", "open 41"));
  EXPECT_EQ(committed_.at(0).check().latency_ms(), 0);
}

TEST_F(LaneVehicleCheckTest, WithoutACheckSettingTheLaneDecidesAtTheReadAsBefore) {
  lane_ctl_ = std::make_unique<LaneController>(lane_, "HN-JZ-0001-G1", policy_, 480, ports());
  read("豫H12345", kT0);
  EXPECT_THAT(log_, ElementsAre("commit 41 豫H12345 PASS", "open 41"));
  EXPECT_EQ(committed_.at(0).check().status(), VehicleCheck::STATUS_NONE);
}

}  // namespace
}  // namespace gate::host
