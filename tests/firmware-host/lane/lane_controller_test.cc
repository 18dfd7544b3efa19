#include "firmware-host/lane/lane_controller.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "rules/display_names.h"
#include "rules/local_time.h"

namespace gate::host {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using State = LaneController::State;

constexpr int64_t kT0 = 1795305600000;        // 2026-11-22 08:00:00 +08:00
constexpr int64_t kMidnight = 1795276800000;  // 2026-11-22 00:00:00 +08:00

// Fake ports: every call is appended to `log` so tests can check what happened in which order.
class LaneControllerTest : public ::testing::Test {
 protected:
  LaneControllerTest() {
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

  gate::v1::Vehicle& add_truck(const std::string& plate, gate::v1::EmissionStage stage) {
    gate::v1::Vehicle v;
    v.set_plate(plate);
    v.set_plate_color(gate::v1::PLATE_COLOR_YELLOW);
    v.set_vehicle_class(gate::v1::VEHICLE_CLASS_TRANSPORT);
    v.set_emission_stage(stage);
    v.set_fuel_type(gate::v1::FUEL_TYPE_DIESEL);
    return ledger_[plate] = v;
  }

  LanePorts ports() {
    LanePorts p;
    p.lookup = [this](const std::string& plate) -> const gate::v1::Vehicle* {
      auto it = ledger_.find(plate);
      return it == ledger_.end() ? nullptr : &it->second;
    };
    // Returns the sequence number without touching p.seq: the port's contract is the result.
    p.commit = [this](gate::v1::Passage& passage) -> Result<int64_t> {
      if (fail_commit_) {
        log_.push_back("commit-failed " + passage.read().plate_text());
        return Error{"disk I/O error"};
      }
      const int64_t seq = next_seq_++;
      log_.push_back("commit " + std::to_string(seq) + " " + passage.read().plate_text() + " " +
                     rules::verdict_label(passage.decision().verdict()) + " " +
                     rules::outcome_name(passage.outcome()));
      committed_.push_back(passage);
      return seq;
    };
    p.set_outcome = [this](int64_t seq, gate::v1::PassageOutcome o,
                           gate::v1::PassageConfirmation c) -> Status {
      log_.push_back("outcome " + std::to_string(seq) + " " + rules::outcome_name(o));
      confirmations_.push_back(c);
      if (fail_set_outcome_) return Error{"database is locked"};
      return Status::Ok();
    };
    p.open_barrier = [this](uint64_t token) { log_.push_back("open " + std::to_string(token)); };
    p.on_decided = [this](const gate::v1::Passage& passage) { decided_.push_back(passage); };
    p.on_outcome = [this](const gate::v1::Passage& passage, gate::v1::PassageOutcome o) {
      outcomes_.emplace_back(passage.seq(), o);
    };
    p.alarm = [this](const std::string& msg) { alarms_.push_back(msg); };
    return p;
  }

  LaneController& lane() {
    if (!lane_ctl_) {
      lane_ctl_ = std::make_unique<LaneController>(lane_, "HN-JZ-0001-G1", policy_, 480, ports());
    }
    return *lane_ctl_;
  }

  static gate::v1::PlateRead read(const std::string& plate, double confidence = 0.95) {
    gate::v1::PlateRead r;
    r.set_plate_text(plate);
    r.set_color(gate::v1::PLATE_COLOR_YELLOW);
    r.set_confidence(confidence);
    r.set_camera_id("cam-1");
    r.set_source("generic");
    return r;
  }

  // Drives a passing truck through open → boom on → boom off.
  void pass_through(uint64_t token, int64_t t) {
    lane().on_open_result(token, true, "", t);
    lane().on_loops(true, true, t + 1000);
    lane().on_loops(false, false, t + 2000);
  }

  gate::v1::Policy policy_;
  gate::v1::LaneConfig lane_;
  std::map<std::string, gate::v1::Vehicle> ledger_;
  std::unique_ptr<LaneController> lane_ctl_;

  int64_t next_seq_ = 41;
  bool fail_commit_ = false;
  bool fail_set_outcome_ = false;
  std::vector<std::string> log_;
  std::vector<gate::v1::Passage> committed_;
  std::vector<gate::v1::Passage> decided_;
  std::vector<std::pair<int64_t, gate::v1::PassageOutcome>> outcomes_;
  std::vector<gate::v1::PassageConfirmation> confirmations_;
  std::vector<std::string> alarms_;
};

TEST_F(LaneControllerTest, UnknownPlateIsRefusedRecordedAndNeverOpens) {
  lane().on_read(read("豫H99999"), kT0);
  EXPECT_THAT(log_, ElementsAre("commit 41 豫H99999 REFUSE turned_away"));
  ASSERT_EQ(committed_.size(), 1u);
  const auto& p = committed_[0];
  EXPECT_EQ(p.decision().verdict(), gate::v1::VERDICT_REFUSE);
  EXPECT_EQ(p.decision().rule_id(), "identity.unknown_vehicle");
  EXPECT_EQ(p.decision().policy_version(), "test-1");
  EXPECT_EQ(p.outcome(), gate::v1::PASSAGE_OUTCOME_TURNED_AWAY);
  EXPECT_EQ(p.outcome_time_unix_ms(), kT0);
  EXPECT_FALSE(p.vehicle_known());
  EXPECT_EQ(lane().state(), State::kIdle);
  ASSERT_EQ(decided_.size(), 1u);
  EXPECT_EQ(decided_[0].seq(), 41);
  EXPECT_TRUE(outcomes_.empty());
  EXPECT_TRUE(alarms_.empty());
  // Ticks and loop changes on an idle lane do nothing.
  lane().on_tick(kT0 + 60000);
  lane().on_loops(true, true, kT0 + 60000);
  lane().on_loops(false, false, kT0 + 61000);
  EXPECT_EQ(log_.size(), 1u);
}

TEST_F(LaneControllerTest, VehicleBelowMinimumStageIsRefused) {
  lane().on_read(read("豫H11111"), kT0);
  EXPECT_THAT(log_, ElementsAre("commit 41 豫H11111 REFUSE turned_away"));
  ASSERT_EQ(committed_.size(), 1u);
  EXPECT_EQ(committed_[0].decision().rule_id(), "stage.min_by_class");
  EXPECT_TRUE(committed_[0].vehicle_known());
}

TEST_F(LaneControllerTest, LedgerVehicleIsCommittedThenOpenedThenPassed) {
  lane().on_read(read("豫H12345"), kT0);
  // Durable first: the commit is logged before the open request, with the commit's seq.
  EXPECT_THAT(log_, ElementsAre("commit 41 豫H12345 PASS pending", "open 41"));
  ASSERT_EQ(committed_.size(), 1u);
  const auto& p = committed_[0];
  EXPECT_EQ(p.gate_id(), "HN-JZ-0001-G1");
  EXPECT_EQ(p.lane_id(), "L1");
  EXPECT_EQ(p.direction(), gate::v1::DIRECTION_IN);
  EXPECT_EQ(p.time_unix_ms(), kT0);  // the read had no time: the lane's `now`
  EXPECT_EQ(p.read().lane_id(), "L1");
  EXPECT_TRUE(p.vehicle_known());
  EXPECT_EQ(p.vehicle().plate(), "豫H12345");
  EXPECT_EQ(p.decision().rule_id(), "pass.all_rules");
  EXPECT_EQ(p.outcome(), gate::v1::PASSAGE_OUTCOME_PENDING);
  EXPECT_EQ(p.outcome_time_unix_ms(), 0);
  ASSERT_EQ(decided_.size(), 1u);
  EXPECT_EQ(decided_[0].seq(), 41);
  EXPECT_EQ(lane().state(), State::kOpening);

  lane().on_open_result(41, true, "", kT0 + 600);
  EXPECT_EQ(lane().state(), State::kPassing);
  lane().on_loops(true, false, kT0 + 1000);  // entry loop only: not yet
  lane().on_loops(false, true, kT0 + 2000);  // under the boom
  EXPECT_EQ(lane().state(), State::kPassing);
  EXPECT_EQ(log_.size(), 2u);
  lane().on_loops(false, false, kT0 + 3000);  // cleared the boom
  EXPECT_THAT(log_, ElementsAre("commit 41 豫H12345 PASS pending", "open 41", "outcome 41 passed"));
  EXPECT_THAT(outcomes_,
              ElementsAre(std::make_pair(int64_t{41}, gate::v1::PASSAGE_OUTCOME_PASSED)));
  EXPECT_THAT(confirmations_, ElementsAre(gate::v1::PASSAGE_CONFIRMATION_BOOM_LOOP));
  EXPECT_EQ(lane().state(), State::kIdle);
  EXPECT_TRUE(alarms_.empty());
}

TEST_F(LaneControllerTest, ReadTimeAndDirectionFromTheCameraAreKept) {
  gate::v1::PlateRead r = read("豫H12345");
  r.set_time_unix_ms(kT0 - 250);
  r.set_camera_time_unix_ms(kT0 - 900);
  r.set_direction(gate::v1::DIRECTION_OUT);
  lane().on_read(r, kT0);
  ASSERT_EQ(committed_.size(), 1u);
  EXPECT_EQ(committed_[0].read().time_unix_ms(), kT0 - 250);
  EXPECT_EQ(committed_[0].read().camera_time_unix_ms(), kT0 - 900);
  EXPECT_EQ(committed_[0].direction(), gate::v1::DIRECTION_OUT);
}

// A camera's clock never decides when (or on which day) a passage happened: the lane stamps it
// with the gate's `now`, and the camera's time is kept as evidence only.
TEST_F(LaneControllerTest, TheGatesClockStampsThePassageWhateverTheCameraSays) {
  constexpr int64_t k2100 = 4102416000000;  // 2100-01-01 00:00:00 +08:00
  constexpr int64_t k2023 = 1672531200000;  // 2023-01-01 08:00:00 +08:00
  gate::v1::PlateRead future = read("豫H12345");
  future.set_camera_time_unix_ms(k2100);
  gate::v1::PlateRead past = read("豫H11111");
  past.set_camera_time_unix_ms(k2023);
  lane().on_read(future, kT0);
  pass_through(41, kT0 + 100);
  lane().on_read(past, kT0 + 5000);
  ASSERT_EQ(committed_.size(), 2u);
  EXPECT_EQ(committed_[0].time_unix_ms(), kT0);
  EXPECT_EQ(committed_[0].read().camera_time_unix_ms(), k2100);
  EXPECT_EQ(committed_[1].time_unix_ms(), kT0 + 5000);
  EXPECT_EQ(committed_[1].read().camera_time_unix_ms(), k2023);
  EXPECT_EQ(rules::local_date(committed_[0].time_unix_ms(), 480), "2026-11-22");
  EXPECT_EQ(rules::local_date(committed_[1].time_unix_ms(), 480), "2026-11-22");
}

// A read waiting behind a passing vehicle is stamped when it is decided, on the gate's clock.
TEST_F(LaneControllerTest, AQueuedReadIsStampedWhenItIsDecided) {
  lane().on_read(read("豫H12345"), kT0);
  gate::v1::PlateRead waiting = read("豫H54321");
  waiting.set_time_unix_ms(kT0 + 500);
  lane().on_read(waiting, kT0 + 500);
  pass_through(41, kT0 + 1000);
  ASSERT_EQ(committed_.size(), 2u);
  EXPECT_EQ(committed_[1].time_unix_ms(), kT0 + 3000);  // the boom loop cleared at +2000
  EXPECT_EQ(committed_[1].read().time_unix_ms(), kT0 + 500);
}

TEST_F(LaneControllerTest, BoomLoopClearWithoutOccupationDoesNotCountAsPassed) {
  lane().on_read(read("豫H12345"), kT0);
  lane().on_open_result(41, true, "", kT0 + 500);
  lane().on_loops(false, false, kT0 + 1000);
  lane().on_loops(true, false, kT0 + 1500);
  EXPECT_EQ(lane().state(), State::kPassing);
  EXPECT_TRUE(outcomes_.empty());
}

TEST_F(LaneControllerTest, TruckThatCrossesBeforeThePulseAnswerIsPassedOnTheAnswer) {
  lane().on_read(read("豫H12345"), kT0);
  lane().on_loops(false, true, kT0 + 300);   // under the boom while the pulse is held
  lane().on_loops(false, false, kT0 + 400);  // and through
  EXPECT_EQ(lane().state(), State::kOpening);
  EXPECT_TRUE(outcomes_.empty());
  lane().on_open_result(41, true, "", kT0 + 500);
  EXPECT_EQ(lane().state(), State::kIdle);
  EXPECT_THAT(log_, ElementsAre("commit 41 豫H12345 PASS pending", "open 41", "outcome 41 passed"));
}

TEST_F(LaneControllerTest, LoopStateFromAnEarlierPassageIsForgotten) {
  lane().on_read(read("豫H12345"), kT0);
  lane().on_loops(false, true, kT0 + 300);
  lane().on_open_result(41, false, "fault", kT0 + 400);  // barrier fault: passage closed
  lane().on_read(read("豫H54321"), kT0 + 1000);
  lane().on_open_result(42, true, "", kT0 + 1500);
  lane().on_loops(false, false, kT0 + 1600);  // boom loop clear, never occupied for this one
  EXPECT_EQ(lane().state(), State::kPassing);
}

TEST_F(LaneControllerTest, CommitFailureKeepsTheBarrierClosedAndRaisesAnAlarm) {
  fail_commit_ = true;
  lane().on_read(read("豫H12345"), kT0);
  EXPECT_THAT(log_, ElementsAre("commit-failed 豫H12345"));
  EXPECT_TRUE(decided_.empty());
  EXPECT_EQ(lane().state(), State::kIdle);
  ASSERT_EQ(alarms_.size(), 1u);
  EXPECT_THAT(alarms_[0], HasSubstr("豫H12345"));
  EXPECT_THAT(alarms_[0], HasSubstr("disk I/O error"));
  EXPECT_THAT(alarms_[0], HasSubstr("barrier stays closed"));
}

TEST_F(LaneControllerTest, RepeatedReadsWithinTheDebounceWindowAreOnePassage) {
  lane().on_read(read("豫H99999"), kT0);
  lane().on_read(read("豫H99999"), kT0 + 4000);
  lane().on_read(read(" 豫h 99999"), kT0 + 8000);  // same plate once normalised
  EXPECT_EQ(committed_.size(), 1u);
  EXPECT_EQ(lane().duplicates_dropped(), 2);
  // Another plate inside the window is its own passage.
  lane().on_read(read("豫H88888"), kT0 + 8500);
  EXPECT_EQ(committed_.size(), 2u);
  // More than the window after the last read of the plate: a new passage.
  lane().on_read(read("豫H99999"), kT0 + 8000 + 10001);
  ASSERT_EQ(committed_.size(), 3u);
  EXPECT_EQ(committed_[2].read().plate_text(), "豫H99999");
  EXPECT_EQ(lane().duplicates_dropped(), 2);
}

TEST_F(LaneControllerTest, RepeatedReadOfAPassingTruckDoesNotOpenAgain) {
  lane().on_read(read("豫H12345"), kT0);
  lane().on_open_result(41, true, "", kT0 + 500);
  lane().on_read(read("豫H12345"), kT0 + 1500);
  EXPECT_EQ(lane().queued(), 0u);
  pass_through(41, kT0 + 2000);
  EXPECT_THAT(log_, ElementsAre("commit 41 豫H12345 PASS pending", "open 41", "outcome 41 passed"));
}

TEST_F(LaneControllerTest, ReadDuringPassingIsQueuedAndDecidedAfterTheFirstFinishes) {
  lane().on_read(read("豫H12345"), kT0);
  lane().on_read(read("豫H54321"), kT0 + 300);  // while opening
  EXPECT_EQ(lane().queued(), 1u);
  lane().on_open_result(41, true, "", kT0 + 600);
  lane().on_read(read("豫H99999"), kT0 + 900);  // while passing
  EXPECT_EQ(lane().queued(), 2u);
  EXPECT_EQ(committed_.size(), 1u);

  lane().on_loops(false, true, kT0 + 2000);
  lane().on_loops(false, false, kT0 + 3000);
  // The first truck's outcome is recorded before the next one is decided and opened; the
  // unknown plate stays queued behind the second truck.
  EXPECT_THAT(log_, ElementsAre("commit 41 豫H12345 PASS pending", "open 41", "outcome 41 passed",
                                "commit 42 豫H54321 PASS pending", "open 42"));
  EXPECT_EQ(lane().state(), State::kOpening);
  EXPECT_EQ(lane().queued(), 1u);

  pass_through(42, kT0 + 4000);
  EXPECT_THAT(log_, ElementsAre("commit 41 豫H12345 PASS pending", "open 41", "outcome 41 passed",
                                "commit 42 豫H54321 PASS pending", "open 42", "outcome 42 passed",
                                "commit 43 豫H99999 REFUSE turned_away"));
  EXPECT_EQ(lane().state(), State::kIdle);
  EXPECT_EQ(lane().queued(), 0u);
}

TEST_F(LaneControllerTest, PassageTimeoutRecordsNotPassed) {
  lane().on_read(read("豫H12345"), kT0);
  lane().on_open_result(41, true, "", kT0 + 500);
  lane().on_tick(kT0 + 500 + 29999);
  EXPECT_EQ(lane().state(), State::kPassing);
  lane().on_tick(kT0 + 500 + 30001);
  EXPECT_EQ(lane().state(), State::kIdle);
  EXPECT_THAT(log_,
              ElementsAre("commit 41 豫H12345 PASS pending", "open 41", "outcome 41 not_passed"));
  EXPECT_THAT(outcomes_,
              ElementsAre(std::make_pair(int64_t{41}, gate::v1::PASSAGE_OUTCOME_NOT_PASSED)));
}

TEST_F(LaneControllerTest, WithoutLoopDetectorsThePassageIsConfirmedByItsTimeout) {
  lane().set_loop_inputs(false);  // a barrier on the camera's relay
  lane().on_read(read("豫H12345"), kT0);
  lane().on_open_result(41, true, "", kT0 + 500);
  lane().on_tick(kT0 + 500 + 29999);
  EXPECT_EQ(lane().state(), State::kPassing);
  lane().on_tick(kT0 + 500 + 30001);
  EXPECT_EQ(lane().state(), State::kIdle);
  EXPECT_THAT(outcomes_,
              ElementsAre(std::make_pair(int64_t{41}, gate::v1::PASSAGE_OUTCOME_PASSED)));
  // The record says the passage was assumed, not seen.
  EXPECT_THAT(confirmations_, ElementsAre(gate::v1::PASSAGE_CONFIRMATION_TIMEOUT));
}

TEST_F(LaneControllerTest, WithoutLoopDetectorsTheNextReadConfirmsThePassageAndIsDecided) {
  lane().set_loop_inputs(false);
  lane().on_read(read("豫H12345"), kT0);
  lane().on_open_result(41, true, "", kT0 + 500);
  lane().on_read(read("豫H12345"), kT0 + 3000);  // the same truck again: a repeat, not news
  EXPECT_EQ(lane().state(), State::kPassing);
  lane().on_read(read("豫H54321"), kT0 + 8000);
  EXPECT_THAT(log_, ElementsAre("commit 41 豫H12345 PASS pending", "open 41", "outcome 41 passed",
                                "commit 42 豫H54321 PASS pending", "open 42"));
  EXPECT_THAT(confirmations_, ElementsAre(gate::v1::PASSAGE_CONFIRMATION_NEXT_EVENT));
}

TEST_F(LaneControllerTest, WithLoopDetectorsTheNextReadWaitsForTheLoops) {
  lane().on_read(read("豫H12345"), kT0);
  lane().on_open_result(41, true, "", kT0 + 500);
  lane().on_read(read("豫H54321"), kT0 + 8000);
  EXPECT_EQ(lane().state(), State::kPassing);
  EXPECT_EQ(lane().queued(), 1u);
  EXPECT_TRUE(confirmations_.empty());
}

TEST_F(LaneControllerTest, PresenceCheckOpensForATruckOnTheEntryLoop) {
  lane().set_presence_check(true, 1500);
  lane().on_loops(true, false, kT0 - 200);
  lane().on_read(read("豫H12345"), kT0);
  EXPECT_THAT(log_, ElementsAre("commit 41 豫H12345 PASS pending", "open 41"));
}

TEST_F(LaneControllerTest, PresenceCheckWaitsForTheLoopThatIsReportedAPollLater) {
  lane().set_presence_check(true, 1500);
  lane().on_loops(false, false, kT0 - 5000);
  lane().on_read(read("豫H12345"), kT0);
  EXPECT_EQ(lane().state(), State::kAwaitingVehicle);
  EXPECT_THAT(log_, ElementsAre("commit 41 豫H12345 PASS pending"));  // recorded, not opened
  lane().on_tick(kT0 + 1000);
  lane().on_loops(true, false, kT0 + 1200);
  EXPECT_THAT(log_, ElementsAre("commit 41 豫H12345 PASS pending", "open 41"));
  pass_through(41, kT0 + 1500);
  EXPECT_THAT(outcomes_,
              ElementsAre(std::make_pair(int64_t{41}, gate::v1::PASSAGE_OUTCOME_PASSED)));
  EXPECT_TRUE(alarms_.empty());
}

TEST_F(LaneControllerTest, APlateReadWithTheEntryLoopEmptyNeverOpens) {
  lane().set_presence_check(true, 1500);
  lane().on_loops(true, false, kT0 - 60000);  // an earlier truck, long gone
  lane().on_loops(false, false, kT0 - 50000);
  lane().on_read(read("豫H12345"), kT0);
  lane().on_tick(kT0 + 1499);
  EXPECT_EQ(lane().state(), State::kAwaitingVehicle);
  lane().on_tick(kT0 + 1500);
  EXPECT_EQ(lane().state(), State::kIdle);
  EXPECT_THAT(log_,
              ElementsAre("commit 41 豫H12345 PASS pending", "outcome 41 no_vehicle_present"));
  ASSERT_EQ(alarms_.size(), 1u);
  EXPECT_THAT(alarms_[0], HasSubstr("no vehicle is on the entry loop"));
  EXPECT_THAT(alarms_[0], HasSubstr("豫H12345"));
  // A read queued behind it is decided once the lane is free again.
  lane().on_loops(true, false, kT0 + 20000);
  lane().on_read(read("豫H54321"), kT0 + 20100);
  EXPECT_EQ(log_.back(), "open 42");
}

TEST_F(LaneControllerTest, ReadsWhileWaitingForTheVehicleQueue) {
  lane().set_presence_check(true, 1500);
  lane().on_loops(false, false, kT0 - 5000);
  lane().on_read(read("豫H12345"), kT0);
  lane().on_read(read("豫H54321"), kT0 + 100);
  EXPECT_EQ(lane().queued(), 1u);
  lane().on_tick(kT0 + 1500);  // the first ends without a vehicle; the second is decided
  EXPECT_THAT(log_, ElementsAre("commit 41 豫H12345 PASS pending", "outcome 41 no_vehicle_present",
                                "commit 42 豫H54321 PASS pending"));
  EXPECT_EQ(lane().state(), State::kAwaitingVehicle);
}

TEST_F(LaneControllerTest, WithTheModuleGoneThePresenceCannotBeCheckedAndTheOpenRequestGoesOut) {
  lane().set_presence_check(true, 1500);
  lane().on_read(read("豫H12345"), kT0);  // no loop report since start
  EXPECT_THAT(log_, ElementsAre("commit 41 豫H12345 PASS pending", "open 41"));
  lane().on_open_result(41, false, "modbus: connection refused", kT0 + 300);
  lane().on_loops(false, false, kT0 + 1000);
  lane().on_read(read("豫H54321"), kT0 + 2000);
  EXPECT_EQ(lane().state(), State::kAwaitingVehicle);
  lane().on_loops_unknown(kT0 + 2100);  // the module fails while the lane waits
  EXPECT_EQ(log_.back(), "open 42");
}

TEST_F(LaneControllerTest, WithoutLoopDetectorsAFailedOpenIsStillABarrierFault) {
  lane().set_loop_inputs(false);
  lane().on_read(read("豫H12345"), kT0);
  lane().on_open_result(41, false, "hikvision camera relay: timeout after 2000 ms", kT0 + 2000);
  EXPECT_EQ(lane().state(), State::kIdle);
  EXPECT_THAT(outcomes_,
              ElementsAre(std::make_pair(int64_t{41}, gate::v1::PASSAGE_OUTCOME_BARRIER_FAULT)));
  ASSERT_EQ(alarms_.size(), 1u);
  EXPECT_NE(alarms_[0].find("timeout after 2000 ms"), std::string::npos);
}

TEST_F(LaneControllerTest, OpenFailureRecordsBarrierFaultAndRaisesAnAlarm) {
  lane().on_read(read("豫H12345"), kT0);
  lane().on_open_result(41, false, "modbus: connection timed out", kT0 + 800);
  EXPECT_EQ(lane().state(), State::kIdle);
  EXPECT_THAT(
      log_, ElementsAre("commit 41 豫H12345 PASS pending", "open 41", "outcome 41 barrier_fault"));
  ASSERT_EQ(alarms_.size(), 1u);
  EXPECT_THAT(alarms_[0], HasSubstr("modbus: connection timed out"));
  EXPECT_THAT(alarms_[0], HasSubstr("豫H12345"));
}

TEST_F(LaneControllerTest, NoAnswerToTheOpenRequestWithin15sIsABarrierFault) {
  lane().on_read(read("豫H12345"), kT0);
  lane().on_tick(kT0 + 14999);
  EXPECT_EQ(lane().state(), State::kOpening);
  EXPECT_TRUE(alarms_.empty());
  lane().on_tick(kT0 + 15001);
  EXPECT_EQ(lane().state(), State::kIdle);
  EXPECT_THAT(
      log_, ElementsAre("commit 41 豫H12345 PASS pending", "open 41", "outcome 41 barrier_fault"));
  ASSERT_EQ(alarms_.size(), 1u);
  EXPECT_THAT(alarms_[0], HasSubstr("no answer"));
  // A late answer is ignored: the passage is already closed.
  lane().on_open_result(41, true, "", kT0 + 16000);
  EXPECT_EQ(lane().state(), State::kIdle);
  EXPECT_EQ(log_.size(), 3u);
}

// Under gated's simulation clock (1000x) the lane's `now` runs 1000 times faster than the
// barrier driver, which answers a 60 ms pulse in real time, i.e. about 60 s later on the lane's
// clock. With the limit scaled to the clock, that answer still opens and the truck is counted
// as passed; unscaled, it was recorded as a barrier fault although the barrier had opened.
TEST_F(LaneControllerTest, OpenAnswerLimitFollowsTheSimulationClockRate) {
  EXPECT_EQ(open_answer_limit_ms(1.0), 15000);
  EXPECT_EQ(open_answer_limit_ms(0.5), 15000) << "never shorter than the real-time limit";
  EXPECT_EQ(open_answer_limit_ms(1000.0), 15000000);
  lane().set_open_answer_limit_ms(open_answer_limit_ms(1000.0));
  lane().on_read(read("豫H12345"), kT0);
  lane().on_tick(kT0 + 20000);  // 20 ms real after the request: the pulse is still held
  EXPECT_EQ(lane().state(), State::kOpening);
  EXPECT_TRUE(alarms_.empty());
  lane().on_loops(true, true, kT0 + 40000);  // the truck drives under the rising boom
  lane().on_loops(false, false, kT0 + 55000);
  lane().on_open_result(41, true, "", kT0 + 65000);
  EXPECT_EQ(lane().state(), State::kIdle);
  EXPECT_THAT(log_, ElementsAre("commit 41 豫H12345 PASS pending", "open 41", "outcome 41 passed"));
  EXPECT_TRUE(alarms_.empty());
}

TEST_F(LaneControllerTest, AnswerForAnotherTokenIsIgnored) {
  lane().on_read(read("豫H12345"), kT0);
  lane().on_open_result(7, true, "", kT0 + 500);
  EXPECT_EQ(lane().state(), State::kOpening);
  lane().on_open_result(7, false, "stale", kT0 + 600);
  EXPECT_EQ(lane().state(), State::kOpening);
  EXPECT_TRUE(alarms_.empty());
}

TEST_F(LaneControllerTest, FailedOutcomeWriteRaisesAnAlarmAndFreesTheLane) {
  fail_set_outcome_ = true;
  lane().on_read(read("豫H12345"), kT0);
  pass_through(41, kT0 + 500);
  EXPECT_EQ(lane().state(), State::kIdle);
  ASSERT_EQ(alarms_.size(), 1u);
  EXPECT_THAT(alarms_[0], HasSubstr("database is locked"));
}

TEST_F(LaneControllerTest, QueueOverflowDecidesTheOldestWithoutOpening) {
  lane().on_read(read("豫H12345"), kT0);  // opening, lane busy
  for (int i = 0; i < 32; ++i) {
    lane().on_read(read("豫H2" + std::to_string(1000 + i)), kT0 + 100 + i);
  }
  EXPECT_EQ(lane().queued(), 32u);
  EXPECT_EQ(committed_.size(), 1u);
  // The 33rd waiting read pushes out the oldest, a ledger truck that would pass: it is
  // recorded as turned away (the lane is occupied) and nothing opens for it.
  add_truck("豫H21000", gate::v1::EMISSION_STAGE_CHINA_VI);
  lane().on_read(read("豫H30000"), kT0 + 200);
  EXPECT_EQ(lane().queued(), 32u);
  ASSERT_EQ(committed_.size(), 2u);
  EXPECT_EQ(committed_[1].read().plate_text(), "豫H21000");
  EXPECT_EQ(committed_[1].decision().verdict(), gate::v1::VERDICT_PASS);
  EXPECT_EQ(committed_[1].outcome(), gate::v1::PASSAGE_OUTCOME_TURNED_AWAY);
  EXPECT_EQ(std::count_if(log_.begin(), log_.end(),
                          [](const std::string& s) { return s.rfind("open", 0) == 0; }),
            1);
  ASSERT_EQ(alarms_.size(), 1u);
  EXPECT_THAT(alarms_[0], HasSubstr("loop detector"));
}

TEST(LocalTimeTest, FormatsAtUtcPlus8AroundMidnight) {
  EXPECT_EQ(rules::local_date(kMidnight - 1, 480), "2026-11-21");
  EXPECT_EQ(rules::local_time(kMidnight - 1, 480), "2026-11-21 23:59:59");
  EXPECT_EQ(rules::local_date(kMidnight, 480), "2026-11-22");
  EXPECT_EQ(rules::local_time(kMidnight, 480), "2026-11-22 00:00:00");
  EXPECT_EQ(rules::local_time(kT0, 480), "2026-11-22 08:00:00");
  // The same instant in UTC is still the previous afternoon.
  EXPECT_EQ(rules::local_date(kMidnight, 0), "2026-11-21");
  EXPECT_EQ(rules::local_time(kMidnight, 0), "2026-11-21 16:00:00");
  EXPECT_EQ(rules::local_time(0, 0), "1970-01-01 00:00:00");
}

TEST_F(LaneControllerTest, LedgerValidityIsCheckedAgainstTheLocalDate) {
  add_truck("豫H77777", gate::v1::EMISSION_STAGE_CHINA_VI).set_valid_until("2026-11-21");
  // 23:59:59 local on the 21st: still valid.
  lane().on_read(read("豫H77777"), kMidnight - 1000);
  ASSERT_EQ(committed_.size(), 1u);
  EXPECT_EQ(committed_[0].decision().verdict(), gate::v1::VERDICT_PASS);
  lane().on_open_result(41, false, "test", kMidnight - 900);
  // 00:00:20 local on the 22nd (16:00 UTC on the 21st): expired.
  lane().on_read(read("豫H77777"), kMidnight + 20000);
  ASSERT_EQ(committed_.size(), 2u);
  EXPECT_EQ(committed_[1].decision().verdict(), gate::v1::VERDICT_REFUSE);
  EXPECT_EQ(committed_[1].decision().rule_id(), "identity.ledger_not_valid");
}

}  // namespace
}  // namespace gate::host
