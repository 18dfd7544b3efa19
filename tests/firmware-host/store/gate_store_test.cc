#include "firmware-host/store/gate_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int64_t kT0 = 1795305600000;  // 2026-11-22 08:00:00 +08:00

gate::v1::Vehicle truck(const std::string& plate, gate::v1::EmissionStage stage) {
  gate::v1::Vehicle v;
  v.set_plate(plate);
  v.set_plate_color(gate::v1::PLATE_COLOR_YELLOW);
  v.set_vehicle_class(gate::v1::VEHICLE_CLASS_TRANSPORT);
  v.set_vin("LZZ5ELND3KW123456");
  v.set_engine_no("E-42");
  v.set_registration_date("2020-05-01");
  v.set_emission_stage(stage);
  v.set_fuel_type(gate::v1::FUEL_TYPE_DIESEL);
  v.set_vehicle_type("N3");
  v.set_use("freight");
  v.set_fleet("Fleet, Ltd");
  v.set_owner("Owner");
  v.set_valid_from("2025-01-01");
  v.set_valid_until("2026-12-31");
  return v;
}

gate::v1::Passage passage(const std::string& plate, int64_t time, gate::v1::Verdict verdict,
                          bool known = true) {
  gate::v1::Passage p;
  p.set_gate_id("HN-JZ-0001-G1");
  p.set_lane_id("L1");
  p.set_direction(gate::v1::DIRECTION_IN);
  p.set_time_unix_ms(time);
  auto* r = p.mutable_read();
  r->set_plate_text(plate);
  r->set_color(gate::v1::PLATE_COLOR_YELLOW);
  r->set_confidence(0.93);
  r->set_camera_id("cam-1");
  r->set_image_sha256(std::string(64, 'a'));
  r->set_source("generic");
  p.set_vehicle_known(known);
  if (known) *p.mutable_vehicle() = truck(plate, gate::v1::EMISSION_STAGE_CHINA_VI);
  auto* d = p.mutable_decision();
  d->set_verdict(verdict);
  d->set_rule_id(verdict == gate::v1::VERDICT_PASS ? "pass.all_rules" : "identity.unknown_vehicle");
  d->set_reason(verdict == gate::v1::VERDICT_PASS ? "准予通行" : "未登记车辆");
  d->set_policy_version("test-1");
  d->set_explanation("inputs");
  p.set_alert_level(gate::v1::ALERT_LEVEL_NONE);
  p.set_outcome(verdict == gate::v1::VERDICT_PASS ? gate::v1::PASSAGE_OUTCOME_PENDING
                                                  : gate::v1::PASSAGE_OUTCOME_TURNED_AWAY);
  return p;
}

std::vector<int64_t> seqs(const std::vector<gate::v1::Passage>& ps) {
  std::vector<int64_t> out;
  for (const auto& p : ps) out.push_back(p.seq());
  return out;
}

class GateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { reopen(); }

  void reopen() {
    store_.reset();
    auto s = GateStore::Open(path_);
    ASSERT_TRUE(s.ok()) << s.error();
    store_ = std::move(s).value();
  }

  int64_t commit(gate::v1::Passage p, int64_t now) {
    auto r = store_->commit_passage(p, now);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error());
    if (!r.ok()) return -1;
    EXPECT_EQ(p.seq(), r.value());
    return r.value();
  }

  std::vector<OutboxRow> outbox(int limit = 100) {
    auto r = store_->next_outbox(limit);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error());
    return r.ok() ? r.value() : std::vector<OutboxRow>{};
  }

  std::vector<gate::v1::Passage> list(const PassageFilter& f) {
    auto r = store_->list_passages(f);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error());
    return r.ok() ? r.value() : std::vector<gate::v1::Passage>{};
  }

  OutboxStats stats() {
    auto r = store_->outbox_stats();
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error());
    return r.ok() ? r.value() : OutboxStats{};
  }

  test_support::TempDir dir_;
  std::string path_ = dir_.file("gate.db");
  std::unique_ptr<GateStore> store_;
};

