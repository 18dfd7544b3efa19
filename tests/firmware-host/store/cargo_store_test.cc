// A passage's cargo in the gate database (GateStore::record_cargo): what is refused and why,
// corrections kept as revisions with outbox rows of their own, and the audit chain over them
// when another connection (gatectl, the dashboard) writes beside gated's.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "firmware-host/audit/chain_verifier.h"
#include "firmware-host/audit/signing_key.h"
#include "firmware-host/store/gate_store.h"
#include "rules/cargo.h"
#include "tests/support/passages.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using sync_test::kT0;
using sync_test::passage;
using ::testing::HasSubstr;

class CargoStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = GateStore::Open(dir_.file("gate.db"));
    ASSERT_TRUE(s.ok()) << s.error();
    store_ = std::move(s).value();
    auto p = passage("豫H00001", kT0);
    auto seq = store_->commit_passage(p, kT0);
    ASSERT_TRUE(seq.ok()) << seq.error();
    seq_ = seq.value();
  }
  std::vector<OutboxRow> cargo_rows() {
    auto rows = store_->next_outbox(100);
    EXPECT_TRUE(rows.ok()) << rows.error();
    std::vector<OutboxRow> out;
    for (auto& r : rows.value())
      if (r.cargo) out.push_back(r);
    return out;
  }
  VerifyReport verify() {
    auto key = SigningKey::LoadOrCreate(dir_.file("gate.key"));
    EXPECT_TRUE(key.ok());
    VerifyOptions opt;
    opt.public_pem = key.value().public_pem();
    auto rep = verify_gate_records(*store_, opt);
    EXPECT_TRUE(rep.ok()) << rep.error();
    return rep.ok() ? rep.value() : VerifyReport{};
  }
  test_support::TempDir dir_;
  std::unique_ptr<GateStore> store_;
  int64_t seq_ = 0;
};

TEST(CargoRulesTest, QuantitiesAreExactThousandthsAndWrittenBack) {
  EXPECT_EQ(rules::parse_cargo_quantity("31.25").value(), 31250);
  EXPECT_EQ(rules::parse_cargo_quantity("0.001").value(), 1);
  EXPECT_EQ(rules::parse_cargo_quantity("1000000").value(), rules::kCargoMaxMilli);
  EXPECT_EQ(rules::cargo_quantity_text(31250), "31.25");
  EXPECT_EQ(rules::cargo_quantity_text(30000), "30");
  EXPECT_EQ(rules::cargo_quantity_text(1), "0.001");
  for (const char* bad : {"", "0", "0.000", "-1", "1.2345", "1e3", "1.", ".5", "1,5", "1000000.001",
                          "99999999999999999999", "NaN"}) {
    EXPECT_FALSE(rules::parse_cargo_quantity(bad).ok()) << bad;
  }
  EXPECT_THAT(rules::parse_cargo_quantity("1.2345").error(), HasSubstr("3 decimals"));
}

TEST(CargoRulesTest, NamesArePrintableAndAtMost64Characters) {
  EXPECT_EQ(rules::check_cargo_name("  铁矿石 ").value(), "铁矿石");
  EXPECT_TRUE(rules::check_cargo_name(std::string(64, 'x')).ok());
  EXPECT_THAT(rules::check_cargo_name(std::string(65, 'x')).error(), HasSubstr("at most 64"));
  EXPECT_TRUE(rules::check_cargo_name(std::string(21 * 3, 'x')).ok());
  std::string cjk;
  for (int i = 0; i < 64; ++i) cjk += "煤";  // 64 characters, 192 bytes
  EXPECT_TRUE(rules::check_cargo_name(cjk).ok());
  EXPECT_THAT(rules::check_cargo_name("   ").error(), HasSubstr("empty"));
  EXPECT_THAT(rules::check_cargo_name("coal\nslag").error(), HasSubstr("control character"));
  EXPECT_THAT(rules::check_cargo_name("\xff\xfe").error(), HasSubstr("UTF-8"));
}

