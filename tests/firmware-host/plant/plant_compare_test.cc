// The plant's canonical copies of a gate's passages against the gate's SQLite file: identical
// after a push, and a passage removed or changed at the plant is named by its seq, across
// batches; passages the gate has above the plant's cursor are not compared.
#include "firmware-host/plant/plant_compare.h"

#include <gtest/gtest.h>

#include "firmware-host/plant/passage_backlog.h"
#include "firmware-host/plant/plant_passages.h"
#include "firmware-host/plant/plant_schema.h"
#include "tests/support/passages.h"
#include "tests/support/pg_cluster_suite.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using sync_test::kT0;
using sync_test::passage;

class PlantCompareTest : public testing::PgClusterSuite {
 protected:
  void SetUp() override {
    db_ = fresh_database("compare");
    ASSERT_TRUE(db_);
    ASSERT_TRUE(apply_plant_migrations(*db_).ok());
    auto store = GateStore::Open(dir_.file("gate.db"));
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(store).value();
    for (int i = 1; i <= 9; ++i) {
      auto p = passage("豫Z0000" + std::to_string(i), kT0 + i, false);
      ASSERT_TRUE(store_->commit_passage(p, p.time_unix_ms()).ok());
    }
    // Pushed as the pusher does: the settled passages after the cursor, then two more at the
    // gate that the plant does not have yet.
    auto backlog = PassageBacklog::Open(dir_.file("gate.db"));
    ASSERT_TRUE(backlog.ok()) << backlog.error();
    auto batch = backlog.value()->settled_after(0, 100);
    ASSERT_TRUE(batch.ok()) << batch.error();
    ASSERT_TRUE(push_passages(*db_, "G1", batch.value(), 480).ok());
    for (int i = 10; i <= 11; ++i) {
      auto p = passage("豫Z000" + std::to_string(i), kT0 + i, false);
      ASSERT_TRUE(store_->commit_passage(p, p.time_unix_ms()).ok());
    }
  }
  test_support::TempDir dir_;
  std::unique_ptr<drivers::pg::Connection> db_;
  std::unique_ptr<GateStore> store_;
};

TEST_F(PlantCompareTest, IdenticalUpToThePlantsCursor) {
  auto c = compare_with_plant(*db_, *store_, "G1", 2);
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c.value().plant_cursor, 9);
  EXPECT_EQ(c.value().compared, 9);  // 10 and 11 are above the cursor
  EXPECT_EQ(c.value().identical, 9);
  EXPECT_TRUE(c.value().ok());
  EXPECT_TRUE(c.value().not_at_gate.empty());
}

TEST_F(PlantCompareTest, MissingAndChangedPassagesAreNamedAcrossBatches) {
  ASSERT_TRUE(db_->exec("DELETE FROM passages WHERE gate_id = 'G1' AND seq IN (3, 4, 5)").ok());
  ASSERT_TRUE(db_->exec("UPDATE passages SET canonical = replace(canonical, '豫Z00007', "
                        "'豫Z00008') WHERE gate_id = 'G1' AND seq = 7")
                  .ok());
  for (int batch : {2, 3, 1000}) {
    auto c = compare_with_plant(*db_, *store_, "G1", batch);
    ASSERT_TRUE(c.ok()) << c.error();
    EXPECT_FALSE(c.value().ok());
    EXPECT_EQ(c.value().compared, 9) << batch;
    EXPECT_EQ(c.value().identical, 5) << batch;
    EXPECT_EQ(c.value().missing, (std::vector<int64_t>{3, 4, 5})) << batch;
    EXPECT_EQ(c.value().differing, (std::vector<int64_t>{7})) << batch;
  }
  EXPECT_EQ(seq_ranges({3, 4, 5, 7, 9, 10}), "3-5, 7, 9-10");
  EXPECT_EQ(seq_ranges({1, 3, 5, 7}, 2), "1, 3, … (2 more)");
}

TEST_F(PlantCompareTest, PassagesTheGateNoLongerHasAreListedApart) {
  // Another gate's database under the same name, or the gate's rows removed since: the plant
  // holds seqs the file does not.
  auto other = GateStore::Open(dir_.file("other.db"));
  ASSERT_TRUE(other.ok()) << other.error();
  for (int i = 1; i <= 4; ++i) {
    auto p = passage("豫Z0000" + std::to_string(i), kT0 + i, false);
    ASSERT_TRUE(other.value()->commit_passage(p, p.time_unix_ms()).ok());
  }
  auto c = compare_with_plant(*db_, *other.value(), "G1", 3);
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_EQ(c.value().compared, 4);
  EXPECT_EQ(c.value().identical, 4);
  EXPECT_EQ(c.value().not_at_gate, (std::vector<int64_t>{5, 6, 7, 8, 9}));
  EXPECT_TRUE(c.value().ok());
}

}  // namespace
}  // namespace gate::host