TEST_F(GateStoreTest, CommitAssignsIncreasingSeqAndQueuesADecisionRow) {
  gate::v1::Passage a = passage("豫H12345", kT0, gate::v1::VERDICT_PASS);
  auto r1 = store_->commit_passage(a, kT0 + 5);
  ASSERT_TRUE(r1.ok()) << r1.error();
  EXPECT_EQ(a.seq(), r1.value());
  const int64_t s2 = commit(
      passage("豫H54321", kT0 + 1000, gate::v1::VERDICT_REFUSE, /*known=*/false), kT0 + 1005);
  EXPECT_GT(s2, r1.value());

  auto rows = outbox();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].passage_seq, r1.value());
  EXPECT_EQ(rows[0].kind, "decision");
  EXPECT_EQ(rows[0].created_unix_ms, kT0 + 5);
  EXPECT_EQ(rows[0].attempts, 0);
  EXPECT_EQ(rows[1].passage_seq, s2);
  EXPECT_EQ(rows[1].kind, "decision");
  EXPECT_LT(rows[0].id, rows[1].id);

  // The row carries the passage as stored, field by field.
  const auto& p = rows[0].passage;
  EXPECT_EQ(p.seq(), r1.value());
  EXPECT_EQ(p.gate_id(), "HN-JZ-0001-G1");
  EXPECT_EQ(p.lane_id(), "L1");
  EXPECT_EQ(p.direction(), gate::v1::DIRECTION_IN);
  EXPECT_EQ(p.time_unix_ms(), kT0);
  EXPECT_EQ(p.read().plate_text(), "豫H12345");
  EXPECT_EQ(p.read().color(), gate::v1::PLATE_COLOR_YELLOW);
  EXPECT_DOUBLE_EQ(p.read().confidence(), 0.93);
  EXPECT_EQ(p.read().camera_id(), "cam-1");
  EXPECT_EQ(p.read().image_sha256(), std::string(64, 'a'));
  EXPECT_EQ(p.read().source(), "generic");
  EXPECT_TRUE(p.vehicle_known());
  EXPECT_EQ(p.vehicle().vin(), "LZZ5ELND3KW123456");
  EXPECT_EQ(p.vehicle().emission_stage(), gate::v1::EMISSION_STAGE_CHINA_VI);
  EXPECT_EQ(p.vehicle().fuel_type(), gate::v1::FUEL_TYPE_DIESEL);
  EXPECT_EQ(p.vehicle().fleet(), "Fleet, Ltd");
  EXPECT_EQ(p.decision().verdict(), gate::v1::VERDICT_PASS);
  EXPECT_EQ(p.decision().rule_id(), "pass.all_rules");
  EXPECT_EQ(p.decision().reason(), "准予通行");
  EXPECT_EQ(p.decision().policy_version(), "test-1");
  EXPECT_EQ(p.outcome(), gate::v1::PASSAGE_OUTCOME_PENDING);

  EXPECT_FALSE(rows[1].passage.vehicle_known());
  EXPECT_EQ(rows[1].passage.decision().verdict(), gate::v1::VERDICT_REFUSE);
  EXPECT_EQ(rows[1].passage.outcome(), gate::v1::PASSAGE_OUTCOME_TURNED_AWAY);

  OutboxStats st = stats();
  EXPECT_EQ(st.pending, 2);
  EXPECT_EQ(st.acked, 0);
  EXPECT_EQ(st.oldest_pending_unix_ms, kT0 + 5);
}

