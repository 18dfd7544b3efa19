// The plant's policy (plant_policy.h): set and read back with its SHA-256 and a growing
// revision, each gate's report, and the ALARM text when a gate runs another policy.
#include "firmware-host/plant/plant_policy.h"

#include <gtest/gtest.h>

#include "firmware-host/plant/plant_passages.h"
#include "firmware-host/plant/plant_schema.h"
#include "firmware-host/store/photo_store.h"
#include "tests/support/pg_cluster_suite.h"

namespace gate::host {
namespace {

TEST(PlantPolicyMismatchTest, OnlyADifferentFileOrAnInlinePolicyIsNamed) {
  PlantPolicy plant;
  EXPECT_EQ(policy_mismatch(plant, {"G1", "p v1", "abc"}), "") << "none set at the plant";
  plant = {"text", "henan v2", sha256_hex("text"), "王工", 0, 1};
  EXPECT_EQ(policy_mismatch(plant, {"G1", "henan v2", sha256_hex("text")}), "");
  const std::string other = policy_mismatch(plant, {"G1", "henan v1", sha256_hex("old")});
  EXPECT_NE(other.find("this gate runs policy henan v1"), std::string::npos) << other;
  EXPECT_NE(other.find("the plant's is henan v2"), std::string::npos) << other;
  EXPECT_NE(other.find("gatectl plant policy get"), std::string::npos) << other;
  const std::string in_line = policy_mismatch(plant, {"G1", "test v0", ""});
  EXPECT_NE(in_line.find("an inline policy (test v0)"), std::string::npos) << in_line;
}

class PlantPolicyTest : public testing::PgClusterSuite {};

TEST_F(PlantPolicyTest, SetReadAndTheGatesReports) {
  auto db = fresh_database("policy");
  ASSERT_TRUE(db);
  ASSERT_TRUE(apply_plant_migrations(*db).ok());
  EXPECT_EQ(read_plant_policy(*db).value().revision, 0);
  auto set = write_plant_policy(*db, "id: \"p\"", "p v1", "王工", 1000);
  ASSERT_TRUE(set.ok()) << set.error();
  EXPECT_EQ(set.value().revision, 1);
  EXPECT_EQ(set.value().sha256, sha256_hex("id: \"p\""));
  EXPECT_EQ(read_plant_policy(*db).value().text, "id: \"p\"");
  EXPECT_EQ(read_plant_policy(*db, false).value().text, "") << "the gates' round reads no text";
  EXPECT_EQ(read_plant_policy(*db, false).value().sha256, set.value().sha256);
  ASSERT_TRUE(record_contact(*db, "G1").ok());
  ASSERT_TRUE(record_contact(*db, "G2").ok());
  ASSERT_TRUE(report_gate_policy(*db, {"G1", "p v1", set.value().sha256}).ok());
  auto gates = gate_policies(*db);
  ASSERT_TRUE(gates.ok()) << gates.error();
  ASSERT_EQ(gates.value().size(), 2u);
  EXPECT_EQ(gates.value()[0].label, "p v1");
  EXPECT_EQ(gates.value()[1].label, "") << "G2 has not reported";
  EXPECT_EQ(write_plant_policy(*db, "id: \"q\"", "q v1", "x", 2000).value().revision, 2);
}

}  // namespace
}  // namespace gate::host
