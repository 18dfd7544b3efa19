// Plain-camera frames waiting for their decision (pending_evidence.h): found again by the
// passage that records the read, bounded, and captioned with the gate and the decision.
#include "firmware-host/gated/pending_evidence.h"

#include <gtest/gtest.h>

namespace gate::host {
namespace {

gate::v1::Passage passage(const std::string& lane, const std::string& plate, int64_t t) {
  gate::v1::Passage p;
  p.set_gate_id("G1");
  p.set_lane_id(lane);
  p.mutable_read()->set_plate_text(plate);
  p.mutable_read()->set_time_unix_ms(t);
  return p;
}

PendingEvidence::Render echo(const std::string& name) {
  return [name](const std::string& caption) { return name + ": " + caption; };
}

TEST(PendingEvidence, ThePassageOfTheReadTakesItsFrameOnce) {
  PendingEvidence pending;
  pending.add("L1", "豫A12345", 1000, echo("first"));
  pending.add("L2", "豫A12345", 1000, echo("other lane"));
  pending.add("L1", "豫A12345", 2000, echo("later read"));
  EXPECT_FALSE(pending.take(passage("L1", "豫A99999", 1000)).has_value());
  auto render = pending.take(passage("L1", "豫A12345", 1000));
  ASSERT_TRUE(render.has_value());
  EXPECT_EQ((*render)("PASS"), "first: PASS");
  EXPECT_FALSE(pending.take(passage("L1", "豫A12345", 1000)).has_value());
  EXPECT_EQ(pending.size(), 2u);
  pending.drop("L2", "豫A12345", 1000);
  EXPECT_FALSE(pending.take(passage("L2", "豫A12345", 1000)).has_value());
  EXPECT_TRUE(pending.take(passage("L1", "豫A12345", 2000)).has_value());
}

TEST(PendingEvidence, HoldsAtMostItsCapacityDroppingTheOldest) {
  PendingEvidence pending(3);
  for (int i = 0; i < 5; ++i) pending.add("L1", "豫A1234" + std::to_string(i), 1000 + i, echo("x"));
  EXPECT_EQ(pending.size(), 3u);
  EXPECT_FALSE(pending.take(passage("L1", "豫A12340", 1000)).has_value());
  EXPECT_FALSE(pending.take(passage("L1", "豫A12341", 1001)).has_value());
  EXPECT_TRUE(pending.take(passage("L1", "豫A12344", 1004)).has_value());
}

TEST(PendingEvidence, TheCaptionNamesGateVerdictRuleAndReason) {
  auto p = passage("L1", "豫A12345", 1000);
  p.mutable_decision()->set_verdict(gate::v1::VERDICT_REFUSE);
  p.mutable_decision()->set_rule_id("stage.min_by_class");
  p.mutable_decision()->set_display_en("China IV diesel not admitted");
  EXPECT_EQ(evidence_caption(p),
            "gate G1  REFUSE  stage.min_by_class  China IV diesel not admitted");
  p.mutable_decision()->set_verdict(gate::v1::VERDICT_PASS);
  p.mutable_decision()->clear_rule_id();
  p.mutable_decision()->clear_display_en();
  EXPECT_EQ(evidence_caption(p), "gate G1  PASS");
}

}  // namespace
}  // namespace gate::host