// docs/uplink.md §2: a refuse or hold is final and never queues an outcome row; a pass whose
// outcome is known at commit (the busy lane could not open: turned_away) queues its outcome
// row at once, in the same transaction, as every pass is followed by its outcome record.
TEST_F(GateStoreTest, OnlyAPassQueuesAnOutcomeRowAtCommit) {
  const int64_t refused =
      commit(passage("豫H54321", kT0, gate::v1::VERDICT_REFUSE, /*known=*/false), kT0 + 1);
  auto held = passage("豫H54322", kT0 + 100, gate::v1::VERDICT_HOLD);
  held.set_outcome(gate::v1::PASSAGE_OUTCOME_TURNED_AWAY);
  const int64_t held_seq = commit(held, kT0 + 101);
  auto busy = passage("豫H12345", kT0 + 200, gate::v1::VERDICT_PASS);
  busy.set_outcome(gate::v1::PASSAGE_OUTCOME_TURNED_AWAY);
  busy.set_outcome_time_unix_ms(kT0 + 200);
  const int64_t busy_seq = commit(busy, kT0 + 201);
  const int64_t opening = commit(passage("豫H12346", kT0 + 300, gate::v1::VERDICT_PASS), kT0 + 301);

  auto rows = outbox();
  std::vector<std::pair<int64_t, std::string>> got;
  for (const auto& r : rows) got.emplace_back(r.passage_seq, r.kind);
  EXPECT_EQ(got, (std::vector<std::pair<int64_t, std::string>>{{refused, "decision"},
                                                               {held_seq, "decision"},
                                                               {busy_seq, "decision"},
                                                               {busy_seq, "outcome"},
                                                               {opening, "decision"}}));
  EXPECT_EQ(rows[3].created_unix_ms, kT0 + 201);
  EXPECT_EQ(rows[3].passage.outcome(), gate::v1::PASSAGE_OUTCOME_TURNED_AWAY);
}

TEST_F(GateStoreTest, ListPassagesFiltersByTimePlateVerdictAndLimit) {
  const int64_t s1 = commit(passage("豫H12345", kT0, gate::v1::VERDICT_PASS), kT0);
  const int64_t s2 = commit(passage("豫H54321", kT0 + 1000, gate::v1::VERDICT_REFUSE), kT0 + 1000);
  const int64_t s3 = commit(passage("豫H12345", kT0 + 2000, gate::v1::VERDICT_PASS), kT0 + 2000);
  const int64_t s4 = commit(passage("豫AD12345", kT0 + 3000, gate::v1::VERDICT_REFUSE), kT0 + 3000);

  EXPECT_THAT(seqs(list({})), ElementsAre(s1, s2, s3, s4));

  PassageFilter range;
  range.from_unix_ms = kT0 + 1000;  // inclusive
  range.to_unix_ms = kT0 + 3000;    // exclusive
  EXPECT_THAT(seqs(list(range)), ElementsAre(s2, s3));

  PassageFilter plate;
  plate.plate = "豫H12345";
  EXPECT_THAT(seqs(list(plate)), ElementsAre(s1, s3));

  PassageFilter refused;
  refused.verdict = gate::v1::VERDICT_REFUSE;
  EXPECT_THAT(seqs(list(refused)), ElementsAre(s2, s4));

  PassageFilter limited;
  limited.limit = 2;
  EXPECT_THAT(seqs(list(limited)), ElementsAre(s1, s2));

  PassageFilter none;
  none.plate = "豫H12345";
  none.verdict = gate::v1::VERDICT_REFUSE;
  EXPECT_TRUE(list(none).empty());
}

TEST_F(GateStoreTest, SetOutcomeUpdatesThePassageAndQueuesAnOutcomeRow) {
  const int64_t seq = commit(passage("豫H12345", kT0, gate::v1::VERDICT_PASS), kT0);
  ASSERT_TRUE(store_->set_outcome(seq, gate::v1::PASSAGE_OUTCOME_PASSED, kT0 + 9000).ok());

  auto ps = list({});
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].outcome(), gate::v1::PASSAGE_OUTCOME_PASSED);
  EXPECT_EQ(ps[0].outcome_time_unix_ms(), kT0 + 9000);

  auto rows = outbox();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].kind, "decision");
  EXPECT_EQ(rows[1].kind, "outcome");
  EXPECT_EQ(rows[1].passage_seq, seq);
  EXPECT_EQ(rows[1].created_unix_ms, kT0 + 9000);
  // Both rows carry the passage's current state.
  EXPECT_EQ(rows[0].passage.outcome(), gate::v1::PASSAGE_OUTCOME_PASSED);
  EXPECT_EQ(rows[1].passage.outcome(), gate::v1::PASSAGE_OUTCOME_PASSED);
}

