#include "firmware-host/sync/upload_payload.h"

#include <gtest/gtest.h>

#include "drivers/uplink/wire_json.h"
#include "tests/support/passages.h"

namespace gate::host {
namespace {

using sync_test::kT0;
using sync_test::passage;

constexpr int64_t kLiveWindow = 60000;

OutboxRow row(int64_t seq, const std::string& kind, int64_t created, bool known) {
  OutboxRow r;
  r.id = seq * 10;
  r.passage_seq = seq;
  r.kind = kind;
  r.created_unix_ms = created;
  r.passage = passage(known ? "豫H12345" : "豫H99999", kT0, known);
  r.passage.set_seq(seq);
  return r;
}

// Passage 9's second cargo entry (a correction), as next_outbox returns it.
OutboxRow sync_test_cargo_row() {
  OutboxRow r = row(9, "cargo_2", kT0 + 2000, true);
  r.cargo = CargoEntry{5, 9, 2, "铁矿石", 31250, "t", "alice", kT0 + 2000};
  return r;
}

PayloadOptions options(rules::ColorCodeTable table = rules::ColorCodeTable::kTrafficEtc) {
  PayloadOptions o;
  o.live_window_ms = kLiveWindow;
  o.utc_offset_minutes = 480;
  o.color_table = table;
  return o;
}

TEST(UploadPayloadTest, RecordKeyIsGateSeqAndKind) {
  EXPECT_EQ(record_key("HN-JZ-0001-G1", row(12, "decision", kT0, true)),
            "HN-JZ-0001-G1-12-decision");
  EXPECT_EQ(record_key("G1", row(7, "outcome", kT0, true)), "G1-7-outcome");
}

TEST(UploadPayloadTest, DecisionRecordCarriesThePassageInPlatformCodes) {
  auto r = build_record("G1", row(1, "decision", kT0, true), kT0 + 1000, options());
  EXPECT_EQ(r.key(), "G1-1-decision");
  EXPECT_EQ(r.kind(), "decision");
  EXPECT_EQ(r.gate_id(), "G1");
  EXPECT_EQ(r.seq(), 1);
  EXPECT_FALSE(r.backfill());
  EXPECT_EQ(r.sent_at(), "2026-11-22T08:00:01+08:00");
  ASSERT_TRUE(r.has_decision());
  EXPECT_FALSE(r.has_outcome());
  const auto& d = r.decision();
  EXPECT_EQ(d.time(), "2026-11-22T08:00:00+08:00");
  EXPECT_EQ(d.lane_id(), "L1");
  EXPECT_EQ(d.direction(), 1);
  EXPECT_EQ(d.plate(), "豫H12345");
  EXPECT_EQ(d.plate_color(), 1);  // yellow in the traffic/ETC table
  EXPECT_EQ(d.plate_color_name(), "yellow");
  EXPECT_DOUBLE_EQ(d.confidence(), 0.9);
  EXPECT_EQ(d.camera_id(), "cam-1");
  EXPECT_EQ(d.image_sha256(), std::string(64, 'a'));
  EXPECT_TRUE(d.vehicle_known());
  EXPECT_EQ(d.vehicle().vin(), "LZZ5ELND3KW123456");
  EXPECT_EQ(d.vehicle().engine_no(), "E-42");
  EXPECT_EQ(d.vehicle().registration_date(), "2020-05-01");
  EXPECT_EQ(d.vehicle().emission_stage(), "6");
  EXPECT_EQ(d.vehicle().fuel_type(), "B");
  EXPECT_EQ(d.vehicle().vehicle_class(), 1);
  EXPECT_EQ(d.vehicle().fleet(), "Fleet");
  EXPECT_EQ(d.verdict(), "pass");
  EXPECT_EQ(d.rule_id(), "pass.all_rules");
  EXPECT_EQ(d.reason(), "准予通行");
  EXPECT_EQ(d.policy_version(), "test-1");
  EXPECT_EQ(d.alert_level(), 0);
}

// Photo records: photo_1 carries the passage's photo, photo_2 its plate close-up; both carry
// the decision's fields (the close-up's hash among them) for the photo message's plate and time.
TEST(UploadPayloadTest, PhotoRecordsAreNumberedOneForThePhotoAndTwoForTheCloseup) {
  EXPECT_EQ(photo_number("decision"), 0);
  EXPECT_EQ(photo_number("outcome"), 0);
  EXPECT_EQ(photo_number(kPhotoRecordKind), 1);
  EXPECT_EQ(photo_number(kCloseupRecordKind), 2);
  EXPECT_EQ(photo_number("photo_3"), 0) << "no third photo is kept";

  OutboxRow first = row(4, kPhotoRecordKind, kT0, true);
  first.passage.mutable_read()->set_closeup_sha256(std::string(64, 'c'));
  OutboxRow second = first;
  second.kind = kCloseupRecordKind;
  auto one = build_record("G1", first, kT0 + 1000, options());
  auto two = build_record("G1", second, kT0 + 1000, options());
  EXPECT_EQ(one.key(), "G1-4-photo_1");
  EXPECT_EQ(two.key(), "G1-4-photo_2");
  EXPECT_EQ(one.photo().number(), 1);
  EXPECT_EQ(one.photo().sha256(), std::string(64, 'a'));
  EXPECT_EQ(two.photo().number(), 2);
  EXPECT_EQ(two.photo().sha256(), std::string(64, 'c'));
  EXPECT_EQ(two.decision().plate(), "豫H12345");
  EXPECT_EQ(two.decision().closeup_sha256(), std::string(64, 'c'));

  auto decision = build_record("G1", row(5, "decision", kT0, true), kT0 + 1000, options());
  EXPECT_FALSE(decision.has_photo());
  EXPECT_EQ(decision.decision().closeup_sha256(), "") << "no close-up: an empty hash";
}

TEST(UploadPayloadTest, ADecisionCarriesThePlatformsCheckAndSerial) {
  auto answered = row(3, "decision", kT0, true);
  auto* c = answered.passage.mutable_check();
  c->set_status(gate::v1::VehicleCheck::STATUS_ANSWERED);
  c->set_reason("ok");
  c->set_serial("PS-77");
  c->set_ledger_mismatch("stage: ledger China V, platform China IV");
  const auto a = build_record("G1", answered, kT0, options()).decision();
  EXPECT_EQ(a.check_status(), "answered");
  EXPECT_EQ(a.platform_serial(), "PS-77");
  EXPECT_EQ(a.ledger_mismatch(), "stage: ledger China V, platform China IV");
  auto degraded = row(4, "decision", kT0, true);
  degraded.passage.mutable_check()->set_status(gate::v1::VehicleCheck::STATUS_UNAVAILABLE);
  degraded.passage.mutable_check()->set_reason("no answer within 800 ms");
  const auto d = build_record("G1", degraded, kT0, options()).decision();
  EXPECT_EQ(d.check_status(), "unavailable");
  EXPECT_EQ(d.check_reason(), "no answer within 800 ms");
  EXPECT_EQ(d.platform_serial(), "") << "decided without the platform: no serial";
  EXPECT_EQ(
      build_record("G1", row(5, "decision", kT0, true), kT0, options()).decision().check_status(),
      "")
      << "no check made";
}

TEST(UploadPayloadTest, UnknownVehicleHasNoVehicleBlock) {
  auto r = build_record("G1", row(2, "decision", kT0, false), kT0, options());
  EXPECT_FALSE(r.decision().vehicle_known());
  EXPECT_FALSE(r.decision().has_vehicle());
  EXPECT_EQ(r.decision().verdict(), "refuse");
  std::string json = drivers::uplink::to_json(r);
  EXPECT_EQ(json.find("\"vehicle\":"), std::string::npos) << json;
  EXPECT_NE(json.find("\"vehicle_known\":false"), std::string::npos) << json;
}

TEST(UploadPayloadTest, OutcomeRecordCarriesOnlyTheOutcome) {
  auto o = row(3, "outcome", kT0 + 5000, true);
  o.passage.set_outcome(gate::v1::PASSAGE_OUTCOME_PASSED);
  o.passage.set_outcome_time_unix_ms(kT0 + 4000);
  auto r = build_record("G1", o, kT0 + 6000, options());
  EXPECT_EQ(r.key(), "G1-3-outcome");
  EXPECT_FALSE(r.has_decision());
  ASSERT_TRUE(r.has_outcome());
  EXPECT_EQ(r.outcome().outcome(), "passed");
  EXPECT_EQ(r.outcome().time(), "2026-11-22T08:00:04+08:00");
}

// A pass the busy lane could not open: its outcome record says turned_away, at the decision.
TEST(UploadPayloadTest, APassThatCouldNotOpenIsSentAsTurnedAway) {
  auto o = row(4, "outcome", kT0 + 10, true);
  o.passage.set_outcome(gate::v1::PASSAGE_OUTCOME_TURNED_AWAY);
  o.passage.set_outcome_time_unix_ms(kT0);
  auto r = build_record("G1", o, kT0 + 20, options());
  ASSERT_TRUE(r.has_outcome());
  EXPECT_EQ(r.outcome().outcome(), "turned_away");
  EXPECT_EQ(r.outcome().confirmed_by(), "");
  EXPECT_EQ(r.outcome().time(), "2026-11-22T08:00:00+08:00");
}

TEST(UploadPayloadTest, BackfillFollowsTheLiveWindow) {
  const int64_t now = kT0 + 10 * kLiveWindow;
  EXPECT_TRUE(build_record("G1", row(1, "decision", now - kLiveWindow - 1, true), now, options())
                  .backfill());
  // Exactly at the window's edge: still live.
  EXPECT_FALSE(
      build_record("G1", row(2, "decision", now - kLiveWindow, true), now, options()).backfill());
  EXPECT_FALSE(build_record("G1", row(3, "outcome", now, true), now, options()).backfill());
}

TEST(UploadPayloadTest, AttemptsDifferOnlyInBackfillAndSentAt) {
  auto first = build_record("G1", row(5, "decision", kT0, true), kT0 + 1000, options());
  auto later = build_record("G1", row(5, "decision", kT0, true), kT0 + 3600000, options());
  EXPECT_NE(first.backfill(), later.backfill());
  first.clear_backfill();
  first.clear_sent_at();
  later.clear_backfill();
  later.clear_sent_at();
  EXPECT_EQ(first.SerializeAsString(), later.SerializeAsString());
}

TEST(UploadPayloadTest, PlateColourUsesTheConfiguredTable) {
  auto o = row(1, "decision", kT0, true);
  o.passage.mutable_read()->set_color(gate::v1::PLATE_COLOR_BLUE);
  EXPECT_EQ(build_record("G1", o, kT0, options()).decision().plate_color(), 0);
  EXPECT_EQ(build_record("G1", o, kT0, options(rules::ColorCodeTable::kPoliceCheckpoint))
                .decision()
                .plate_color(),
            2);
  o.passage.mutable_read()->set_color(gate::v1::PLATE_COLOR_YELLOW_GREEN);
  auto police = build_record("G1", o, kT0, options(rules::ColorCodeTable::kPoliceCheckpoint));
  EXPECT_EQ(police.decision().plate_color(), 9);
  EXPECT_EQ(police.decision().plate_color_name(), "yellow-green");
}

}  // namespace
}  // namespace gate::host

