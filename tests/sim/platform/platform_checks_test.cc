#include "sim/platform/platform_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace gate::sim {
namespace {

using ::testing::HasSubstr;

gate::v1::UplinkRecord decision(int64_t seq) {
  gate::v1::UplinkRecord r;
  r.set_gate_id("G1");
  r.set_seq(seq);
  r.set_kind("decision");
  r.set_key("G1-" + std::to_string(seq) + "-decision");
  r.set_sent_at("2026-11-22T08:00:01+08:00");
  auto* d = r.mutable_decision();
  d->set_time("2026-11-22T08:00:00+08:00");
  d->set_lane_id("L1");
  d->set_direction(1);
  d->set_plate("豫H12345");
  d->set_plate_color(1);
  d->set_plate_color_name("yellow");
  d->set_confidence(0.9);
  d->set_verdict("pass");
  d->set_rule_id("pass.all_rules");
  d->set_policy_version("v1");
  d->set_vehicle_known(true);
  auto* v = d->mutable_vehicle();
  v->set_emission_stage("6");
  v->set_fuel_type("B");
  v->set_vehicle_class(1);
  v->set_vin("LZZ5ELND3KW123456");
  v->set_registration_date("2020-05-01");
  return r;
}

std::string problem_code(const gate::v1::UplinkRecord& r) {
  auto p = check_record(r, "G1", rules::ColorCodeTable::kTrafficEtc);
  return p ? p->code + ": " + p->reason : "";
}

TEST(PlatformChecksTest, AWellFormedRecordPasses) {
  EXPECT_EQ(problem_code(decision(1)), "");
  gate::v1::UplinkRecord o;
  o.set_gate_id("G1");
  o.set_seq(1);
  o.set_kind("outcome");
  o.set_key("G1-1-outcome");
  o.set_sent_at("2026-11-22T08:00:01+08:00");
  o.mutable_outcome()->set_outcome("passed");
  o.mutable_outcome()->set_time("2026-11-22T08:00:05+08:00");
  EXPECT_EQ(problem_code(o), "");
}

TEST(PlatformChecksTest, EachViolationIsNamed) {
  struct Case {
    std::function<void(gate::v1::UplinkRecord&)> spoil;
    std::string expect;
  };
  const std::vector<Case> cases = {
      {[](auto& r) { r.set_key("G1-3-decision"); },
       "key: key \"G1-3-decision\" must be \"G1-2-decision\""},
      {[](auto& r) { r.set_gate_id("G2"); }, "gate_id:"},
      {[](auto& r) { r.set_kind("passage"); }, "key:"},
      {[](auto& r) { r.clear_decision(); }, "kind:"},
      {[](auto& r) { r.set_sent_at("yesterday"); }, "time: sent_at"},
      {[](auto& r) { r.mutable_decision()->set_time("2026-11-22 08:00:00"); }, "time:"},
      {[](auto& r) { r.mutable_decision()->set_direction(0); }, "code_table: decision.direction"},
      {[](auto& r) { r.mutable_decision()->set_plate_color(7); },
       "code_table: decision.plate_color"},
      {[](auto& r) { r.mutable_decision()->set_plate_color_name("pink"); }, "plate_color_name"},
      {[](auto& r) { r.mutable_decision()->set_confidence(1.5); }, "range: decision.confidence"},
      {[](auto& r) { r.mutable_decision()->set_verdict("allow"); }, "code_table: decision.verdict"},
      {[](auto& r) { r.mutable_decision()->set_alert_level(4); }, "decision.alert_level 4"},
      {[](auto& r) { r.mutable_decision()->clear_plate(); }, "missing: decision.plate"},
      {[](auto& r) { r.mutable_decision()->clear_rule_id(); }, "missing: decision.rule_id"},
      {[](auto& r) { r.mutable_decision()->set_vehicle_known(false); },
       "missing: decision.vehicle"},
      {[](auto& r) { r.mutable_decision()->mutable_vehicle()->set_emission_stage("VI"); },
       "code_table: vehicle.emission_stage"},
      {[](auto& r) { r.mutable_decision()->mutable_vehicle()->set_fuel_type("diesel"); },
       "vehicle.fuel_type"},
      {[](auto& r) { r.mutable_decision()->mutable_vehicle()->set_vehicle_class(4); },
       "vehicle.vehicle_class 4"},
      {[](auto& r) { r.mutable_decision()->mutable_vehicle()->set_vin("LZZ5"); }, "vehicle.vin"},
      {[](auto& r) { r.mutable_decision()->mutable_vehicle()->set_registration_date("2020/5/1"); },
       "registration_date"},
  };
  for (const auto& c : cases) {
    auto r = decision(2);
    c.spoil(r);
    EXPECT_THAT(problem_code(r), HasSubstr(c.expect));
  }
}

TEST(PlatformChecksTest, ColourCodesFollowThePlatformsTable) {
  auto r = decision(1);
  r.mutable_decision()->set_plate_color(5);  // yellow-green in the ETC table
  EXPECT_EQ(problem_code(r), "");
  EXPECT_TRUE(check_record(r, "G1", rules::ColorCodeTable::kPoliceCheckpoint).has_value());
}

TEST(PlatformChecksTest, ContentIgnoresPerAttemptFieldsOnly) {
  auto a = decision(1);
  auto b = a;
  b.set_backfill(true);
  b.set_sent_at("2026-11-22T09:00:00+08:00");
  EXPECT_EQ(record_content(a), record_content(b));
  b.mutable_decision()->set_verdict("refuse");
  EXPECT_NE(record_content(a), record_content(b));
}

}  // namespace
}  // namespace gate::sim