TEST_F(GateStoreTest, TheConfirmationOfAPassedOutcomeIsKept) {
  const int64_t a = commit(passage("豫H12345", kT0, gate::v1::VERDICT_PASS), kT0);
  const int64_t b = commit(passage("豫H54321", kT0 + 1, gate::v1::VERDICT_PASS), kT0 + 1);
  ASSERT_TRUE(store_
                  ->set_outcome(a, gate::v1::PASSAGE_OUTCOME_PASSED, kT0 + 9000,
                                gate::v1::PASSAGE_CONFIRMATION_TIMEOUT)
                  .ok());
  ASSERT_TRUE(
      store_->set_outcome(b, gate::v1::PASSAGE_OUTCOME_NO_VEHICLE_PRESENT, kT0 + 9001).ok());
  auto ps = list({});
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_EQ(ps[0].confirmation(), gate::v1::PASSAGE_CONFIRMATION_TIMEOUT);
  EXPECT_EQ(ps[1].outcome(), gate::v1::PASSAGE_OUTCOME_NO_VEHICLE_PRESENT);
  EXPECT_EQ(ps[1].confirmation(), gate::v1::PASSAGE_CONFIRMATION_UNSPECIFIED);
  EXPECT_EQ(outbox().back().passage.confirmation(), gate::v1::PASSAGE_CONFIRMATION_UNSPECIFIED);
  EXPECT_EQ(outbox()[2].passage.confirmation(), gate::v1::PASSAGE_CONFIRMATION_TIMEOUT);
}

TEST_F(GateStoreTest, SetOutcomeOfUnknownSeqFailsAndQueuesNothing) {
  commit(passage("豫H12345", kT0, gate::v1::VERDICT_PASS), kT0);
  Status st = store_->set_outcome(99, gate::v1::PASSAGE_OUTCOME_PASSED, kT0 + 1);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("99"));
  EXPECT_EQ(outbox().size(), 1u);
}

TEST_F(GateStoreTest, NextOutboxIsOldestFirstAndHonoursTheLimit) {
  const int64_t s1 = commit(passage("豫H12345", kT0, gate::v1::VERDICT_PASS), kT0);
  const int64_t s2 = commit(passage("豫H54321", kT0 + 10, gate::v1::VERDICT_REFUSE), kT0 + 10);
  ASSERT_TRUE(store_->set_outcome(s1, gate::v1::PASSAGE_OUTCOME_PASSED, kT0 + 20).ok());

  auto rows = outbox();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].passage_seq, s1);
  EXPECT_EQ(rows[0].kind, "decision");
  EXPECT_EQ(rows[1].passage_seq, s2);
  EXPECT_EQ(rows[2].passage_seq, s1);
  EXPECT_EQ(rows[2].kind, "outcome");

  auto first = outbox(1);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].id, rows[0].id);
}

TEST_F(GateStoreTest, MarkAckedRemovesRowsFromTheQueueAndCountsThem) {
  commit(passage("豫H12345", kT0, gate::v1::VERDICT_PASS), kT0);
  commit(passage("豫H54321", kT0 + 10, gate::v1::VERDICT_REFUSE), kT0 + 10);
  commit(passage("豫AD12345", kT0 + 20, gate::v1::VERDICT_REFUSE), kT0 + 20);
  auto rows = outbox();
  ASSERT_EQ(rows.size(), 3u);

  ASSERT_TRUE(store_->mark_acked({rows[0].id, rows[1].id}, kT0 + 100).ok());
  auto left = outbox();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].id, rows[2].id);

  OutboxStats st = stats();
  EXPECT_EQ(st.pending, 1);
  EXPECT_EQ(st.acked, 2);
  EXPECT_EQ(st.oldest_pending_unix_ms, kT0 + 20);

  // Acknowledging again changes nothing; acknowledging the last empties the queue.
  ASSERT_TRUE(store_->mark_acked({rows[0].id}, kT0 + 200).ok());
  EXPECT_EQ(stats().acked, 2);
  ASSERT_TRUE(store_->mark_acked({rows[2].id}, kT0 + 300).ok());
  EXPECT_TRUE(outbox().empty());
  st = stats();
  EXPECT_EQ(st.pending, 0);
  EXPECT_EQ(st.acked, 3);
  EXPECT_EQ(st.oldest_pending_unix_ms, 0);
  // Acknowledged passages are kept.
  EXPECT_EQ(list({}).size(), 3u);
}

