// Schema step 2 (gate_store.cc): the dashboard's tables come from the versioned migrations. A
// version-1 file, with or without the web_users table that releases before step 2 created on
// first use, is brought to the latest version keeping its users, ledger and passages; and the
// manual alert level kept in manual_alert survives closing and reopening the file.
#include <gtest/gtest.h>

#include "firmware-host/api/user_store.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/manual_alert_store.h"
#include "firmware-host/store/schema_migrations.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using test_support::TempDir;

bool has_table(SqliteDb& db, const std::string& name) {
  auto q = db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name=?");
  q.value().bind(1, name);
  (void)q.value().step();
  return q.value().int64(0) == 1;
}

// The web_users table exactly as UserStore created it before migration step 2.
constexpr const char* kOldAdHocWebUsers = R"sql(
CREATE TABLE IF NOT EXISTS web_users (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  created_unix_ms INTEGER NOT NULL,
  changed_unix_ms INTEGER NOT NULL);
)sql";

// A file as the release before step 2 left it: at version 1, without the step-2 tables, with
// one ledger entry and (when `with_users`) a dashboard user in the ad hoc table.
void make_version_one_file(const std::string& path, bool with_users) {
  {
    auto store = GateStore::Open(path);
    ASSERT_TRUE(store.ok()) << store.error();
    gate::v1::Vehicle v;
    v.set_plate("豫H00001");
    v.set_vehicle_class(gate::v1::VEHICLE_CLASS_TRANSPORT);
    ASSERT_TRUE(store.value()->upsert_vehicle(v, 1, "seed").ok());
    auto& db = store.value()->db();
    ASSERT_TRUE(
        db.exec("DROP TABLE web_users; DROP TABLE manual_alert; PRAGMA user_version = 1").ok());
    if (with_users) {
      ASSERT_TRUE(db.exec(kOldAdHocWebUsers).ok());
    }
  }
  auto db = SqliteDb::Open(path);
  ASSERT_TRUE(db.ok());
  ASSERT_EQ(schema_version(*db.value()).value(), 1);
}

TEST(DashboardTablesMigration, AVersionOneFileWithAdHocUsersKeepsThemAndGainsManualAlert) {
  TempDir dir;
  const std::string path = dir.file("gate.db");
  make_version_one_file(path, /*with_users=*/true);
  // The old release's user row, with a hash made by this release (same format).
  std::string hash;
  {
    TempDir other;
    auto u = UserStore::Open(other.file("x.db"));
    ASSERT_TRUE(u.ok()) << u.error();
    ASSERT_TRUE(u.value()->add("chen", UserRole::kManager, "old-password", 5).ok());
    hash = u.value()->find("chen").value()->password_hash;
  }
  {
    auto db = SqliteDb::Open(path);
    ASSERT_TRUE(db.value()
                    ->run("INSERT INTO web_users VALUES('chen', 'manager', ?, 1, 5, 5)", {hash})
                    .ok());
  }

  auto users = UserStore::Open(path);  // migrates
  ASSERT_TRUE(users.ok()) << users.error();
  auto login = users.value()->check_login("chen", "old-password");
  ASSERT_TRUE(login.ok()) << login.error();
  ASSERT_TRUE(login.value().has_value()) << "the user from before the upgrade must still log in";
  EXPECT_EQ(login.value()->role, UserRole::kManager);

  auto store = GateStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.error();
  auto& db = store.value()->db();
  EXPECT_EQ(schema_version(db).value(), GateStore::latest_schema_version());
  EXPECT_GE(GateStore::latest_schema_version(), 2);
  EXPECT_TRUE(has_table(db, "manual_alert"));
  EXPECT_EQ(store.value()->load_vehicles().value().size(), 1u);
}

TEST(DashboardTablesMigration, AVersionOneFileWithoutUsersGetsTheTables) {
  TempDir dir;
  const std::string path = dir.file("gate.db");
  make_version_one_file(path, /*with_users=*/false);
  {
    auto db = SqliteDb::Open(path);
    EXPECT_FALSE(has_table(*db.value(), "web_users"));
  }
  auto store = GateStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.error();
  EXPECT_TRUE(has_table(store.value()->db(), "web_users"));
  EXPECT_TRUE(has_table(store.value()->db(), "manual_alert"));
  EXPECT_EQ(schema_version(store.value()->db()).value(), GateStore::latest_schema_version());
}

TEST(ManualAlertStore, KeptAcrossReopeningUntilCleared) {
  TempDir dir;
  const std::string path = dir.file("gate.db");
  {
    auto store = GateStore::Open(path);
    ASSERT_TRUE(store.ok()) << store.error();
    EXPECT_FALSE(load_manual_alert(store.value()->db()).value().has_value());
    ASSERT_TRUE(save_manual_alert(store.value()->db(),
                                  {gate::v1::ALERT_LEVEL_YELLOW, "wang", "first", 1000})
                    .ok());
    ASSERT_TRUE(save_manual_alert(store.value()->db(), {gate::v1::ALERT_LEVEL_ORANGE, "chen",
                                                        "platform link down", 2000})
                    .ok());
  }
  {
    auto store = GateStore::Open(path);
    auto kept = load_manual_alert(store.value()->db());
    ASSERT_TRUE(kept.ok()) << kept.error();
    ASSERT_TRUE(kept.value().has_value());
    EXPECT_EQ(kept.value()->level, gate::v1::ALERT_LEVEL_ORANGE);  // the last one set
    EXPECT_EQ(kept.value()->set_by, "chen");
    EXPECT_EQ(kept.value()->reason, "platform link down");
    EXPECT_EQ(kept.value()->set_unix_ms, 2000);
    ASSERT_TRUE(clear_manual_alert(store.value()->db()).ok());
  }
  auto store = GateStore::Open(path);
  EXPECT_FALSE(load_manual_alert(store.value()->db()).value().has_value());
}

}  // namespace
}  // namespace gate::host