namespace gate::host {
namespace {

TEST(UploadPayloadTest, ACargoRecordCarriesTheEntryAndNothingOfTheDecision) {
  OutboxRow r = sync_test_cargo_row();
  const auto rec = build_record("G1", r, kT0 + 3000, options());
  EXPECT_EQ(rec.key(), "G1-9-cargo_2");
  EXPECT_EQ(rec.kind(), "cargo_2");
  EXPECT_EQ(rec.seq(), 9);
  EXPECT_FALSE(rec.has_decision());
  EXPECT_FALSE(rec.has_outcome());
  ASSERT_TRUE(rec.has_cargo());
  EXPECT_EQ(rec.cargo().name(), "铁矿石");
  EXPECT_EQ(rec.cargo().quantity(), "31.25");  // exact decimal text, never a float
  EXPECT_EQ(rec.cargo().unit(), "t");
  EXPECT_EQ(rec.cargo().entered_by(), "alice");
  EXPECT_EQ(rec.cargo().time(), "2026-11-22T08:00:02+08:00");
  EXPECT_EQ(rec.cargo().revision(), 2);
  EXPECT_EQ(rec.cargo().plate(), "豫H12345");
  // A repeat differs only in sent_at and backfill.
  auto again = build_record("G1", r, kT0 + 900000, options());
  again.set_sent_at(rec.sent_at());
  again.set_backfill(rec.backfill());
  EXPECT_EQ(again.SerializeAsString(), rec.SerializeAsString());
}

}  // namespace
}  // namespace gate::host