TEST_F(GateStoreTest, MarkFailedCountsAttemptsAndKeepsTheRowPending) {
  commit(passage("豫H12345", kT0, gate::v1::VERDICT_PASS), kT0);
  auto rows = outbox();
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_TRUE(store_->mark_failed({rows[0].id}, "connection refused").ok());
  ASSERT_TRUE(store_->mark_failed({rows[0].id}, "timeout").ok());
  rows = outbox();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].attempts, 2);
  EXPECT_EQ(stats().pending, 1);
  EXPECT_EQ(stats().acked, 0);
}

TEST_F(GateStoreTest, EverythingSurvivesReopening) {
  const int64_t s1 = commit(passage("豫H12345", kT0, gate::v1::VERDICT_PASS), kT0);
  commit(passage("豫H54321", kT0 + 10, gate::v1::VERDICT_REFUSE), kT0 + 10);
  ASSERT_TRUE(store_->set_outcome(s1, gate::v1::PASSAGE_OUTCOME_PASSED, kT0 + 20).ok());
  ASSERT_TRUE(
      store_->upsert_vehicle(truck("豫H12345", gate::v1::EMISSION_STAGE_CHINA_VI), kT0).ok());
  auto rows = outbox();
  ASSERT_EQ(rows.size(), 3u);
  ASSERT_TRUE(store_->mark_acked({rows[0].id}, kT0 + 30).ok());
  ASSERT_TRUE(store_->mark_failed({rows[1].id}, "timeout").ok());

  reopen();

  auto ps = list({});
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_EQ(ps[0].seq(), s1);
  EXPECT_EQ(ps[0].outcome(), gate::v1::PASSAGE_OUTCOME_PASSED);
  EXPECT_EQ(ps[0].read().plate_text(), "豫H12345");
  EXPECT_EQ(ps[1].read().plate_text(), "豫H54321");
  auto vs = store_->load_vehicles();
  ASSERT_TRUE(vs.ok()) << vs.error();
  ASSERT_EQ(vs.value().size(), 1u);
  EXPECT_EQ(vs.value()[0].plate(), "豫H12345");
  auto left = outbox();
  ASSERT_EQ(left.size(), 2u);
  EXPECT_EQ(left[0].id, rows[1].id);
  EXPECT_EQ(left[0].attempts, 1);
  EXPECT_EQ(stats().acked, 1);

  // Sequence numbers continue after the reopen; they are never reused.
  const int64_t s3 = commit(passage("豫AD12345", kT0 + 40, gate::v1::VERDICT_REFUSE), kT0 + 40);
  EXPECT_GT(s3, ps[1].seq());
}

TEST_F(GateStoreTest, PendingPassagesListsOnlyUnconfirmedOpenings) {
  const int64_t s1 = commit(passage("豫H12345", kT0, gate::v1::VERDICT_PASS), kT0);
  commit(passage("豫H54321", kT0 + 10, gate::v1::VERDICT_REFUSE), kT0 + 10);  // turned away
  const int64_t s3 = commit(passage("豫AD12345", kT0 + 20, gate::v1::VERDICT_PASS), kT0 + 20);
  auto pending = store_->pending_passages();
  ASSERT_TRUE(pending.ok()) << pending.error();
  EXPECT_THAT(pending.value(), ElementsAre(s1, s3));

  ASSERT_TRUE(store_->set_outcome(s1, gate::v1::PASSAGE_OUTCOME_PASSED, kT0 + 30).ok());
  reopen();
  pending = store_->pending_passages();
  ASSERT_TRUE(pending.ok()) << pending.error();
  EXPECT_THAT(pending.value(), ElementsAre(s3));
}

