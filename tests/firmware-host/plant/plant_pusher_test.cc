// The pusher's worker against a private cluster of its own: every passage reaches the plant; a
// cut is an ALARM and lag, and the backfill after it leaves each passage there once; wrong
// credentials are an ALARM naming plant.conninfo, and a password file fixes them.
#include "firmware-host/plant/plant_pusher.h"

#include <gtest/gtest.h>

#include <mutex>
#include <vector>

#include "firmware-host/store/gate_store.h"
#include "tests/support/passages.h"
#include "tests/support/pg_cluster.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using sync_test::kT0;
using sync_test::passage;

class PlantPusherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = testing::PgCluster::Start();
    ASSERT_TRUE(c.ok()) << c.error();
    cluster_ = std::move(c).value();
    auto store = GateStore::Open(dir_.file("gate.db"));
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(store).value();
    auto db = drivers::pg::Connection::Connect(cluster_->conninfo());
    ASSERT_TRUE(db.ok()) << db.error();
  }
  void commit_refusals(int n) {
    for (int i = 0; i < n; ++i) {
      ++next_;
      auto p = passage("豫Z" + std::to_string(10000 + next_), kT0 + next_, false);
      ASSERT_TRUE(store_->commit_passage(p, p.time_unix_ms()).ok());
    }
  }
  std::unique_ptr<PlantPusher> pusher(const std::string& conninfo,
                                      const std::string& password_file = "") {
    gate::v1::PlantConfig cfg;
    cfg.set_conninfo(conninfo);
    cfg.set_password_file(password_file);
    cfg.set_push_interval_ms(50);
    cfg.set_max_backoff_ms(200);
    cfg.set_batch_size(4);
    PlantPusher::Hooks h;
    h.log = [](const std::string&) {};
    h.alarm = [this](const std::string& m) {
      std::lock_guard lock(mu_);
      alarms_.push_back(m);
    };
    h.now_ms = [] { return kT0; };
    return std::make_unique<PlantPusher>(dir_.file("gate.db"), "G1", cfg, 480, std::move(h));
  }
  // (rows, distinct keys) of G1 at the plant; (-1, -1) when unreachable.
  std::pair<int, int> plant_rows() {
    auto db = drivers::pg::Connection::Connect(cluster_->conninfo());
    if (!db.ok()) return {-1, -1};
    auto r =
        db.value()->exec("SELECT count(*), count(DISTINCT seq) FROM passages WHERE gate_id = 'G1'");
    if (!r.ok()) return {-1, -1};
    return {std::stoi(r.value().text(0, 0)), std::stoi(r.value().text(0, 1))};
  }
  // G1's gate_seq and backlog_oldest_unix_ms at the plant as the gate reported them; "" for
  // NULL, "?" when unreadable.
  std::pair<std::string, std::string> reported() {
    auto db = drivers::pg::Connection::Connect(cluster_->conninfo());
    if (!db.ok()) return {"?", "?"};
    auto r =
        db.value()->exec("SELECT gate_seq, backlog_oldest_unix_ms FROM gates WHERE gate_id = 'G1'");
    if (!r.ok() || r.value().rows.empty()) return {"?", "?"};
    return {r.value().text(0, 0), r.value().text(0, 1)};
  }
  std::vector<std::string> alarms() {
    std::lock_guard lock(mu_);
    return alarms_;
  }
  test_support::TempDir dir_;
  std::unique_ptr<testing::PgCluster> cluster_;
  std::unique_ptr<GateStore> store_;
  int next_ = 0;
  std::mutex mu_;
  std::vector<std::string> alarms_;
};

TEST_F(PlantPusherTest, EveryPassageArrivesOnceAcrossACut) {
  commit_refusals(10);  // more than two batches
  auto p = pusher(cluster_->conninfo());
  p->start();
  ASSERT_TRUE(testing::wait_until([&] { return plant_rows().first == 10; }, 10000));
  ASSERT_TRUE(testing::wait_until([&] { return p->state().lag_passages == 0; }, 5000));
  EXPECT_TRUE(p->state().connected);
  EXPECT_EQ(p->state().pushed, 10);

  ASSERT_TRUE(cluster_->stop().ok());
  commit_refusals(5);
  p->poke();
  ASSERT_TRUE(testing::wait_until(
      [&] { return !p->state().connected && p->state().lag_passages == 5; }, 10000))
      << p->state().last_error;
  ASSERT_FALSE(alarms().empty());
  EXPECT_NE(alarms().back().find("plant.conninfo"), std::string::npos) << alarms().back();
  EXPECT_EQ(p->state().lag_oldest_unix_ms, kT0 + 11);

  ASSERT_TRUE(cluster_->restart().ok()) << cluster_->log();
  ASSERT_TRUE(testing::wait_until([&] { return plant_rows().first == 15; }, 10000));
  EXPECT_EQ(plant_rows().second, 15);
  ASSERT_TRUE(testing::wait_until([&] { return p->state().connected; }, 5000));
  ASSERT_TRUE(testing::wait_until([&] { return p->state().lag_passages == 0; }, 5000));
  p->stop();
  EXPECT_EQ(alarms().size(), 1u) << "one ALARM for the streak";
}

// The gate's own side for the plant-level view: its latest seq and, while a passage is held
// back (still pending), that passage's time.
TEST_F(PlantPusherTest, ReportsTheGatesLatestSeqAndItsOldestPassageNotSent) {
  commit_refusals(3);
  auto p = pusher(cluster_->conninfo());
  p->start();
  ASSERT_TRUE(testing::wait_until(
      [&] {
        return reported() == std::pair<std::string, std::string>{"3", "0"};
      },
      10000))
      << reported().first << " " << reported().second;
  auto pending = passage("豫Z20000", kT0 + 2, true);  // PENDING: not sent until it settles
  ASSERT_TRUE(store_->commit_passage(pending, pending.time_unix_ms()).ok());
  commit_refusals(1);
  p->poke();
  const std::string oldest = std::to_string(kT0 + 2);  // older than the refusal after it
  ASSERT_TRUE(testing::wait_until(
      [&] {
        return reported() == std::pair<std::string, std::string>{"5", oldest};
      },
      10000))
      << reported().first << " " << reported().second;
  EXPECT_EQ(plant_rows().first, 3);
  p->stop();
}

TEST_F(PlantPusherTest, WrongPasswordAlarmsNamingTheSettingAndAPasswordFileFixesIt) {
  commit_refusals(2);
  const std::string bad = "host=127.0.0.1 port=" + std::to_string(cluster_->port()) +
                          " dbname=plant user=plant password=not-it";
  {
    auto p = pusher(bad);
    p->start();
    ASSERT_TRUE(testing::wait_until([&] { return !alarms().empty(); }, 10000));
    p->stop();
    EXPECT_FALSE(p->state().connected);
    EXPECT_EQ(p->state().lag_passages, 2);
  }
  const std::string a = alarms().front();
  EXPECT_NE(a.find("plant.conninfo"), std::string::npos) << a;
  EXPECT_NE(a.find("password authentication failed"), std::string::npos) << a;
  EXPECT_EQ(a.find("not-it"), std::string::npos) << "no password in the ALARM: " << a;

  const std::string file = dir_.write("plant.password", std::string(cluster_->password()) + "\n");
  auto p = pusher(bad, file);
  p->start();
  EXPECT_TRUE(testing::wait_until([&] { return plant_rows().first == 2; }, 10000));
  p->stop();
}

}  // namespace
}  // namespace gate::host
