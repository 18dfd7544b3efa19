// Schema step 3: the covering index the uplink's delivery metrics read (outbox_stats), added to
// a version-2 file, and the counts it gives; the metrics must not read the whole outbox.
#include <gtest/gtest.h>

#include <string>

#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/schema_migrations.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using test_support::TempDir;

// Outbox rows only, created every 10 s from t = 1,000,000 ms: ids 1..8 acknowledged (1..6
// within 2 s, 7 and 8 after 5 min), 9 parked, 10 and 11 pending.
void fill_outbox(SqliteDb& db) {
  ASSERT_TRUE(db.exec("PRAGMA foreign_keys=OFF").ok());
  for (int i = 1; i <= 11; ++i) {
    const int64_t created = 1'000'000 + i * 10'000;
    const std::string acked = i <= 6   ? std::to_string(created + 2'000)
                              : i <= 8 ? std::to_string(created + 300'000)
                                       : "NULL";
    const std::string parked = i == 9 ? std::to_string(created + 1'000) : "NULL";
    ASSERT_TRUE(db.exec("INSERT INTO outbox(passage_seq, kind, created_unix_ms, acked_unix_ms, "
                        "parked_unix_ms) VALUES(" +
                        std::to_string(i) + ", 'passage', " + std::to_string(created) + ", " +
                        acked + ", " + parked + ")")
                    .ok());
  }
}

std::string plan(SqliteDb& db, const std::string& sql) {
  auto q = db.prepare("EXPLAIN QUERY PLAN " + sql);
  std::string out;
  if (!q.ok()) return q.error();
  while (q.value().step().value()) out += q.value().text(3) + "\n";
  return out;
}

TEST(OutboxMetricsIndex, AVersionTwoFileGainsItAndTheCountsStayTheSame) {
  TempDir dir;
  const std::string path = dir.file("gate.db");
  {
    auto store = GateStore::Open(path);
    ASSERT_TRUE(store.ok()) << store.error();
    auto& db = store.value()->db();
    fill_outbox(db);
    ASSERT_TRUE(db.exec("DROP INDEX outbox_created; PRAGMA user_version = 2").ok());
  }
  auto store = GateStore::Open(path);  // migrates
  ASSERT_TRUE(store.ok()) << store.error();
  auto& db = store.value()->db();
  EXPECT_EQ(schema_version(db).value(), GateStore::latest_schema_version());
  EXPECT_GE(GateStore::latest_schema_version(), 3);

  auto all = store.value()->outbox_stats(60'000, 0);
  ASSERT_TRUE(all.ok()) << all.error();
  EXPECT_EQ(all.value().pending, 2);
  EXPECT_EQ(all.value().oldest_pending_unix_ms, 1'100'000);
  EXPECT_EQ(all.value().parked, 1);
  EXPECT_EQ(all.value().acked, 8);
  EXPECT_EQ(all.value().acked_within_window, 6);
  // Since id 5's creation: ids 5..8 acknowledged, 5 and 6 within the window; the backlog is
  // counted whole whatever `since` is.
  auto recent = store.value()->outbox_stats(60'000, 1'050'000);
  ASSERT_TRUE(recent.ok()) << recent.error();
  EXPECT_EQ(recent.value().acked, 4);
  EXPECT_EQ(recent.value().acked_within_window, 2);
  EXPECT_EQ(recent.value().pending, 2);
  EXPECT_EQ(recent.value().parked, 1);

  // Both reads of outbox_stats go through indexes, never a scan of the whole history.
  const std::string delivered = plan(db, GateStore::kOutboxDeliveredSql);
  EXPECT_NE(delivered.find("COVERING INDEX outbox_created"), std::string::npos) << delivered;
  const std::string backlog = plan(db, GateStore::kOutboxBacklogSql);
  EXPECT_NE(backlog.find("INDEX outbox_pending"), std::string::npos) << backlog;
}

}  // namespace
}  // namespace gate::host
