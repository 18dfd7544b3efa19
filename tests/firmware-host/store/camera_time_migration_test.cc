// Schema step 4: the passages' camera_time_unix_ms column, added to a version-3 file. Records
// from before read back without a camera time and their chain still verifies; new records keep
// the camera's time beside the gate's.
#include <gtest/gtest.h>

#include <string>

#include "firmware-host/audit/chain_verifier.h"
#include "firmware-host/audit/signing_key.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/schema_migrations.h"
#include "tests/support/passages.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using sync_test::kT0;
using test_support::TempDir;

TEST(CameraTimeMigration, AVersionThreeFileGainsTheColumnAndItsChainStillVerifies) {
  TempDir dir;
  const std::string path = dir.file("gate.db");
  {
    auto store = GateStore::Open(path);
    ASSERT_TRUE(store.ok()) << store.error();
    for (int i = 0; i < 3; ++i) {
      auto p = sync_test::passage("豫H1000" + std::to_string(i), kT0 + i * 1000, i % 2 == 0);
      ASSERT_TRUE(store.value()->commit_passage(p, kT0 + i * 1000).ok());
    }
    // As a version-3 file has them: no camera time column.
    ASSERT_TRUE(store.value()
                    ->db()
                    .exec("ALTER TABLE passages DROP COLUMN camera_time_unix_ms; "
                          "PRAGMA user_version = 3")
                    .ok());
  }
  auto store = GateStore::Open(path);  // migrates
  ASSERT_TRUE(store.ok()) << store.error();
  EXPECT_EQ(schema_version(store.value()->db()).value(), GateStore::latest_schema_version());
  EXPECT_GE(GateStore::latest_schema_version(), 4);
  auto old = store.value()->read_passage(2);
  ASSERT_TRUE(old.ok()) << old.error();
  EXPECT_EQ(old.value().time_unix_ms(), kT0 + 1000);
  EXPECT_EQ(old.value().read().camera_time_unix_ms(), 0);

  auto p = sync_test::passage("豫H20000", kT0 + 5000);
  p.mutable_read()->set_camera_time_unix_ms(4102416000000);
  auto seq = store.value()->commit_passage(p, kT0 + 5000);
  ASSERT_TRUE(seq.ok()) << seq.error();
  auto back = store.value()->read_passage(seq.value());
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(back.value().time_unix_ms(), kT0 + 5000);
  EXPECT_EQ(back.value().read().camera_time_unix_ms(), 4102416000000);

  auto key = SigningKey::LoadOrCreate(dir.file("gate.key"));
  ASSERT_TRUE(key.ok()) << key.error();
  VerifyOptions opt;
  opt.public_pem = key.value().public_pem();
  auto report = verify_gate_records(*store.value(), opt);
  ASSERT_TRUE(report.ok()) << report.error();
  EXPECT_TRUE(report.value().ok) << report.value().failure;
  EXPECT_GE(report.value().chain_entries, 4);
}

}  // namespace
}  // namespace gate::host
