// Passages from a gate's SQLite file to the plant database: settled passages after the cursor,
// one transaction per batch, nothing twice, the record and its canonical bytes kept.
#include "firmware-host/plant/plant_passages.h"

#include <gtest/gtest.h>

#include "firmware-host/plant/passage_backlog.h"
#include "firmware-host/plant/plant_probe.h"
#include "firmware-host/plant/plant_schema.h"
#include "firmware-host/plant/plant_view.h"
#include "firmware-host/store/canonical_record.h"
#include "firmware-host/store/gate_store.h"
#include "tests/support/passages.h"
#include "tests/support/pg_cluster_suite.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using drivers::pg::Connection;
using sync_test::kT0;
using sync_test::passage;

class PlantPassagesTest : public testing::PgClusterSuite {
 protected:
  void SetUp() override {
    db_ = fresh_database("passages");
    ASSERT_TRUE(db_);
    ASSERT_TRUE(apply_plant_migrations(*db_).ok());
    auto store = GateStore::Open(dir_.file("gate.db"));
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(store).value();
  }
  int64_t commit(gate::v1::Passage p) {
    auto seq = store_->commit_passage(p, p.time_unix_ms());
    EXPECT_TRUE(seq.ok()) << seq.error();
    return seq.ok() ? seq.value() : 0;
  }
  std::string scalar(const std::string& sql) {
    auto r = db_->exec(sql);
    EXPECT_TRUE(r.ok()) << sql << ": " << (r.ok() ? "" : r.error());
    return r.ok() ? r.value().text(0, 0) : "";
  }
  test_support::TempDir dir_;
  std::unique_ptr<Connection> db_;
  std::unique_ptr<GateStore> store_;
};

TEST_F(PlantPassagesTest, BatchesAfterTheCursorArriveOnceWithTheGatesRow) {
  for (int i = 0; i < 5; ++i) commit(passage("豫Z0000" + std::to_string(i), kT0 + i, false));
  auto backlog = PassageBacklog::Open(dir_.file("gate.db"));
  ASSERT_TRUE(backlog.ok()) << backlog.error();
  EXPECT_EQ(plant_cursor(*db_, "G1").value(), 0);

  auto first = backlog.value()->settled_after(0, 3);
  ASSERT_TRUE(first.ok()) << first.error();
  ASSERT_EQ(first.value().size(), 3u);
  auto added = push_passages(*db_, "G1", first.value(), 480);
  ASSERT_TRUE(added.ok()) << added.error();
  EXPECT_EQ(added.value(), 3);
  EXPECT_EQ(plant_cursor(*db_, "G1").value(), 3);
  // The same batch again (an answer lost after the commit) adds nothing.
  EXPECT_EQ(push_passages(*db_, "G1", first.value(), 480).value(), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM passages"), "3");
  EXPECT_EQ(scalar("SELECT last_seq FROM gates WHERE gate_id = 'G1'"), "3");

  auto rest = backlog.value()->settled_after(plant_cursor(*db_, "G1").value(), 10);
  ASSERT_EQ(rest.value().size(), 2u);
  EXPECT_EQ(push_passages(*db_, "G1", rest.value(), 480).value(), 2);
  EXPECT_EQ(scalar("SELECT count(DISTINCT (gate_id, seq)) FROM passages"), "5");
  EXPECT_EQ(scalar("SELECT last_seq FROM gates"), "5");
  EXPECT_EQ(backlog.value()->lag_after(5).value().passages, 0);

  // What was kept: the key, the auditors' JSON and the chain's canonical bytes.
  EXPECT_EQ(scalar("SELECT passage_key FROM passages WHERE seq = 2"), "G1-2");
  EXPECT_EQ(scalar("SELECT record->>'plate' FROM passages WHERE seq = 2"), "豫Z00001");
  EXPECT_EQ(scalar("SELECT verdict || ' ' || outcome FROM passages WHERE seq = 2"),
            "refuse turned_away");
  EXPECT_EQ(scalar("SELECT canonical FROM passages WHERE seq = 2"),
            canonical_passage(store_->read_passage(2).value()));
}

TEST_F(PlantPassagesTest, ABatchStopsBeforeAPassageStillPending) {
  commit(passage("豫Z00001", kT0, false));
  const int64_t pending = commit(passage("豫A12345", kT0 + 1, true));  // a pass, barrier pending
  commit(passage("豫Z00003", kT0 + 2, false));
  auto backlog = PassageBacklog::Open(dir_.file("gate.db"));
  ASSERT_TRUE(backlog.ok());
  EXPECT_EQ(backlog.value()->settled_after(0, 10).value().size(), 1u);
  auto lag = backlog.value()->lag_after(0).value();
  EXPECT_EQ(lag.passages, 3);
  EXPECT_EQ(lag.oldest_unix_ms, kT0);

  ASSERT_TRUE(store_->set_outcome(pending, gate::v1::PASSAGE_OUTCOME_PASSED, kT0 + 5).ok());
  auto all = backlog.value()->settled_after(0, 10).value();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[1].outcome(), gate::v1::PASSAGE_OUTCOME_PASSED);
}

