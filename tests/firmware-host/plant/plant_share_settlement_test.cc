// The plant-wide share at the plant database (plant_share_settlement.h): a settlement counts the
// gate's new releases once, with the passages' push, and grants only what the plant's slack
// covers; a gate with another rule is not settled; gates settling at once on their own
// connections leave the tally equal to the sum of what they reported and the granted
// allowances equal to the sum of their leases.
#include "firmware-host/plant/plant_share_settlement.h"

#include <gtest/gtest.h>

#include <random>
#include <thread>

#include "firmware-host/plant/plant_passages.h"
#include "firmware-host/plant/plant_schema.h"
#include "rules/plant_share.h"
#include "tests/support/passages.h"
#include "tests/support/pg_cluster_suite.h"

namespace gate::host {
namespace {

using drivers::pg::Connection;
using sync_test::kT0;

rules::CompiledShareRule green_rule(int64_t bp = 6000,
                                    gate::v1::ShareMode mode = gate::v1::SHARE_MODE_STRICT) {
  rules::CompiledShareRule r;
  r.counter = "green";
  r.rule_id = "share.green";
  r.target_bp = bp;
  r.target_percent = static_cast<double>(bp) / 100;
  r.mode = mode;
  return r;
}

PlantShareRound round_of(const std::vector<gate::v1::Passage>& batch, int green_from_index,
                         int64_t requested, const rules::CompiledShareRule& r = green_rule()) {
  PlantShareRound round;
  round.today = "2026-12-07";
  round.rules[round.today] = {r};
  round.requested_trucks = requested;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const bool green = static_cast<int>(i) >= green_from_index;
    round.releases[batch[i].seq()] = {round.today, {{"green", {1, green ? 1 : 0}}}};
  }
  return round;
}

std::vector<gate::v1::Passage> passages(int64_t first_seq, int n) {
  std::vector<gate::v1::Passage> out;
  for (int i = 0; i < n; ++i) {
    auto p = sync_test::passage("豫A" + std::to_string(10000 + first_seq + i), kT0 + i);
    p.set_seq(first_seq + i);
    p.set_outcome(gate::v1::PASSAGE_OUTCOME_PASSED);
    out.push_back(p);
  }
  return out;
}

// One push of `batch` with its settlement, as the pusher runs it.
Result<PlantShareSettlement> push_and_settle(Connection& db, const std::string& gate,
                                             const std::vector<gate::v1::Passage>& batch,
                                             const PlantShareRound& round) {
  PlantShareSettlement out;
  auto settle = [&](const std::vector<int64_t>& added) -> Status {
    auto s = settle_plant_share(db, gate, round, added);
    if (!s.ok()) return Error{s.error()};
    out = std::move(s).value();
    return Status::Ok();
  };
  auto n = push_passages(db, gate, batch, 480, settle);
  if (!n.ok()) return Error{n.error()};
  return out;
}

class PlantShareSettlementTest : public testing::PgClusterSuite {
 protected:
  void SetUp() override {
    db_ = fresh_database("share");
    ASSERT_TRUE(db_);
    ASSERT_TRUE(apply_plant_migrations(*db_).ok());
  }
  PlantShareDay day() {
    auto d = read_plant_share(*db_, "2026-12-07", "green");
    EXPECT_TRUE(d.ok()) << d.error();
    return d.ok() ? d.value() : PlantShareDay{};
  }
  std::unique_ptr<Connection> db_;
};

TEST_F(PlantShareSettlementTest, AGreenBatchEarnsTheGateItsAllowanceAndTheRestIsFreeForOthers) {
  const auto batch = passages(1, 5);
  auto g1 = push_and_settle(*db_, "G1", batch, round_of(batch, 0, 3));
  ASSERT_TRUE(g1.ok()) << g1.error();
  // Five green at 60 %: 5 x 4000 = 20000 of slack; G1 asked for 3 x 6000.
  EXPECT_EQ(g1.value().leases.at("green").allowance_bp, 18000);
  EXPECT_EQ(g1.value().leases.at("green").reported.released, 5);
  auto g2 = push_and_settle(*db_, "G2", {}, round_of({}, 0, 3));
  ASSERT_TRUE(g2.ok()) << g2.error();
  EXPECT_EQ(g2.value().leases.at("green").allowance_bp, 2000) << "only what is free";
  const PlantShareDay d = day();
  EXPECT_EQ(d.tally.released, 5);
  EXPECT_EQ(d.tally.qualifying, 5);
  EXPECT_EQ(d.granted_bp, 20000);
  EXPECT_FALSE(rules::plant_admits_non_qualifying(green_rule(), d.tally, 0, d.granted_bp / 6000));
}

TEST_F(PlantShareSettlementTest, ABatchSentAgainIsCountedOnce) {
  const auto batch = passages(1, 4);
  const auto round = round_of(batch, 2, 0);  // two diesel, two green
  ASSERT_TRUE(push_and_settle(*db_, "G1", batch, round).ok());
  auto again = push_and_settle(*db_, "G1", batch, round);  // the answer was lost: sent again
  ASSERT_TRUE(again.ok()) << again.error();
  EXPECT_EQ(again.value().leases.at("green").reported.released, 4);
  EXPECT_EQ(again.value().leases.at("green").reported.qualifying, 2);
  EXPECT_EQ(day().tally.released, 4);
}

TEST_F(PlantShareSettlementTest, AGateWithAnotherRuleIsNotSettledAndToldWhy) {
  ASSERT_TRUE(push_and_settle(*db_, "G1", {}, round_of({}, 0, 1)).ok());
  const auto batch = passages(1, 2);
  auto other = push_and_settle(*db_, "G2", batch, round_of(batch, 0, 1, green_rule(7000)));
  ASSERT_TRUE(other.ok()) << other.error();
  EXPECT_TRUE(other.value().leases.empty());
  ASSERT_EQ(other.value().warnings.size(), 1u);
  EXPECT_NE(other.value().warnings[0].find("differs from the plant's"), std::string::npos)
      << other.value().warnings[0];
  EXPECT_EQ(day().tally.released, 0) << "its releases stay its own";
}

TEST_F(PlantShareSettlementTest, ThreeGatesSettlingAtOnceKeepThePlantsBooks) {
  auto made = cluster()->create_database("share_contended");
  ASSERT_TRUE(made.ok()) << made.error();
  const std::string info = made.value();
  db_ = Connection::Connect(info).value();
  ASSERT_TRUE(apply_plant_migrations(*db_).ok());
  std::vector<std::thread> gates;
  std::array<std::string, 3> errors;
  for (int g = 0; g < 3; ++g) {
    gates.emplace_back([&, g] {
      auto c = Connection::Connect(info);
      if (!c.ok()) {
        errors[g] = c.error();
        return;
      }
      std::mt19937 random(g + 1);
      int64_t seq = 1;
      for (int round = 0; round < 40; ++round) {
        const int n = static_cast<int>(random() % 4);
        const auto batch = passages(seq, n);
        seq += n;
        auto s = push_and_settle(*c.value(), "G" + std::to_string(g), batch,
                                 round_of(batch, static_cast<int>(random() % 4), 3));
        if (!s.ok()) {
          errors[g] = s.error();
          return;
        }
      }
    });
  }
  for (auto& t : gates) t.join();
  for (const auto& e : errors) ASSERT_EQ(e, "");
  const PlantShareDay d = day();
  rules::ShareCount reported;
  int64_t allowances = 0;
  for (const auto& [gate, lease] : d.leases) {
    reported.released += lease.reported.released;
    reported.qualifying += lease.reported.qualifying;
    allowances += lease.allowance_bp;
  }
  EXPECT_EQ(d.tally.released, reported.released);
  EXPECT_EQ(d.tally.qualifying, reported.qualifying);
  EXPECT_EQ(d.granted_bp, allowances);
  EXPECT_GE(rules::share_slack(green_rule(), d.tally) - d.granted_bp, 0);
}

}  // namespace
}  // namespace gate::host