TEST_F(CargoStoreTest, RefusesWhatIsWrongAndSaysWhat) {
  auto no_passage = store_->record_cargo(seq_ + 7, {"coal", "30", "t", "op"}, kT0 + 1);
  ASSERT_FALSE(no_passage.ok());
  EXPECT_THAT(no_passage.error(), HasSubstr("no passage " + std::to_string(seq_ + 7)));
  EXPECT_THAT(store_->record_cargo(seq_, {"coal", "30", "kg", "op"}, kT0).error(),
              HasSubstr("t (tonnes) or L (litres)"));
  EXPECT_THAT(store_->record_cargo(seq_, {"coal", "0", "t", "op"}, kT0).error(),
              HasSubstr("greater than 0"));
  EXPECT_THAT(store_->record_cargo(seq_, {"", "3", "t", "op"}, kT0).error(), HasSubstr("empty"));
  EXPECT_THAT(store_->record_cargo(seq_, {"coal", "3", "t", ""}, kT0).error(),
              HasSubstr("who enters"));
  // Nothing of the refused entries was written or queued.
  auto entries = store_->cargo_entries(seq_);
  ASSERT_TRUE(entries.ok()) << entries.error();
  EXPECT_TRUE(entries.value().empty());
  EXPECT_TRUE(cargo_rows().empty());
}

TEST_F(CargoStoreTest, ACorrectionIsANewRevisionWithItsOwnOutboxRow) {
  auto first = store_->record_cargo(seq_, {"coal", "31.25", "t", "alice"}, kT0 + 1000);
  ASSERT_TRUE(first.ok()) << first.error();
  EXPECT_EQ(first.value().revision, 1);
  auto second = store_->record_cargo(seq_, {"coke", "30.5", "t", "bob"}, kT0 + 2000);
  ASSERT_TRUE(second.ok()) << second.error();
  EXPECT_EQ(second.value().revision, 2);

  auto all = store_->cargo_entries(seq_);
  ASSERT_TRUE(all.ok()) << all.error();
  ASSERT_EQ(all.value().size(), 2u);
  EXPECT_EQ(all.value()[0].name, "coal");  // the first entry is kept as it was
  EXPECT_EQ(all.value()[0].quantity_milli, 31250);
  EXPECT_EQ(all.value()[0].entered_by, "alice");
  EXPECT_EQ(all.value()[1].name, "coke");

  auto rows = cargo_rows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].kind, "cargo");
  EXPECT_EQ(rows[0].cargo->revision, 1);
  EXPECT_EQ(rows[0].cargo->name, "coal");
  EXPECT_EQ(rows[1].kind, "cargo_2");
  EXPECT_EQ(rows[1].cargo->quantity_milli, 30500);
  EXPECT_EQ(rows[1].passage.read().plate_text(), "豫H00001");
  EXPECT_EQ(cargo_revision_of_kind("cargo_2"), 2);
  EXPECT_EQ(cargo_revision_of_kind("cargo_x"), 0);
  EXPECT_EQ(cargo_revision_of_kind("cargo_1"), 0);
  EXPECT_EQ(cargo_revision_of_kind("outcome"), 0);
}

TEST_F(CargoStoreTest, CargoIsChainedAndAChangedEntryIsCaught) {
  ASSERT_TRUE(store_->record_cargo(seq_, {"coal", "31.25", "t", "alice"}, kT0 + 1000).ok());
  auto rep = verify();
  EXPECT_TRUE(rep.ok) << rep.failure;
  EXPECT_EQ(rep.chain_entries, 2);  // the passage and its cargo

  ASSERT_TRUE(store_->db().exec("UPDATE passage_cargo SET quantity_milli = 21250").ok());
  rep = verify();
  EXPECT_FALSE(rep.ok);
  EXPECT_THAT(rep.failure, HasSubstr("cargo entry"));
  EXPECT_THAT(rep.failure, HasSubstr("does not match its hash"));
}

TEST_F(CargoStoreTest, AnotherConnectionsCargoKeepsTheChainWhole) {
  // gatectl (or the dashboard) writes through its own connection while gated's store is open:
  // gated's next passage must link after that cargo entry, not after its cached head.
  auto other = GateStore::Open(dir_.file("gate.db"));
  ASSERT_TRUE(other.ok()) << other.error();
  ASSERT_TRUE(other.value()->record_cargo(seq_, {"coal", "3", "t", "op"}, kT0 + 500).ok());
  auto p = passage("豫H00002", kT0 + 1000);
  auto seq = store_->commit_passage(p, kT0 + 1000);
  ASSERT_TRUE(seq.ok()) << seq.error();
  auto rep = verify();
  EXPECT_TRUE(rep.ok) << rep.failure;
  EXPECT_EQ(rep.chain_entries, 3);
}

}  // namespace
}  // namespace gate::host
