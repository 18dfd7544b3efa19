// The plant schema's migrations against a private cluster: a new database is brought to the
// latest version once, a second run changes nothing, a failing step leaves the previous version,
// and a database newer than the binary is refused with what to do.
#include "firmware-host/plant/plant_schema.h"

#include <gtest/gtest.h>

#include "tests/support/pg_cluster_suite.h"

namespace gate::host {
namespace {

using drivers::pg::Connection;

// One cluster for the suite, a fresh database for each test.
class PlantSchemaTest : public testing::PgClusterSuite {
 protected:
  void SetUp() override {
    db_ = fresh_database("schema");
    ASSERT_TRUE(db_);
  }
  std::unique_ptr<Connection> db_;
};

TEST_F(PlantSchemaTest, MigratesOnceThenNothingAndRefusesANewerDatabase) {
  EXPECT_EQ(plant_schema_version(*db_).value(), 0);
  auto first = apply_plant_migrations(*db_);
  ASSERT_TRUE(first.ok()) << first.error();
  EXPECT_EQ(first.value(), 0);
  EXPECT_EQ(plant_schema_version(*db_).value(), latest_plant_schema_version());
  auto again = apply_plant_migrations(*db_);
  ASSERT_TRUE(again.ok()) << again.error();
  EXPECT_EQ(again.value(), latest_plant_schema_version());
  EXPECT_TRUE(db_->exec("SELECT gate_id, seq, record, canonical FROM passages").ok());

  ASSERT_TRUE(db_->exec_script("UPDATE schema_version SET version = 99").ok());
  auto newer = apply_plant_migrations(*db_);
  ASSERT_FALSE(newer.ok());
  EXPECT_NE(newer.error().find("version 99"), std::string::npos) << newer.error();
  EXPECT_NE(newer.error().find("newer release"), std::string::npos) << newer.error();
}

TEST_F(PlantSchemaTest, AFailingStepLeavesThePreviousVersion) {
  std::vector<PlantMigration> steps = plant_migrations();
  steps.push_back({static_cast<int>(steps.size()) + 1, "broken",
                   "CREATE TABLE half (x int); SELECT no_such_function()"});
  auto r = apply_plant_migrations(*db_, steps);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("broken"), std::string::npos) << r.error();
  EXPECT_EQ(plant_schema_version(*db_).value(), latest_plant_schema_version());
  EXPECT_FALSE(db_->exec("SELECT * FROM half").ok()) << "the failed step left nothing";
}

}  // namespace
}  // namespace gate::host
