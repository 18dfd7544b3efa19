#include "firmware-host/sync/platform_state_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using ::testing::UnorderedElementsAre;

constexpr int64_t kT0 = 1795305600000;

gate::v1::ListChange change(const std::string& list, const std::string& op,
                            const std::string& plate) {
  gate::v1::ListChange c;
  c.set_list(list);
  c.set_op(op);
  c.set_plate(plate);
  c.set_reason("r");
  return c;
}

class PlatformStateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { reopen(); }
  void reopen() {
    store_.reset();
    auto s = PlatformStateStore::Open(dir_.file("gate.db"));
    ASSERT_TRUE(s.ok()) << s.error();
    store_ = std::move(s).value();
  }
  PlatformState load() {
    auto s = store_->load();
    EXPECT_TRUE(s.ok()) << s.error();
    return s.ok() ? s.value() : PlatformState{};
  }
  test_support::TempDir dir_;
  std::unique_ptr<PlatformStateStore> store_;
};

TEST_F(PlatformStateStoreTest, EmptyAtFirst) {
  auto s = load();
  EXPECT_FALSE(s.has_control);
  EXPECT_TRUE(s.cursor.empty());
  ASSERT_TRUE(s.lists);
  EXPECT_TRUE(s.lists->whitelist.empty());
}

TEST_F(PlatformStateStoreTest, FullThenIncrementalSurvivesARestart) {
  gate::v1::DownlinkReply full;
  full.set_full(true);
  full.set_cursor("5");
  full.mutable_control()->set_alert_level(2);
  full.mutable_control()->add_measures("no China IV");
  *full.add_changes() = change("whitelist", "add", "豫H 11111");
  *full.add_changes() = change("excess_emission", "add", "豫h22222");
  *full.add_changes() = change("excess_emission", "add", "豫H33333");
  ASSERT_TRUE(store_->apply(full, kT0).ok());

  gate::v1::DownlinkReply inc;
  inc.set_cursor("7");
  *inc.add_changes() = change("excess_emission", "remove", "豫H22222");
  *inc.add_changes() = change("whitelist", "add", "豫H44444");
  ASSERT_TRUE(store_->apply(inc, kT0 + 1000).ok());

  reopen();
  auto s = load();
  EXPECT_TRUE(s.has_control);
  EXPECT_EQ(s.control.alert_level(), 2);
  EXPECT_EQ(s.control.measures(0), "no China IV");
  EXPECT_EQ(s.cursor, "7");
  EXPECT_EQ(s.lists->version, "7");
  EXPECT_EQ(s.updated_unix_ms, kT0 + 1000);
  // Plates are normalised on the way in.
  EXPECT_THAT(s.lists->whitelist, UnorderedElementsAre("豫H11111", "豫H44444"));
  EXPECT_THAT(s.lists->excess_emission, UnorderedElementsAre("豫H33333"));

  // A new full snapshot replaces both lists.
  gate::v1::DownlinkReply again;
  again.set_full(true);
  again.set_cursor("9");
  *again.add_changes() = change("whitelist", "add", "豫H55555");
  ASSERT_TRUE(store_->apply(again, kT0 + 2000).ok());
  s = load();
  EXPECT_THAT(s.lists->whitelist, UnorderedElementsAre("豫H55555"));
  EXPECT_TRUE(s.lists->excess_emission.empty());
  EXPECT_EQ(s.control.alert_level(), 2) << "control measures stay until the platform changes them";
}

TEST_F(PlatformStateStoreTest, HealthRecordsContactAndErrors) {
  auto h = store_->health();
  ASSERT_TRUE(h.ok()) << h.error();
  EXPECT_EQ(h.value().last_contact_unix_ms, 0);
  ASSERT_TRUE(store_->note_error("connect refused", kT0).ok());
  h = store_->health();
  EXPECT_EQ(h.value().last_error, "connect refused");
  EXPECT_EQ(h.value().last_error_unix_ms, kT0);
  ASSERT_TRUE(store_->note_contact(kT0 + 5000).ok());
  reopen();
  h = store_->health();
  EXPECT_EQ(h.value().last_contact_unix_ms, kT0 + 5000);
  EXPECT_TRUE(h.value().last_error.empty());
}

TEST_F(PlatformStateStoreTest, TheStrategySurvivesARestart) {
  gate::v1::DownlinkReply r;
  r.set_cursor("pull-1");
  r.mutable_control()->set_alert_level(2);
  r.mutable_control()->set_strategy("ban_diesel_4_gas_5_and_below");
  r.mutable_control()->set_strategy_code("3");
  ASSERT_TRUE(store_->apply(r, kT0).ok());
  reopen();
  const PlatformState s = load();
  ASSERT_TRUE(s.has_control);
  EXPECT_EQ(s.control.strategy(), "ban_diesel_4_gas_5_and_below");
  EXPECT_EQ(s.control.strategy_code(), "3");
  EXPECT_EQ(s.cursor, "pull-1");
}

}  // namespace
}  // namespace gate::host