TEST_F(PlantPassagesTest, GatesKeepTheirOwnCursors) {
  commit(passage("豫Z00001", kT0, false));
  auto backlog = PassageBacklog::Open(dir_.file("gate.db"));
  auto batch = backlog.value()->settled_after(0, 10).value();
  ASSERT_TRUE(push_passages(*db_, "G1", batch, 480).ok());
  ASSERT_TRUE(push_passages(*db_, "G2", batch, 480).ok());
  EXPECT_EQ(scalar("SELECT count(*) FROM passages"), "2");
  EXPECT_EQ(plant_cursor(*db_, "G3").value(), 0);
  ASSERT_TRUE(record_contact(*db_, "G3").ok());
  EXPECT_EQ(scalar("SELECT count(*) FROM gates"), "3");
}

TEST_F(PlantPassagesTest, AProbeReadsTheCursorAndCountsTheLagWithoutWriting) {
  commit(passage("豫Z00001", kT0, false));
  commit(passage("豫Z00002", kT0 + 1, false));
  auto probe = [&](const std::string& conninfo) {
    gate::v1::PlantConfig cfg;
    cfg.set_conninfo(conninfo);
    return probe_plant_link(cfg, "G1", dir_.file("gate.db"), kT0 + 10);
  };
  const std::string info = cluster()->conninfo();  // the suite's first database: no schema
  PlantLinkState s = probe(info);
  EXPECT_TRUE(s.connected) << s.last_error;
  EXPECT_EQ(s.plant_seq, 0);
  EXPECT_EQ(s.lag_passages, 2);
  EXPECT_EQ(s.lag_oldest_unix_ms, kT0);
  EXPECT_FALSE(probe("").configured);

  auto batch = PassageBacklog::Open(dir_.file("gate.db")).value()->settled_after(0, 1).value();
  ASSERT_TRUE(push_passages(*db_, "G1", batch, 480).ok());
  auto db_info = db_->exec("SELECT current_database()").value().text(0, 0);
  s = probe(info.substr(0, info.find(" dbname=")) + " dbname=" + db_info +
            " user=plant password=" + cluster()->password());
  EXPECT_TRUE(s.connected) << s.last_error;
  EXPECT_EQ(s.plant_seq, 1);
  EXPECT_EQ(s.lag_passages, 1);

  s = probe("host=127.0.0.1 port=" + std::to_string(cluster()->port()) +
            " dbname=plant user=plant password=nope");
  EXPECT_FALSE(s.connected);
  EXPECT_NE(s.last_error.find("plant.conninfo"), std::string::npos) << s.last_error;
  EXPECT_EQ(s.lag_passages, 2);
}

}  // namespace
}  // namespace gate::host

namespace gate::host {
namespace {

class PlantViewTest : public testing::PgClusterSuite {};

TEST_F(PlantViewTest, ADatabaseNoGateReachedYetListsNothing) {
  auto db = fresh_database("view_empty");
  ASSERT_TRUE(db);
  auto gates = plant_gates(*db);
  ASSERT_TRUE(gates.ok()) << gates.error();
  EXPECT_TRUE(gates.value().empty());
  auto ps = plant_passages_view(*db, {});
  ASSERT_TRUE(ps.ok()) << ps.error();
  EXPECT_TRUE(ps.value().empty());
}

// gatectl or an API newer than every gate that reached the plant: the gates table has no
// reported columns yet, and the lag reads as unknown rather than failing.
TEST_F(PlantViewTest, ADatabaseBeforeGatesReportedTheirSideReadsTheLagAsUnknown) {
  auto db = fresh_database("view_v1");
  ASSERT_TRUE(db);
  ASSERT_TRUE(apply_plant_migrations(*db, {plant_migrations().front()}).ok());
  auto p = passage("豫Z00001", kT0, false);
  p.set_seq(1);
  ASSERT_TRUE(push_passages(*db, "G1", {p}, 480).ok());
  auto gates = plant_gates(*db);
  ASSERT_TRUE(gates.ok()) << gates.error();
  ASSERT_EQ(gates.value().size(), 1u);
  EXPECT_EQ(gates.value()[0].plant_seq, 1);
  EXPECT_FALSE(gates.value()[0].gate_seq.has_value());
  EXPECT_FALSE(plant_passages_behind(gates.value()[0]).has_value());
  EXPECT_TRUE(plant_link_up(gates.value()[0]));
}

TEST_F(PlantViewTest, AnUnreadablePasswordFileIsNamed) {
  gate::v1::PlantConfig cfg;
  cfg.set_conninfo("host=127.0.0.1 port=1 dbname=plant user=plant");
  cfg.set_password_file("/nonexistent/plant.password");
  auto db = connect_to_plant(cfg);
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.error().find("plant.password_file /nonexistent/plant.password"), std::string::npos)
      << db.error();
}

}  // namespace
}  // namespace gate::host