TEST_F(GateStoreTest, UpsertVehicleReplacesTheEntryWithTheSamePlate) {
  ASSERT_TRUE(
      store_->upsert_vehicle(truck("豫H12345", gate::v1::EMISSION_STAGE_CHINA_V), kT0).ok());
  ASSERT_TRUE(
      store_->upsert_vehicle(truck("豫H54321", gate::v1::EMISSION_STAGE_CHINA_IV), kT0).ok());
  gate::v1::Vehicle updated = truck("豫H12345", gate::v1::EMISSION_STAGE_CHINA_VI);
  updated.set_suspended(true);
  updated.set_fleet("New fleet");
  ASSERT_TRUE(store_->upsert_vehicle(updated, kT0 + 1).ok());

  auto vs = store_->load_vehicles();
  ASSERT_TRUE(vs.ok()) << vs.error();
  ASSERT_EQ(vs.value().size(), 2u);
  const auto& v = vs.value()[0];
  EXPECT_EQ(v.plate(), "豫H12345");
  EXPECT_EQ(v.emission_stage(), gate::v1::EMISSION_STAGE_CHINA_VI);
  EXPECT_TRUE(v.suspended());
  EXPECT_EQ(v.fleet(), "New fleet");
  // Every column round-trips.
  EXPECT_EQ(v.plate_color(), gate::v1::PLATE_COLOR_YELLOW);
  EXPECT_EQ(v.vehicle_class(), gate::v1::VEHICLE_CLASS_TRANSPORT);
  EXPECT_EQ(v.vin(), "LZZ5ELND3KW123456");
  EXPECT_EQ(v.engine_no(), "E-42");
  EXPECT_EQ(v.registration_date(), "2020-05-01");
  EXPECT_EQ(v.fuel_type(), gate::v1::FUEL_TYPE_DIESEL);
  EXPECT_EQ(v.vehicle_type(), "N3");
  EXPECT_EQ(v.use(), "freight");
  EXPECT_EQ(v.owner(), "Owner");
  EXPECT_EQ(v.valid_from(), "2025-01-01");
  EXPECT_EQ(v.valid_until(), "2026-12-31");
  EXPECT_EQ(vs.value()[1].plate(), "豫H54321");
}

TEST_F(GateStoreTest, MachineryWithoutPlateIsKeyedByRegistrationCode) {
  gate::v1::Vehicle m;
  m.set_vehicle_class(gate::v1::VEHICLE_CLASS_NON_ROAD_MACHINERY);
  m.set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_III);
  m.set_registration_code("HN-JZ-000123");
  ASSERT_TRUE(store_->upsert_vehicle(m, kT0).ok());
  m.set_registration_code("HN-JZ-000124");
  ASSERT_TRUE(store_->upsert_vehicle(m, kT0).ok());
  m.set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_IV);
  ASSERT_TRUE(store_->upsert_vehicle(m, kT0).ok());  // replaces ...124
  auto vs = store_->load_vehicles();
  ASSERT_TRUE(vs.ok()) << vs.error();
  ASSERT_EQ(vs.value().size(), 2u);
  EXPECT_EQ(vs.value()[0].emission_stage(), gate::v1::EMISSION_STAGE_CHINA_III);
  EXPECT_EQ(vs.value()[1].registration_code(), "HN-JZ-000124");
  EXPECT_EQ(vs.value()[1].emission_stage(), gate::v1::EMISSION_STAGE_CHINA_IV);
}

TEST_F(GateStoreTest, ReplaceLedgerWritesAllEntriesAndUpdatesExistingOnes) {
  ASSERT_TRUE(
      store_->upsert_vehicle(truck("豫H12345", gate::v1::EMISSION_STAGE_CHINA_IV), kT0).ok());
  std::vector<gate::v1::Vehicle> ledger = {truck("豫H12345", gate::v1::EMISSION_STAGE_CHINA_VI),
                                           truck("豫H54321", gate::v1::EMISSION_STAGE_CHINA_V),
                                           truck("豫A12345D", gate::v1::EMISSION_STAGE_ELECTRIC)};
  ASSERT_TRUE(store_->replace_ledger(ledger, kT0 + 1).ok());
  reopen();
  auto vs = store_->load_vehicles();
  ASSERT_TRUE(vs.ok()) << vs.error();
  ASSERT_EQ(vs.value().size(), 3u);
  EXPECT_EQ(vs.value()[0].plate(), "豫H12345");
  EXPECT_EQ(vs.value()[0].emission_stage(), gate::v1::EMISSION_STAGE_CHINA_VI);
  EXPECT_EQ(vs.value()[1].plate(), "豫H54321");
  EXPECT_EQ(vs.value()[2].plate(), "豫A12345D");
  EXPECT_EQ(vs.value()[2].emission_stage(), gate::v1::EMISSION_STAGE_ELECTRIC);
}

