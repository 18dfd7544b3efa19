// The platform's vehicle check in the gate database (schema step 10): written and read back with
// the passage, a version-8 file gains the columns and its chain still verifies, the check is in
// the passage's chained text only when one was made, and editing it in a copy breaks the chain.
#include <gtest/gtest.h>

#include <string>

#include "firmware-host/audit/chain_verifier.h"
#include "firmware-host/audit/signing_key.h"
#include "firmware-host/store/canonical_record.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/schema_migrations.h"
#include "tests/support/passages.h"
#include "tests/support/temp_dir.h"

namespace gate::host {
namespace {

using sync_test::kT0;
using test_support::TempDir;

gate::v1::Passage checked(const std::string& plate, int64_t time) {
  auto p = sync_test::passage(plate, time);
  auto* c = p.mutable_check();
  c->set_status(gate::v1::VehicleCheck::STATUS_ANSWERED);
  c->set_may_pass(true);
  c->set_reason("正常");
  c->set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_IV);
  c->set_fuel_type(gate::v1::FUEL_TYPE_DIESEL);
  c->set_vin("LZZRE12G9HP1G3DB9");
  c->set_registration_date("2016-04-10");
  c->set_serial("PS-42");
  c->set_latency_ms(37);
  c->set_ledger_mismatch("stage: ledger China VI, platform China IV");
  return p;
}

Result<VerifyReport> verify(GateStore& store, const TempDir& dir) {
  auto key = SigningKey::LoadOrCreate(dir.file("gate.key"));
  if (!key.ok()) return Error{key.error()};
  VerifyOptions opt;
  opt.public_pem = key.value().public_pem();
  return verify_gate_records(store, opt);
}

TEST(VehicleCheckStore, IsWrittenAndReadWithThePassage) {
  TempDir dir;
  auto store = GateStore::Open(dir.file("gate.db"));
  ASSERT_TRUE(store.ok()) << store.error();
  auto p = checked("豫H10001", kT0);
  auto seq = store.value()->commit_passage(p, kT0);
  ASSERT_TRUE(seq.ok()) << seq.error();
  auto plain = sync_test::passage("豫H10002", kT0 + 1000);
  ASSERT_TRUE(store.value()->commit_passage(plain, kT0 + 1000).ok());
  auto degraded = sync_test::passage("豫H10003", kT0 + 2000);
  degraded.mutable_check()->set_status(gate::v1::VehicleCheck::STATUS_UNAVAILABLE);
  degraded.mutable_check()->set_reason("no answer within 800 ms");
  degraded.mutable_check()->set_degraded_mode("local");
  ASSERT_TRUE(store.value()->commit_passage(degraded, kT0 + 2000).ok());

  auto listed = store.value()->list_passages({});
  ASSERT_TRUE(listed.ok()) << listed.error();
  ASSERT_EQ(listed.value().size(), 3u);
  const auto& c = listed.value()[0].check();
  EXPECT_EQ(c.SerializeAsString(), p.check().SerializeAsString()) << c.DebugString();
  EXPECT_EQ(listed.value()[1].check().status(), gate::v1::VehicleCheck::STATUS_NONE);
  EXPECT_EQ(listed.value()[2].check().degraded_mode(), "local");
  EXPECT_EQ(store.value()->read_passage(seq.value()).value().check().serial(), "PS-42");
  auto report = verify(*store.value(), dir);
  ASSERT_TRUE(report.ok()) << report.error();
  EXPECT_TRUE(report.value().ok) << report.value().failure;
}

// The filter behind the auditor API's ledger_mismatch=1 and the dashboard's mismatch list: only
// passages whose check disagreed with the ledger, newest first when asked, the limit keeping the
// latest.
TEST(VehicleCheckStore, ListsOnlyLedgerMismatchesNewestFirst) {
  TempDir dir;
  auto store = GateStore::Open(dir.file("gate.db"));
  ASSERT_TRUE(store.ok()) << store.error();
  auto first = checked("豫H20001", kT0);
  ASSERT_TRUE(store.value()->commit_passage(first, kT0).ok());
  auto agreeing = checked("豫H20002", kT0 + 1000);
  agreeing.mutable_check()->set_ledger_mismatch("");
  ASSERT_TRUE(store.value()->commit_passage(agreeing, kT0 + 1000).ok());
  auto plain = sync_test::passage("豫H20003", kT0 + 2000);
  ASSERT_TRUE(store.value()->commit_passage(plain, kT0 + 2000).ok());
  auto last = checked("豫H20004", kT0 + 3000);
  ASSERT_TRUE(store.value()->commit_passage(last, kT0 + 3000).ok());

  PassageFilter f;
  f.ledger_mismatch_only = true;
  auto oldest = store.value()->list_passages(f);
  ASSERT_TRUE(oldest.ok()) << oldest.error();
  ASSERT_EQ(oldest.value().size(), 2u);
  EXPECT_EQ(oldest.value()[0].read().plate_text(), "豫H20001");
  EXPECT_EQ(oldest.value()[1].read().plate_text(), "豫H20004");

  f.newest_first = true;
  f.limit = 1;
  auto latest = store.value()->list_passages(f);
  ASSERT_TRUE(latest.ok()) << latest.error();
  ASSERT_EQ(latest.value().size(), 1u);
  EXPECT_EQ(latest.value()[0].read().plate_text(), "豫H20004");
  EXPECT_EQ(latest.value()[0].check().ledger_mismatch(),
            "stage: ledger China VI, platform China IV");
}

TEST(VehicleCheckStore, AVersionEightFileGainsTheColumnsAndItsChainStillVerifies) {
  TempDir dir;
  const std::string path = dir.file("gate.db");
  {
    auto store = GateStore::Open(path);
    ASSERT_TRUE(store.ok()) << store.error();
    for (int i = 0; i < 3; ++i) {
      auto p = sync_test::passage("豫H1000" + std::to_string(i), kT0 + i * 1000, i % 2 == 0);
      ASSERT_TRUE(store.value()->commit_passage(p, kT0 + i * 1000).ok());
    }
    std::string drop = "DROP INDEX passages_ledger_mismatch;";
    for (const char* col : {"check_status", "check_may_pass", "check_reason", "check_stage",
                            "check_fuel", "check_vin", "check_registration_date", "check_serial",
                            "check_latency_ms", "check_ledger_mismatch", "check_degraded_mode"}) {
      drop += std::string(" ALTER TABLE passages DROP COLUMN ") + col + ";";
    }
    ASSERT_TRUE(store.value()->db().exec(drop + " PRAGMA user_version = 8").ok());
  }
  auto store = GateStore::Open(path);  // migrates
  ASSERT_TRUE(store.ok()) << store.error();
  EXPECT_EQ(schema_version(store.value()->db()).value(), GateStore::latest_schema_version());
  EXPECT_EQ(store.value()->read_passage(2).value().check().status(),
            gate::v1::VehicleCheck::STATUS_NONE);
  auto p = checked("豫H20000", kT0 + 5000);
  auto seq = store.value()->commit_passage(p, kT0 + 5000);
  ASSERT_TRUE(seq.ok()) << seq.error();
  auto report = verify(*store.value(), dir);
  ASSERT_TRUE(report.ok()) << report.error();
  EXPECT_TRUE(report.value().ok) << report.value().failure;
}

TEST(VehicleCheckStore, AnEditedCheckBreaksTheChain) {
  TempDir dir;
  auto store = GateStore::Open(dir.file("gate.db"));
  ASSERT_TRUE(store.ok()) << store.error();
  auto p = checked("豫H10001", kT0);
  ASSERT_TRUE(store.value()->commit_passage(p, kT0).ok());
  for (const std::string sql : {"UPDATE passages SET check_serial='PS-43' WHERE seq=1",
                                "UPDATE passages SET check_ledger_mismatch='' WHERE seq=1"}) {
    ASSERT_TRUE(store.value()->db().exec(sql).ok()) << sql;
    auto report = verify(*store.value(), dir);
    ASSERT_TRUE(report.ok()) << report.error();
    EXPECT_FALSE(report.value().ok) << sql;
  }
}

TEST(VehicleCheckStore, TheCanonicalTextNamesTheCheckOnlyWhenOneWasMade) {
  auto p = sync_test::passage("豫H10001", kT0);
  p.set_seq(7);
  const std::string without = canonical_passage(p);
  EXPECT_EQ(without.find("check_"), std::string::npos) << "old records keep their bytes";
  *p.mutable_check() = checked("豫H10001", kT0).check();
  const std::string with = canonical_passage(p);
  EXPECT_EQ(with.substr(0, without.size()), without);
  EXPECT_NE(with.find("check_serial=PS-42\n"), std::string::npos) << with;
  EXPECT_NE(with.find("check_ledger_mismatch=stage: ledger China VI, platform China IV\n"),
            std::string::npos)
      << with;
}

}  // namespace
}  // namespace gate::host
