// The outbox parts of GateStore that the uplink relies on: parked rows, requeue, metrics by
// live window, and the in-place migration of older files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "firmware-host/store/gate_store.h"
#include "tests/support/passages.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using sync_test::kT0;
using sync_test::passage;

class OutboxStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = GateStore::Open(dir_.file("gate.db"));
    ASSERT_TRUE(s.ok()) << s.error();
    store_ = std::move(s).value();
  }
  int64_t commit(const std::string& plate, int64_t at) {
    auto p = passage(plate, at, false);
    auto seq = store_->commit_passage(p, at);
    EXPECT_TRUE(seq.ok()) << seq.error();
    return seq.ok() ? seq.value() : 0;
  }
  std::vector<int64_t> pending_ids() {
    std::vector<int64_t> ids;
    auto rows = store_->next_outbox(100);
    EXPECT_TRUE(rows.ok()) << rows.error();
    for (const auto& r : rows.value()) ids.push_back(r.id);
    return ids;
  }
  test_support::TempDir dir_;
  std::unique_ptr<GateStore> store_;
};

TEST_F(OutboxStoreTest, ParkedRowsAreSkippedKeptAndCanBeRequeued) {
  commit("豫H00001", kT0);
  commit("豫H00002", kT0 + 1);
  commit("豫H00003", kT0 + 2);
  auto ids = pending_ids();
  ASSERT_EQ(ids.size(), 3u);
  ASSERT_TRUE(store_->mark_parked(ids[1], "code_table: direction 7", kT0 + 10).ok());
  EXPECT_EQ(pending_ids(), (std::vector<int64_t>{ids[0], ids[2]}));

  auto parked = store_->parked_outbox(10);
  ASSERT_TRUE(parked.ok()) << parked.error();
  ASSERT_EQ(parked.value().size(), 1u);
  EXPECT_EQ(parked.value()[0].id, ids[1]);
  EXPECT_EQ(parked.value()[0].gate_id, "G1");
  EXPECT_EQ(parked.value()[0].kind, "decision");
  EXPECT_EQ(parked.value()[0].reason, "code_table: direction 7");
  EXPECT_EQ(parked.value()[0].parked_unix_ms, kT0 + 10);

  auto stats = store_->outbox_stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats.value().pending, 2);
  EXPECT_EQ(stats.value().parked, 1);

  // An acknowledged row cannot be parked.
  ASSERT_TRUE(store_->mark_acked({ids[0]}, kT0 + 20).ok());
  EXPECT_FALSE(store_->mark_parked(ids[0], "late", kT0 + 30).ok());

  auto n = store_->requeue_parked();
  ASSERT_TRUE(n.ok()) << n.error();
  EXPECT_EQ(n.value(), 1);
  EXPECT_EQ(pending_ids(), (std::vector<int64_t>{ids[1], ids[2]}));
  EXPECT_TRUE(store_->parked_outbox(10).value().empty());
}

// The uploader reads with its own connection: after reading a batch it must still see
// passages the lanes commit later (a read left open would pin an old WAL snapshot).
TEST_F(OutboxStoreTest, AReaderConnectionSeesPassagesCommittedAfterItsLastRead) {
  auto reader = GateStore::Open(dir_.file("gate.db"));
  ASSERT_TRUE(reader.ok()) << reader.error();
  commit("豫H00001", kT0);
  auto first = reader.value()->next_outbox(10);
  ASSERT_TRUE(first.ok()) << first.error();
  ASSERT_EQ(first.value().size(), 1u);
  ASSERT_TRUE(reader.value()->read_passage(first.value()[0].passage_seq).ok());
  commit("豫H00002", kT0 + 1);
  auto second = reader.value()->next_outbox(10);
  ASSERT_TRUE(second.ok()) << second.error();
  ASSERT_EQ(second.value().size(), 2u);
  EXPECT_EQ(second.value()[1].passage.read().plate_text(), "豫H00002");
  EXPECT_EQ(reader.value()->outbox_stats(60000).value().pending, 2);
}

