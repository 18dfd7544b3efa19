// The plant's passages read back as the gates' records: every field the canonical text carries
// (escaped text, the camera's time, a close-up, a platform strategy and vehicle check) comes
// back as the gate had it, with the settled outcome; a text that does not write back to the
// same bytes is refused; the filters are SQL parameters and the order is gate then seq.
#include "firmware-host/plant/plant_records.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "firmware-host/plant/plant_passages.h"
#include "firmware-host/plant/plant_schema.h"
#include "firmware-host/store/canonical_record.h"
#include "tests/support/passages.h"
#include "tests/support/pg_cluster_suite.h"

namespace gate::host {
namespace {

using sync_test::kT0;
using sync_test::passage;

// A passage with every optional part of the canonical text present.
gate::v1::Passage full_passage() {
  auto p = passage("豫A12345", kT0 + 5, true);
  p.set_seq(7);
  p.mutable_read()->set_camera_time_unix_ms(kT0 + 3);
  p.mutable_read()->set_closeup_sha256(std::string(64, 'c'));
  p.mutable_decision()->set_reason("line one\nline two \\ back\rslash");
  p.mutable_decision()->set_explanation("=cmd|' /C calc'!A0");
  p.mutable_decision()->set_operator_id("张三");
  p.set_platform_strategy("B级");
  p.set_platform_strategy_code("B");
  auto* c = p.mutable_check();
  c->set_status(gate::v1::VehicleCheck::STATUS_ANSWERED);
  c->set_may_pass(true);
  c->set_reason("ok");
  c->set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_VI);
  c->set_fuel_type(gate::v1::FUEL_TYPE_DIESEL);
  c->set_vin("LZZ");
  c->set_serial("s-1");
  c->set_latency_ms(120);
  p.set_outcome(gate::v1::PASSAGE_OUTCOME_UNSPECIFIED);  // not in the canonical text
  return p;
}

TEST(PassageFromCanonicalTest, ReadsBackEveryFieldTheTextCarries) {
  for (const auto& p : {full_passage(), passage("豫Z00001", kT0, false)}) {
    auto q = passage_from_canonical(canonical_passage(p));
    ASSERT_TRUE(q.ok()) << q.error();
    auto expected = p;
    expected.clear_outcome();
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(q.value(), expected))
        << q.value().DebugString() << "\nexpected\n"
        << expected.DebugString();
  }
}

TEST(PassageFromCanonicalTest, RefusesTextThatDoesNotWriteBackTheSame) {
  const std::string text = canonical_passage(full_passage());
  EXPECT_FALSE(passage_from_canonical("gate-chain/1\nkind=outcome\nseq=1\n").ok());
  auto unknown = passage_from_canonical(text + "new_field=1\n");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().find("new_field"), std::string::npos) << unknown.error();
  EXPECT_FALSE(passage_from_canonical(text.substr(0, text.size() - 1)).ok());  // no last newline
  std::string bad = text;
  bad.replace(bad.find("seq=7"), 5, "seq=x");
  EXPECT_FALSE(passage_from_canonical(bad).ok());
  // Lines swapped: every field known, but not the bytes the chain hashed.
  std::string swapped = text;
  const auto gate_line = swapped.find("gate=G1\n");
  swapped.erase(gate_line, 8);
  swapped.insert(swapped.find("lane=L1\n") + 8, "gate=G1\n");
  auto s = passage_from_canonical(swapped);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().find("same bytes"), std::string::npos) << s.error();
}

class PlantRecordsTest : public testing::PgClusterSuite {};

TEST_F(PlantRecordsTest, ReadsThePushedPassagesByGateAndPeriodInGateSeqOrder) {
  auto db = fresh_database("records");
  ASSERT_TRUE(db);
  auto empty = plant_passage_records(*db, {});  // no schema yet: none, no error
  ASSERT_TRUE(empty.ok()) << empty.error();
  EXPECT_TRUE(empty.value().empty());
  ASSERT_TRUE(apply_plant_migrations(*db).ok());
  for (const std::string gate : {"G2", "G1"}) {
    std::vector<gate::v1::Passage> ps;
    for (int seq = 1; seq <= 3; ++seq) {
      auto p = seq == 3 ? full_passage() : passage("豫Z0000" + std::to_string(seq), kT0, false);
      p.set_gate_id(gate);
      p.set_seq(seq);
      p.set_time_unix_ms(kT0 + seq * 60000);
      p.set_outcome(seq == 3 ? gate::v1::PASSAGE_OUTCOME_PASSED
                             : gate::v1::PASSAGE_OUTCOME_TURNED_AWAY);
      ps.push_back(p);
    }
    ASSERT_TRUE(push_passages(*db, gate, ps, 480).ok());
  }
  auto all = plant_passage_records(*db, {});
  ASSERT_TRUE(all.ok()) << all.error();
  ASSERT_EQ(all.value().size(), 6u);
  EXPECT_EQ(all.value()[0].gate_id(), "G1");
  EXPECT_EQ(all.value()[2].seq(), 3);
  EXPECT_EQ(all.value()[3].gate_id(), "G2");
  EXPECT_EQ(all.value()[2].outcome(), gate::v1::PASSAGE_OUTCOME_PASSED);
  EXPECT_EQ(all.value()[0].outcome(), gate::v1::PASSAGE_OUTCOME_TURNED_AWAY);
  EXPECT_EQ(all.value()[2].decision().reason(), full_passage().decision().reason());
  EXPECT_EQ(all.value()[2].check().serial(), "s-1");

  PlantRecordFilter f;
  f.gate_id = "G2";
  f.from_unix_ms = kT0 + 120000;  // seq 2 and 3
  f.to_unix_ms = kT0 + 180000;    // … not 3
  auto some = plant_passage_records(*db, f);
  ASSERT_TRUE(some.ok()) << some.error();
  ASSERT_EQ(some.value().size(), 1u);
  EXPECT_EQ(some.value()[0].gate_id(), "G2");
  EXPECT_EQ(some.value()[0].seq(), 2);
  f.gate_id = "G1' OR '1'='1";  // a parameter, not SQL
  auto none = plant_passage_records(*db, f);
  ASSERT_TRUE(none.ok()) << none.error();
  EXPECT_TRUE(none.value().empty());
}

TEST_F(PlantRecordsTest, NamesTheRowWhoseCanonicalTextDoesNotReadBack) {
  auto db = fresh_database("records_bad");
  ASSERT_TRUE(db);
  ASSERT_TRUE(apply_plant_migrations(*db).ok());
  auto p = passage("豫Z00001", kT0, false);
  p.set_seq(4);
  ASSERT_TRUE(push_passages(*db, "G1", {p}, 480).ok());
  ASSERT_TRUE(db->exec("UPDATE passages SET canonical = canonical || 'x=1' || chr(10)").ok());
  auto r = plant_passage_records(*db, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("gate G1 seq 4"), std::string::npos) << r.error();
}

}  // namespace
}  // namespace gate::host
