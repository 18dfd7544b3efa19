// gatectl sync status / sync requeue on a database prepared like gated leaves it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sstream>

#include "firmware-host/gatectl/commands.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/sync/platform_state_store.h"
#include "tests/support/passages.h"
#include "tests/support/temp_dir.h"

namespace gate::ctl {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct CtlRun {
  int rc;
  std::string out, err;
};

CtlRun run_ctl(const std::vector<std::string>& argv) {
  auto a = parse_args(argv);
  if (!a.ok()) return {2, "", a.error()};
  std::ostringstream out, err;
  int rc = run_command(a.value(), out, err);
  return {rc, out.str(), err.str()};
}

class SyncStatusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.file("gate.db");
    auto s = host::GateStore::Open(db_);
    ASSERT_TRUE(s.ok()) << s.error();
    auto& store = *s.value();
    const int64_t now = now_ms();
    // Four passages: one delivered live, one late, one parked, one waiting for 20 minutes.
    std::vector<int64_t> ids;
    for (int i = 0; i < 4; ++i) {
      auto p = host::sync_test::passage("豫H0000" + std::to_string(i), now - 1800000, false);
      const int64_t created = i == 3 ? now - 1200000 : now - 1800000;
      ASSERT_TRUE(store.commit_passage(p, created).ok());
    }
    auto rows = store.next_outbox(10);
    ASSERT_TRUE(rows.ok()) << rows.error();
    for (const auto& r : rows.value()) ids.push_back(r.id);
    ASSERT_EQ(ids.size(), 4u);
    ASSERT_TRUE(store.mark_acked({ids[0]}, now - 1800000 + 2000).ok());
    ASSERT_TRUE(store.mark_acked({ids[1]}, now - 1800000 + 300000).ok());
    ASSERT_TRUE(store.mark_parked(ids[2], "code_table: plate_color 7", now - 1000).ok());
    auto ps = host::PlatformStateStore::Open(db_);
    ASSERT_TRUE(ps.ok());
    gate::v1::DownlinkReply r;
    r.set_full(true);
    r.set_cursor("12");
    r.mutable_control()->set_alert_level(2);
    r.mutable_control()->set_response_level(2);
    r.mutable_control()->add_measures("国四及以下柴油货车禁止通行");
    auto* c = r.add_changes();
    c->set_list("excess_emission");
    c->set_op("add");
    c->set_plate("豫H12345");
    ASSERT_TRUE(ps.value()->apply(r, now).ok());
    ASSERT_TRUE(ps.value()->note_error("connect to 10.0.0.1:443 failed", now - 5000).ok());
  }
  test_support::TempDir dir_;
  std::string db_;
};

TEST_F(SyncStatusTest, TableShowsMetricsParkedRecordsAndThePlatformState) {
  CtlRun r = run_ctl({"sync", "status", "--db", db_});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("delivered:  2 record(s); 50.0 % within 1 min"));
  EXPECT_THAT(r.out, HasSubstr("backlog:    1 record(s) waiting, oldest 20 min"));
  EXPECT_THAT(r.out, HasSubstr("ALARM: older than 10 min"));
  EXPECT_THAT(r.out, HasSubstr("parked:     1 record(s)"));
  EXPECT_THAT(r.out, HasSubstr("G1-3-decision"));
  EXPECT_THAT(r.out, HasSubstr("code_table: plate_color 7"));
  EXPECT_THAT(r.out, HasSubstr("connect to 10.0.0.1:443 failed"));
  EXPECT_THAT(r.out, HasSubstr("alert orange (response II)"));
  EXPECT_THAT(r.out, HasSubstr("1 excess-emission"));
}

TEST_F(SyncStatusTest, JsonForScripts) {
  CtlRun r = run_ctl({"sync", "status", "--db", db_, "--format", "json"});
  ASSERT_EQ(r.rc, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["delivered"], 2);
  EXPECT_EQ(j["delivered_within_live_window"], 1);
  EXPECT_EQ(j["backlog"]["records"], 1);
  EXPECT_EQ(j["backlog"]["alarm"], true);
  ASSERT_EQ(j["parked"].size(), 1u);
  EXPECT_EQ(j["parked"][0]["key"], "G1-3-decision");
  EXPECT_EQ(j["downlink"]["alert_level"], 2);
  EXPECT_EQ(j["downlink"]["excess_emission"], 1);
  EXPECT_EQ(j["platform"]["last_error"], "connect to 10.0.0.1:443 failed");
}

TEST_F(SyncStatusTest, ConfiguredWindowAndAlarmAgeAreUsed) {
  const std::string cfg =
      dir_.write("gated.textproto",
                 "gate_id: \"G1\"\ndatabase_path: \"gate.db\"\n"
                 "lanes { lane_id: \"L1\" barrier { tcp { host: \"h\" port: 502 } } }\n"
                 "uplink { live_window_ms: 600000 backlog_alarm_age_ms: 3600000 }\n"
                 "policy { version: \"v1\" }\n");
  CtlRun r = run_ctl({"sync", "status", "--config", cfg});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("100.0 % within 10 min"));
  EXPECT_THAT(r.out, Not(HasSubstr("ALARM")));
}

TEST_F(SyncStatusTest, RequeueSendsParkedRecordsAgain) {
  CtlRun r = run_ctl({"sync", "requeue", "--db", db_});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("1 parked record(s) queued"));
  r = run_ctl({"sync", "status", "--db", db_});
  EXPECT_THAT(r.out, HasSubstr("backlog:    2 record(s)"));
  EXPECT_THAT(r.out, HasSubstr("parked:     0 record(s)"));
}

TEST_F(SyncStatusTest, NeedsADatabase) {
  CtlRun r = run_ctl({"sync", "status"});
  EXPECT_EQ(r.rc, 2);
  EXPECT_THAT(r.err, HasSubstr("--db"));
}

}  // namespace
}  // namespace gate::ctl