TEST_F(OutboxStoreTest, StatsCountDeliveryWithinTheLiveWindow) {
  for (int i = 0; i < 4; ++i) commit("豫H1000" + std::to_string(i), kT0 + i * 1000);
  auto ids = pending_ids();
  ASSERT_EQ(ids.size(), 4u);
  ASSERT_TRUE(store_->mark_acked({ids[0]}, kT0 + 5000).ok());          // 5 s after
  ASSERT_TRUE(store_->mark_acked({ids[1]}, kT0 + 1000 + 60000).ok());  // at the edge
  ASSERT_TRUE(store_->mark_acked({ids[2]}, kT0 + 2000 + 60001).ok());  // late
  auto s = store_->outbox_stats(60000);
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(s.value().acked, 3);
  EXPECT_EQ(s.value().acked_within_window, 2);
  EXPECT_EQ(s.value().pending, 1);
  EXPECT_EQ(s.value().oldest_pending_unix_ms, kT0 + 3000);
  // Only rows queued since a time.
  auto recent = store_->outbox_stats(60000, kT0 + 1500);
  EXPECT_EQ(recent.value().acked, 1);
  EXPECT_EQ(recent.value().acked_within_window, 0);
  EXPECT_EQ(recent.value().pending, 1);
  // A wider window counts the late one too.
  EXPECT_EQ(store_->outbox_stats(120000).value().acked_within_window, 3);
}

// Where the platform takes photos as messages: a passage with a photo queues its photo after its
// decision, one without queues none; the photo backlog and the bytes taken are counted.
TEST_F(OutboxStoreTest, PhotoRecordsFollowTheirPassageAndTheirBytesAreCounted) {
  commit("豫H00001", kT0);  // before: no photo rows
  store_->queue_photo_records(true);
  commit("豫H00002", kT0 + 1);
  auto without_photo = passage("豫H00003", kT0 + 2, false);
  without_photo.mutable_read()->clear_image_sha256();
  ASSERT_TRUE(store_->commit_passage(without_photo, kT0 + 2).ok());
  auto rows = store_->next_outbox(10);
  ASSERT_TRUE(rows.ok()) << rows.error();
  std::vector<std::string> kinds;
  for (const auto& r : rows.value()) kinds.push_back(std::to_string(r.passage_seq) + r.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"1decision", "2decision", "2photo_1", "3decision"}));
  auto stats = store_->outbox_stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats.value().photos_pending, 1);
  EXPECT_EQ(stats.value().photo_bytes_sent, 0);
  ASSERT_TRUE(store_->mark_acked({rows.value()[2].id}, kT0 + 5, 150000).ok());
  ASSERT_TRUE(store_->mark_acked({rows.value()[0].id}, kT0 + 5, 2000).ok());
  stats = store_->outbox_stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats.value().photos_pending, 0);
  EXPECT_EQ(stats.value().photo_bytes_sent, 152000);
}

TEST(OutboxMigrationTest, AnOlderFileGetsTheNewColumnsAndKeepsItsRows) {
  test_support::TempDir dir;
  const std::string path = dir.file("old.db");
  {
    // The foundation's outbox, before parking existed.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                           "passage_seq INTEGER NOT NULL, kind TEXT NOT NULL, "
                           "created_unix_ms INTEGER NOT NULL, acked_unix_ms INTEGER, "
                           "attempts INTEGER NOT NULL DEFAULT 0, "
                           "last_error TEXT NOT NULL DEFAULT '');"
                           "INSERT INTO outbox(passage_seq, kind, created_unix_ms) "
                           "VALUES (1, 'decision', 1000);",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  auto store = GateStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.error();
  auto stats = store.value()->outbox_stats();
  ASSERT_TRUE(stats.ok()) << stats.error();
  EXPECT_EQ(stats.value().pending, 1);
  EXPECT_EQ(stats.value().parked, 0);
  // Opening again is a no-op.
  store.value().reset();
  auto again = GateStore::Open(path);
  ASSERT_TRUE(again.ok()) << again.error();
  EXPECT_EQ(again.value()->outbox_stats().value().pending, 1);
}

}  // namespace
}  // namespace gate::host