TEST_F(GateStoreTest, DatabaseIsInWalMode) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path_.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  std::string mode = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
  EXPECT_EQ(mode, "wal");
}

TEST_F(GateStoreTest, ReadOnlyOpenReadsWhatTheWriterCommitted) {
  const int64_t s1 = commit(passage("豫H12345", kT0, gate::v1::VERDICT_PASS), kT0);
  auto ro = GateStore::Open(path_, /*read_only=*/true);
  ASSERT_TRUE(ro.ok()) << ro.error();
  auto ps = ro.value()->list_passages({});
  ASSERT_TRUE(ps.ok()) << ps.error();
  EXPECT_THAT(seqs(ps.value()), ElementsAre(s1));
  // It cannot write.
  gate::v1::Passage p = passage("豫H54321", kT0, gate::v1::VERDICT_REFUSE);
  EXPECT_FALSE(ro.value()->commit_passage(p, kT0).ok());
}

TEST(GateStoreOpenTest, ReadOnlyOpenOfMissingFileSaysSo) {
  test_support::TempDir dir;
  const std::string path = dir.file("missing.db");
  auto r = GateStore::Open(path, /*read_only=*/true);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), HasSubstr(path));
  EXPECT_THAT(r.error(), HasSubstr("does the file exist"));
  EXPECT_FALSE(std::filesystem::exists(path));  // and it did not create it
}

TEST(GateStoreOpenTest, OpenInMissingDirectoryFails) {
  test_support::TempDir dir;
  auto r = GateStore::Open(dir.file("no/such/dir/gate.db"));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), HasSubstr("no/such/dir/gate.db"));
}

// The clock mode a database was first used under sticks: a simulation run's records never mix
// with a gate's, either way round.
TEST_F(GateStoreTest, ASimulatedDatabaseIsRefusedByAProductionStartAndViceVersa) {
  ASSERT_TRUE(store_->check_clock_mode(/*simulated=*/true).ok());
  commit(passage("豫H12345", kT0, gate::v1::VERDICT_PASS), kT0);
  EXPECT_TRUE(store_->check_clock_mode(true).ok());  // the same mode again is fine
  reopen();
  const Status production = store_->check_clock_mode(false);
  ASSERT_FALSE(production.ok());
  EXPECT_THAT(production.message(), HasSubstr("simulation run"));
  EXPECT_THAT(production.message(), HasSubstr("database_path"));

  test_support::TempDir other;
  auto gate = GateStore::Open(other.file("gate.db"));
  ASSERT_TRUE(gate.ok()) << gate.error();
  ASSERT_TRUE(gate.value()->check_clock_mode(false).ok());
  const Status simulated = gate.value()->check_clock_mode(true);
  ASSERT_FALSE(simulated.ok());
  EXPECT_THAT(simulated.message(), HasSubstr("system clock"));
}

// A file from before the clock was recorded: with passages in it, it is a gate's record and
// simulation mode may not write into it; a production start adopts it.
TEST_F(GateStoreTest, AnUnmarkedDatabaseWithPassagesIsRefusedInSimulationMode) {
  commit(passage("豫H12345", kT0, gate::v1::VERDICT_PASS), kT0);
  const Status simulated = store_->check_clock_mode(true);
  ASSERT_FALSE(simulated.ok());
  EXPECT_THAT(simulated.message(), HasSubstr("1 passages recorded on the system clock"));
  EXPECT_TRUE(store_->check_clock_mode(false).ok());
  EXPECT_FALSE(store_->check_clock_mode(true).ok());
}

}  // namespace
}  // namespace gate::host
