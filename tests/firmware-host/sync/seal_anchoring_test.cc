// Anchors in heartbeats (firmware-host/sync/seal_anchoring.h) against a real gate database:
// the chain head and the unacknowledged seals go out; receipts for seals that were sent are
// recorded and those seals are not sent again; receipts for anything else are ignored with a
// reason and mark nothing.
#include "firmware-host/sync/seal_anchoring.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "firmware-host/audit/daily_seal.h"
#include "firmware-host/audit/signing_key.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/seal_anchors.h"
#include "tests/support/passages.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using ::testing::HasSubstr;
constexpr int64_t kDayMs = 86400000;

class SealAnchoringTest : public ::testing::Test {
 protected:
  // Passages on 2026-11-22, -23 and -24; the first two days sealed.
  void SetUp() override {
    auto s = GateStore::Open(dir_.file("gate.db"));
    ASSERT_TRUE(s.ok()) << s.error();
    store_ = std::move(s).value();
    for (int day = 0; day < 3; ++day) {
      const int64_t t = sync_test::kT0 + day * kDayMs;
      auto p = sync_test::passage("豫H1000" + std::to_string(day), t);
      ASSERT_TRUE(store_->commit_passage(p, t).ok());
    }
    auto key = SigningKey::LoadOrCreate(dir_.file("gate.key"));
    ASSERT_TRUE(key.ok());
    auto n = seal_closed_days(db(), key.value(), "G1", "2026-11-24", 480, sync_test::kT0);
    ASSERT_TRUE(n.ok() && n.value() == 2);
  }
  SqliteDb& db() { return store_->db(); }

  gate::v1::Heartbeat heartbeat() {
    gate::v1::Heartbeat hb;
    EXPECT_TRUE(add_anchors(db(), hb).ok());
    return hb;
  }
  static gate::v1::SealReceipt receipt(const std::string& date, int64_t last_id,
                                       const std::string& text) {
    gate::v1::SealReceipt r;
    r.set_date(date);
    r.set_last_chain_id(last_id);
    r.set_receipt(text);
    return r;
  }

  test_support::TempDir dir_;
  std::unique_ptr<GateStore> store_;
};

TEST_F(SealAnchoringTest, AHeartbeatCarriesTheChainHeadAndEveryUnacknowledgedSeal) {
  const auto hb = heartbeat();
  EXPECT_EQ(hb.chain_head().chain_id(), 3);
  EXPECT_EQ(
      hb.chain_head().hash(),
      store_->db().prepare("SELECT hash FROM chain WHERE id=3").value().text_rows().value()[0]);
  ASSERT_EQ(hb.seals_size(), 2);
  EXPECT_EQ(hb.seals(0).date(), "2026-11-22");
  EXPECT_EQ(hb.seals(0).first_chain_id(), 1);
  EXPECT_EQ(hb.seals(0).last_chain_id(), 1);
  EXPECT_EQ(hb.seals(0).passages(), 1);
  EXPECT_EQ(hb.seals(0).signature().size(), 128u);
  EXPECT_EQ(hb.seals(1).date(), "2026-11-23");
}

TEST_F(SealAnchoringTest, AcknowledgedSealsAreRecordedAndNotSentAgain) {
  const auto hb = heartbeat();
  gate::v1::HeartbeatReply reply;
  *reply.add_seal_receipts() = receipt("2026-11-22", 1, "anchor-1");
  const auto taken = take_seal_receipts(db(), hb, reply, 1234);
  EXPECT_EQ(taken.recorded, 1);
  EXPECT_TRUE(taken.ignored.empty());
  const auto next = heartbeat();
  ASSERT_EQ(next.seals_size(), 1);
  EXPECT_EQ(next.seals(0).date(), "2026-11-23");
  auto stored = db().prepare("SELECT receipt, acked_unix_ms FROM seal_anchors");
  ASSERT_TRUE(stored.value().step().value());
  EXPECT_EQ(stored.value().text(0), "anchor-1");
  EXPECT_EQ(stored.value().int64(1), 1234);
  EXPECT_EQ(seal_anchor_counts(db()).value().anchored, 1);
}

TEST_F(SealAnchoringTest, ReceiptsForSealsNotSentOrUnfitAreIgnoredAndMarkNothing) {
  gate::v1::Heartbeat sent = heartbeat();
  sent.mutable_seals()->RemoveLast();  // this heartbeat carried 2026-11-22 only
  gate::v1::HeartbeatReply reply;
  *reply.add_seal_receipts() = receipt("2026-11-23", 2, "anchor-2");   // not sent
  *reply.add_seal_receipts() = receipt("2026-11-22", 99, "anchor-3");  // wrong range
  *reply.add_seal_receipts() = receipt("2026-11-22", 1, "");           // no receipt
  *reply.add_seal_receipts() = receipt("2026-11-22", 1, std::string(500, 'x'));
  *reply.add_seal_receipts() = receipt("2026-11-22", 1, "bad\x1b[2Jreceipt");
  *reply.add_seal_receipts() = receipt("\n\x1b", 1, "anchor-4");
  const auto taken = take_seal_receipts(db(), sent, reply, 1);
  EXPECT_EQ(taken.recorded, 0);
  ASSERT_EQ(taken.ignored.size(), 6u);
  EXPECT_THAT(taken.ignored[0], HasSubstr("2026-11-23"));
  EXPECT_THAT(taken.ignored[0], HasSubstr("did not carry"));
  EXPECT_THAT(taken.ignored[1], HasSubstr("did not carry"));
  EXPECT_THAT(taken.ignored[2], HasSubstr("empty"));
  EXPECT_THAT(taken.ignored[3], HasSubstr("longer than"));
  EXPECT_THAT(taken.ignored[4], HasSubstr("control character"));
  EXPECT_THAT(taken.ignored[5], HasSubstr("seal receipt for ?"));
  EXPECT_EQ(seal_anchor_counts(db()).value().anchored, 0);
  EXPECT_EQ(heartbeat().seals_size(), 2);
}

TEST_F(SealAnchoringTest, AnEmptyChainSendsNoHead) {
  test_support::TempDir other;
  auto s = GateStore::Open(other.file("empty.db"));
  ASSERT_TRUE(s.ok());
  gate::v1::Heartbeat hb;
  ASSERT_TRUE(add_anchors(s.value()->db(), hb).ok());
  EXPECT_FALSE(hb.has_chain_head());
  EXPECT_EQ(hb.seals_size(), 0);
}

}  // namespace
}  // namespace gate::host
