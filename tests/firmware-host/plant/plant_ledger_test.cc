// Ledger replication against a private cluster (docs/plant.md §4): a gate's history rows reach
// the plant once; the later edit wins, both stay in the history, a loser gets the master back;
// pulled entries are applied in revision order with the cursor, through the gate's history, and
// are not pushed back; a local edit not yet at the plant is not overwritten; two replicators
// keep two gates in step.
#include <gtest/gtest.h>

#include <mutex>

#include "firmware-host/plant/gate_ledger_copy.h"
#include "firmware-host/plant/ledger_replicator.h"
#include "firmware-host/plant/plant_ledger.h"
#include "firmware-host/plant/plant_schema.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/ledger_history.h"
#include "tests/support/pg_cluster_suite.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

gate::v1::Vehicle truck(const std::string& plate, const std::string& fleet) {
  gate::v1::Vehicle v;
  v.set_plate(plate);
  v.set_vehicle_class(gate::v1::VEHICLE_CLASS_TRANSPORT);
  v.set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_VI);
  v.set_fuel_type(gate::v1::FUEL_TYPE_DIESEL);
  v.set_fleet(fleet);
  return v;
}

LedgerEdit edit(const std::string& plate, const std::string& fleet, int64_t at,
                const std::string& origin, int64_t origin_id) {
  LedgerEdit e;
  e.vehicle = truck(plate, fleet);
  e.ledger_key = "plate:" + plate;
  e.edited_at_unix_ms = at;
  e.edited_by = "tester";
  e.origin = origin;
  e.origin_id = origin_id;
  return e;
}

class PlantLedgerTest : public testing::PgClusterSuite {
 protected:
  void SetUp() override {
    db_ = fresh_database("ledger");
    ASSERT_TRUE(db_);
    ASSERT_TRUE(apply_plant_migrations(*db_).ok());
    auto store = GateStore::Open(dir_.file("gate.db"));
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(store).value();
    auto copy = GateLedgerCopy::Open(dir_.file("gate.db"));
    ASSERT_TRUE(copy.ok()) << copy.error();
    copy_ = std::move(copy).value();
  }
  std::string scalar(const std::string& sql) {
    auto r = db_->exec(sql);
    EXPECT_TRUE(r.ok()) << r.error();
    return r.ok() && !r.value().rows.empty() ? r.value().text(0, 0) : "";
  }
  std::string gate_fleet(const std::string& plate) {
    auto vs = store_->load_vehicles();
    EXPECT_TRUE(vs.ok());
    for (const auto& v : vs.value()) {
      if (v.plate() == plate) return v.fleet();
    }
    return "";
  }
  LedgerPushResult push(const std::vector<LedgerEdit>& edits) {
    auto r = push_ledger_edits(*db_, edits);
    EXPECT_TRUE(r.ok()) << r.error();
    return r.ok() ? r.value() : LedgerPushResult{};
  }
  test_support::TempDir dir_;
  std::unique_ptr<drivers::pg::Connection> db_;
  std::unique_ptr<GateStore> store_;
  std::unique_ptr<GateLedgerCopy> copy_;
};

