// Versioned migrations: ordered steps, one transaction each, a failed step leaves the file at
// the previous version, a newer file is refused; and a real version-1 gate database (frozen in
// gate_db_v1.sql) opened by the migrating GateStore keeps its ledger, passages and outbox.
#include "firmware-host/store/schema_migrations.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "firmware-host/store/gate_store.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using test_support::TempDir;

std::unique_ptr<SqliteDb> open_db(const std::string& path) {
  auto db = SqliteDb::Open(path);
  EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.error());
  return std::move(db).value();
}

bool has_column(SqliteDb& db, const std::string& table, const std::string& column) {
  auto q = db.prepare("SELECT COUNT(*) FROM pragma_table_info('" + table + "') WHERE name = ?");
  q.value().bind(1, column);
  (void)q.value().step();
  return q.value().int64(0) == 1;
}

std::vector<SchemaMigration> two_steps(int* runs) {
  return {
      {1, "create t",
       [runs](SqliteDb& db) {
         ++*runs;
         return db.exec("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1)");
       }},
      {2, "add t.b",
       [runs](SqliteDb& db) {
         ++*runs;
         return db.exec("ALTER TABLE t ADD COLUMN b TEXT NOT NULL DEFAULT 'x'");
       }},
  };
}

TEST(SchemaMigrations, AppliesStepsInOrderOnceEach) {
  TempDir dir;
  auto db = open_db(dir.file("a.db"));
  int runs = 0;
  auto found = apply_migrations(*db, two_steps(&runs), "test db");
  ASSERT_TRUE(found.ok()) << found.error();
  EXPECT_EQ(found.value(), 0);
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(schema_version(*db).value(), 2);
  EXPECT_TRUE(has_column(*db, "t", "b"));
  // Again: nothing to do.
  found = apply_migrations(*db, two_steps(&runs), "test db");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found.value(), 2);
  EXPECT_EQ(runs, 2);
}

TEST(SchemaMigrations, UpgradesFromAnOlderVersionOnly) {
  TempDir dir;
  auto db = open_db(dir.file("a.db"));
  int runs = 0;
  auto steps = two_steps(&runs);
  ASSERT_TRUE(apply_migrations(*db, {steps[0]}, "test db").ok());
  EXPECT_EQ(schema_version(*db).value(), 1);
  ASSERT_TRUE(apply_migrations(*db, steps, "test db").ok());
  EXPECT_EQ(runs, 2);  // step 1 once, step 2 once
  EXPECT_EQ(schema_version(*db).value(), 2);
}

TEST(SchemaMigrations, AFailedStepRollsBackAndLeavesThePreviousVersion) {
  TempDir dir;
  auto db = open_db(dir.file("a.db"));
  int runs = 0;
  auto steps = two_steps(&runs);
  steps.push_back({3, "half-done step", [](SqliteDb& db) -> Status {
                     if (Status st = db.exec("CREATE TABLE u (x INTEGER)"); !st.ok()) return st;
                     return db.exec("THIS IS NOT SQL");
                   }});
  auto r = apply_migrations(*db, steps, "test db");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("from version 2 to 3 (half-done step)"), std::string::npos) << r.error();
  EXPECT_NE(r.error().find("left at version 2"), std::string::npos) << r.error();
  EXPECT_EQ(schema_version(*db).value(), 2);
  auto q = db->prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'u'");
  (void)q.value().step();
  EXPECT_EQ(q.value().int64(0), 0) << "step 3's table must be rolled back";
}

TEST(SchemaMigrations, RefusesADatabaseNewerThanTheBinary) {
  TempDir dir;
  auto db = open_db(dir.file("a.db"));
  ASSERT_TRUE(db->exec("PRAGMA user_version = 7").ok());
  int runs = 0;
  auto r = apply_migrations(*db, two_steps(&runs), "test db");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(runs, 0);
  EXPECT_NE(r.error().find("schema version 7"), std::string::npos) << r.error();
  EXPECT_NE(r.error().find("versions up to 2"), std::string::npos) << r.error();
  EXPECT_NE(r.error().find("newer release"), std::string::npos) << r.error();
  EXPECT_EQ(schema_version(*db).value(), 7);
}