TEST_F(PlantLedgerTest, HistoryRowsReachThePlantExactlyOnce) {
  ASSERT_TRUE(store_->upsert_vehicle(truck("豫A00001", "一队"), 1000, "alice").ok());
  ASSERT_TRUE(store_->upsert_vehicle(truck("豫A00002", "一队"), 1001, "alice").ok());
  ASSERT_TRUE(store_->upsert_vehicle(truck("豫A00001", "二队"), 1002, "bob").ok());
  auto scan = copy_->edits_after(0, 10, "G1");
  ASSERT_TRUE(scan.ok()) << scan.error();
  ASSERT_EQ(scan.value().edits.size(), 3u);
  EXPECT_EQ(scan.value().edits[2].edited_by, "bob");
  EXPECT_EQ(scan.value().edits[2].vehicle.fleet(), "二队");

  EXPECT_EQ(push(scan.value().edits).added, 3);
  // The answer was lost: the same batch again adds nothing.
  EXPECT_EQ(push(scan.value().edits).added, 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM ledger_revisions"), "3");
  EXPECT_EQ(ledger_push_cursor(*db_, "G1").value(), scan.value().scanned_to);
  EXPECT_EQ(ledger_push_cursor(*db_, "G2").value(), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM ledger_entries"), "2");
  auto entries = ledger_entries_after(*db_, 0, 10);
  ASSERT_TRUE(entries.ok()) << entries.error();
  ASSERT_EQ(entries.value().size(), 2u);
  const auto& a1 =
      entries.value()[0].ledger_key == "plate:豫A00001" ? entries.value()[0] : entries.value()[1];
  EXPECT_EQ(a1.vehicle.fleet(), "二队") << "the later edit of A00001";
  EXPECT_EQ(a1.edited_by, "bob");
  EXPECT_EQ(a1.origin, "G1");
}

TEST_F(PlantLedgerTest, TheLaterEditWinsEitherWayAndBothAreInTheHistory) {
  // The later edit arrives first: the earlier one loses and its gate gets the master back.
  EXPECT_EQ(push({edit("豫A00001", "late", 2000, "G1", 1)}).won, 1);
  auto r = push({edit("豫A00001", "early", 1000, "G2", 1)});
  EXPECT_EQ(r.added, 1);
  EXPECT_EQ(r.won, 0);
  ASSERT_EQ(r.lost_to.size(), 1u);
  EXPECT_EQ(r.lost_to[0].vehicle.fleet(), "late");
  // Sent again (a lost answer): still lost, and the master comes back again.
  EXPECT_EQ(push({edit("豫A00001", "early", 1000, "G2", 1)}).lost_to.size(), 1u);

  // The earlier edit arrives first: the later one replaces it.
  push({edit("豫A00002", "early", 1000, "G2", 2)});
  EXPECT_EQ(push({edit("豫A00002", "late", 2000, "G1", 2)}).won, 1);

  // A tie by the clock goes to the larger origin.
  push({edit("豫A00003", "from G2", 3000, "G2", 3)});
  EXPECT_EQ(push({edit("豫A00003", "from G1", 3000, "G1", 3)}).won, 0);

  auto entries = ledger_entries_after(*db_, 0, 10);
  ASSERT_TRUE(entries.ok()) << entries.error();
  ASSERT_EQ(entries.value().size(), 3u);
  for (const auto& e : entries.value()) {
    if (e.ledger_key == "plate:豫A00003") {
      EXPECT_EQ(e.vehicle.fleet(), "from G2");
    } else {
      EXPECT_EQ(e.vehicle.fleet(), "late") << e.ledger_key;
    }
  }
  for (const char* plate : {"豫A00001", "豫A00002"}) {
    auto h = plant_ledger_history(*db_, std::string("plate:") + plate);
    ASSERT_TRUE(h.ok()) << h.error();
    ASSERT_EQ(h.value().size(), 2u) << plate;
    for (const auto& rev : h.value()) {
      EXPECT_EQ(rev.applied, rev.vehicle.fleet() != "early" || plate == std::string("豫A00002"))
          << plate << " r" << rev.revision << " " << rev.vehicle.fleet();
    }
  }
  EXPECT_EQ(scalar("SELECT count(*) FROM ledger_revisions WHERE NOT applied"), "2")
      << "A00001 early, A00003 from G1";
}

TEST_F(PlantLedgerTest, PullAppliesInRevisionOrderAdvancesTheCursorAndIsNotPushedBack) {
  push({edit("豫A00001", "v1", 1000, kPlantOrigin, 0),
        edit("豫A00002", "v1", 1000, kPlantOrigin, 0)});
  push({edit("豫A00001", "v2", 2000, kPlantOrigin, 0)});
  auto entries = ledger_entries_after(*db_, 0, 10);
  ASSERT_TRUE(entries.ok()) << entries.error();
  ASSERT_EQ(entries.value().size(), 2u);
  EXPECT_LT(entries.value()[0].revision, entries.value()[1].revision);
  EXPECT_EQ(entries.value()[1].vehicle.fleet(), "v2");

  const int64_t last = entries.value().back().revision;
  auto applied = copy_->apply(entries.value(), 0, last, 5000);
  ASSERT_TRUE(applied.ok()) << applied.error();
  EXPECT_EQ(applied.value().changed, 2);
  EXPECT_EQ(copy_->pull_cursor().value(), last);
  EXPECT_EQ(gate_fleet("豫A00001"), "v2");
  auto h = ledger_history(store_->db(), "plate:豫A00001");
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(h.value().size(), 1u);
  EXPECT_EQ(h.value()[0].actor, "plant r" + std::to_string(last) + " (tester at plant)");
  EXPECT_TRUE(ledger_entries_after(*db_, last, 10).value().empty());

  // Applied again (at least once): no new history row.
  EXPECT_EQ(copy_->apply(entries.value(), 0, last, 6000).value().changed, 0);
  // Replicated rows are not sent back to the plant.
  auto scan = copy_->edits_after(0, 10, "G1");
  ASSERT_TRUE(scan.ok());
  EXPECT_TRUE(scan.value().edits.empty());
  EXPECT_EQ(scan.value().scanned_to, 2);
}

TEST_F(PlantLedgerTest, ALocalEditNotYetAtThePlantIsNotOverwritten) {
  push({edit("豫A00001", "plant", 1000, kPlantOrigin, 0)});
  ASSERT_TRUE(store_->upsert_vehicle(truck("豫A00001", "gate"), 2000, "alice").ok());
  auto entries = ledger_entries_after(*db_, 0, 10);
  ASSERT_TRUE(entries.ok());
  auto applied = copy_->apply(entries.value(), 0, entries.value().back().revision, 3000);
  ASSERT_TRUE(applied.ok()) << applied.error();
  EXPECT_EQ(applied.value().skipped, 1);
  EXPECT_EQ(gate_fleet("豫A00001"), "gate");
}

// Two gates, each with its own replicator, against one plant database.
class LedgerReplicatorTest : public testing::PgClusterSuite {
 protected:
  void SetUp() override {
    auto info = cluster()->create_database("replicator_" + std::to_string(++n_));
    ASSERT_TRUE(info.ok()) << info.error();
    conninfo_ = info.value();
    for (const char* g : {"G1", "G2"}) {
      auto store = GateStore::Open(dir_.file(std::string(g) + ".db"));
      ASSERT_TRUE(store.ok()) << store.error();
      stores_.push_back(std::move(store).value());
    }
  }
  std::unique_ptr<LedgerReplicator> replicator(const std::string& gate, int* changes) {
    gate::v1::PlantConfig cfg;
    cfg.set_conninfo(conninfo_);
    cfg.set_ledger_interval_ms(50);
    cfg.set_max_backoff_ms(200);
    cfg.set_ledger_batch_size(2);
    LedgerReplicator::Hooks h;
    h.alarm = [this](const std::string& m) {
      std::lock_guard lock(mu_);
      alarms_.push_back(m);
    };
    h.now_ms = [] { return 9000; };
    h.ledger_changed = [this, changes] {
      std::lock_guard lock(mu_);
      ++*changes;
    };
    auto r = std::make_unique<LedgerReplicator>(dir_.file(gate + ".db"), gate, cfg, std::move(h));
    r->start();
    return r;
  }
  std::string fleet(int gate, const std::string& plate) {
    auto vs = stores_[gate]->load_vehicles();
    if (!vs.ok()) return "";
    for (const auto& v : vs.value()) {
      if (v.plate() == plate) return v.fleet();
    }
    return "";
  }
  static inline int n_ = 0;
  test_support::TempDir dir_;
  std::string conninfo_;
  std::vector<std::unique_ptr<GateStore>> stores_;
  std::mutex mu_;
  std::vector<std::string> alarms_;
};

TEST_F(LedgerReplicatorTest, EditsAtEitherGateReachTheOtherAndALoserTakesTheMasterBack) {
  int changes1 = 0, changes2 = 0;
  for (int i = 0; i < 5; ++i) {  // more than two batches
    ASSERT_TRUE(
        stores_[0]->upsert_vehicle(truck("豫A0000" + std::to_string(i), "g1"), 1000 + i, "a").ok());
  }
  auto r1 = replicator("G1", &changes1);
  auto r2 = replicator("G2", &changes2);
  ASSERT_TRUE(testing::wait_until([&] { return fleet(1, "豫A00004") == "g1"; }, 10000));
  EXPECT_EQ(fleet(1, "豫A00000"), "g1");
  // G2 edits one later, another earlier than G1's latest edit of it.
  ASSERT_TRUE(stores_[1]->upsert_vehicle(truck("豫A00001", "g2 later"), 5000, "b").ok());
  ASSERT_TRUE(stores_[0]->upsert_vehicle(truck("豫A00002", "g1 latest"), 4000, "a").ok());
  ASSERT_TRUE(testing::wait_until([&] { return fleet(1, "豫A00002") == "g1 latest"; }, 10000));
  ASSERT_TRUE(stores_[1]->upsert_vehicle(truck("豫A00002", "g2 earlier"), 3000, "b").ok());
  ASSERT_TRUE(testing::wait_until([&] { return fleet(0, "豫A00001") == "g2 later"; }, 10000));
  ASSERT_TRUE(testing::wait_until([&] { return fleet(1, "豫A00002") == "g1 latest"; }, 10000))
      << "G2's earlier edit lost; G2 takes the master back";
  EXPECT_EQ(fleet(0, "豫A00002"), "g1 latest");
  r1->stop();
  r2->stop();
  EXPECT_GE(r1->state().pushed, 6);
  EXPECT_TRUE(r2->state().connected);
  {
    std::lock_guard lock(mu_);
    EXPECT_GT(changes1, 0);
    EXPECT_GT(changes2, 0);
    EXPECT_TRUE(alarms_.empty()) << alarms_.front();
  }
  // Nothing replicated went back: every revision's origin_id is a gate's own edit.
  auto db = drivers::pg::Connection::Connect(conninfo_);
  ASSERT_TRUE(db.ok());
  auto n = db.value()->exec("SELECT count(*) FROM ledger_revisions");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n.value().text(0, 0), "8") << "5 + 1 at G1, 2 at G2";
}

TEST_F(LedgerReplicatorTest, AGateAheadOfANewPlantDatabaseTakesItsLedgerFromTheStart) {
  {
    auto copy = GateLedgerCopy::Open(dir_.file("G2.db"));
    ASSERT_TRUE(copy.ok()) << copy.error();
    ASSERT_TRUE(copy.value()->apply({}, 0, int64_t{100}, 0).ok());  // from an earlier plant
  }
  ASSERT_TRUE(stores_[0]->upsert_vehicle(truck("豫A00001", "g1"), 1000, "a").ok());
  int changes1 = 0, changes2 = 0;
  auto r1 = replicator("G1", &changes1);
  auto r2 = replicator("G2", &changes2);
  EXPECT_TRUE(testing::wait_until([&] { return fleet(1, "豫A00001") == "g1"; }, 10000));
  r2->stop();
  EXPECT_LT(r2->state().revision, 100);
}

}  // namespace
}  // namespace gate::host