TEST(SchemaMigrations, StepsMustBeNumberedWithoutGaps) {
  TempDir dir;
  auto db = open_db(dir.file("a.db"));
  std::vector<SchemaMigration> steps = {{2, "skips 1", [](SqliteDb&) { return Status::Ok(); }}};
  EXPECT_FALSE(apply_migrations(*db, steps, "test db").ok());
  EXPECT_EQ(schema_version(*db).value(), 0);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(GateStoreMigrations, AVersionOneDatabaseOpensAndKeepsItsData) {
  TempDir dir;
  const std::string path = dir.file("gate.db");
  {
    auto db = open_db(path);
    const std::string sql = read_text(std::string(GATE_TEST_DATA_DIR) + "/gate_db_v1.sql");
    ASSERT_FALSE(sql.empty());
    ASSERT_TRUE(db->exec(sql).ok());
    ASSERT_EQ(schema_version(*db).value(), 0);  // as release 0.1.0 left it
  }
  auto store = GateStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.error();
  EXPECT_EQ(schema_version(store.value()->db()).value(), GateStore::latest_schema_version());
  EXPECT_GE(GateStore::latest_schema_version(), 1);

  auto vehicles = store.value()->load_vehicles();
  ASSERT_TRUE(vehicles.ok()) << vehicles.error();
  ASSERT_EQ(vehicles.value().size(), 2u);
  auto p = store.value()->read_passage(1);
  ASSERT_TRUE(p.ok()) << p.error();
  EXPECT_EQ(p.value().read().plate_text(), "豫HF50BC");
  EXPECT_EQ(p.value().decision().verdict(), gate::v1::VERDICT_PASS);
  EXPECT_EQ(p.value().vehicle().fleet(), "中原钢运");
  EXPECT_EQ(p.value().outcome(), gate::v1::PASSAGE_OUTCOME_PASSED);
  auto stats = store.value()->outbox_stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats.value().pending, 1);
  EXPECT_EQ(stats.value().oldest_pending_unix_ms, 1763800000100);
  // The migrated file takes new passages after the old ones.
  gate::v1::Passage next = p.value();
  next.clear_seq();
  next.set_time_unix_ms(1763800100000);
  auto seq = store.value()->commit_passage(next, 1763800100000);
  ASSERT_TRUE(seq.ok()) << seq.error();
  EXPECT_EQ(seq.value(), 2);

  // Opening again is a no-op; a read-only open of the migrated file works too.
  store.value().reset();
  ASSERT_TRUE(GateStore::Open(path).ok());
  ASSERT_TRUE(GateStore::Open(path, /*read_only=*/true).ok());
}

// A read-only opener cannot bring an older file up to date: it says so and what to do, rather
// than failing later on a column the file lacks.
TEST(GateStoreMigrations, AnOlderDatabaseOpenedReadOnlySaysHowToReadIt) {
  TempDir dir;
  const std::string path = dir.file("gate.db");
  ASSERT_TRUE(GateStore::Open(path).ok());
  {
    auto db = open_db(path);
    ASSERT_TRUE(
        db->exec("PRAGMA user_version = " + std::to_string(GateStore::latest_schema_version() - 1))
            .ok());
  }
  auto ro = GateStore::Open(path, /*read_only=*/true);
  ASSERT_FALSE(ro.ok());
  EXPECT_NE(ro.error().find("is opened read-only, so it cannot be brought up to date"),
            std::string::npos)
      << ro.error();
  EXPECT_NE(ro.error().find("gatectl passages list --db COPY"), std::string::npos) << ro.error();
  ASSERT_TRUE(GateStore::Open(path).ok()) << "a read-write open brings it up to date";
  EXPECT_TRUE(GateStore::Open(path, /*read_only=*/true).ok());
}

TEST(GateStoreMigrations, ANewerDatabaseIsRefusedEvenReadOnly) {
  TempDir dir;
  const std::string path = dir.file("gate.db");
  ASSERT_TRUE(GateStore::Open(path).ok());
  {
    auto db = open_db(path);
    ASSERT_TRUE(
        db->exec("PRAGMA user_version = " + std::to_string(GateStore::latest_schema_version() + 1))
            .ok());
  }
  auto rw = GateStore::Open(path);
  ASSERT_FALSE(rw.ok());
  EXPECT_NE(rw.error().find("written by a newer release"), std::string::npos) << rw.error();
  auto ro = GateStore::Open(path, /*read_only=*/true);
  ASSERT_FALSE(ro.ok());
  EXPECT_NE(ro.error().find("written by a newer release"), std::string::npos) << ro.error();
}

}  // namespace
}  // namespace gate::host
