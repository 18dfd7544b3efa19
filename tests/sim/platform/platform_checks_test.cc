#include "sim/platform/platform_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "drivers/uplink/wire_json.h"

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
  d->set_reason("放行 pass");
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
      {[](auto& r) { r.mutable_decision()->clear_reason(); }, "missing: decision.reason"},
      {[](auto& r) { r.set_sent_at("2026-11-22T08:00:01.250+08:00"); },
       "time: sent_at: \"2026-11-22T08:00:01.250+08:00\" has fractional seconds"},
      {[](auto& r) { r.mutable_decision()->set_time("2026-11-22T08:00:00.5Z"); },
       "fractional seconds"},
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
  r.mutable_decision()->set_plate_color_name("yellow-green");
  EXPECT_EQ(problem_code(r), "");
  EXPECT_TRUE(check_record(r, "G1", rules::ColorCodeTable::kPoliceCheckpoint).has_value());
  // The police table has no yellow-green: its "unknown" code, the colour in words.
  r.mutable_decision()->set_plate_color(9);
  EXPECT_FALSE(check_record(r, "G1", rules::ColorCodeTable::kPoliceCheckpoint).has_value());
}

// §4.3: a batch does not name its table; the code must be the agreed table's code for the
// colour named beside it. A gate configured with another table is caught on the first record
// whose codes differ, even where the code is defined in the platform's table.
TEST(PlatformChecksTest, AColourCodeOfAnotherTableIsRefused) {
  auto r = decision(1);
  r.mutable_decision()->set_plate_color(2);  // yellow in the Vzenith table, black in ETC
  EXPECT_THAT(problem_code(r),
              HasSubstr("code_table: decision.plate_color 2 is not the etc table's code for "
                        "yellow (1)"));
  EXPECT_FALSE(check_record(r, "G1", rules::ColorCodeTable::kVzenith).has_value());
}

// §3.2: classes 1 and 2 carry "" or a 17-character VIN; machinery whatever its ledger has.
TEST(PlatformChecksTest, TheVinRuleDependsOnTheVehicleClass) {
  struct Case {
    int vehicle_class;
    std::string vin;
    bool accepted;
  };
  const std::vector<Case> cases = {
      {1, "LZZ5ELND3KW123456", true},
      {1, "", true},
      {1, "LZZ5ELND3KW12345", false},
      {1, "LZZ5ELND3KW1234567", false},
      {1, "LZZ5ELNI3KW123456", false},  // I is not in the VIN alphabet
      {1, "lzz5elnd3kw123456", false},
      {2, "", true},
      {2, "LZZ5", false},
      {3, "", true},
      {3, "LZZ5", true},
      {3, "SY215C-10-2019-0042", true},
  };
  for (const auto& c : cases) {
    auto r = decision(1);
    r.mutable_decision()->mutable_vehicle()->set_vehicle_class(c.vehicle_class);
    r.mutable_decision()->mutable_vehicle()->set_vin(c.vin);
    const std::string got = problem_code(r);
    if (c.accepted) {
      EXPECT_EQ(got, "") << c.vehicle_class << " " << c.vin;
    } else {
      EXPECT_THAT(got, HasSubstr("range: vehicle.vin")) << c.vehicle_class << " " << c.vin;
    }
  }
}

// §4.8: `pending` is never sent; `turned_away` is (a pass the busy lane could not open).
TEST(PlatformChecksTest, PendingIsNotAnOutcomeOnTheWire) {
  gate::v1::UplinkRecord o;
  o.set_gate_id("G1");
  o.set_seq(1);
  o.set_kind("outcome");
  o.set_key("G1-1-outcome");
  o.set_sent_at("2026-11-22T08:00:01+08:00");
  o.mutable_outcome()->set_time("2026-11-22T08:00:05+08:00");
  o.mutable_outcome()->set_outcome("turned_away");
  EXPECT_EQ(problem_code(o), "");
  o.mutable_outcome()->set_outcome("pending");
  EXPECT_THAT(problem_code(o), HasSubstr("code_table: outcome.outcome \"pending\""));
}

std::string read_source(const std::string& path) {
  std::ifstream in(std::string(GATE_SOURCE_DIR) + "/" + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The first ```json block after `heading` in docs/uplink.md.
std::string json_block_after(const std::string& doc, const std::string& heading) {
  const auto h = doc.find(heading);
  if (h == std::string::npos) return "";
  const auto start = doc.find("```json\n", h);
  if (start == std::string::npos) return "";
  const auto end = doc.find("```", start + 8);
  return doc.substr(start + 8, end - start - 8);
}

// A platform team builds from the document's examples: they must pass the reference checks,
// and policy_version is what gated sends, the `version` of a shipped policy set.
TEST(PlatformChecksTest, TheDocumentsExamplesPassTheChecks) {
  const std::string doc = read_source("docs/uplink.md");
  ASSERT_FALSE(doc.empty());
  for (const char* heading : {"### 3.4 Example", "### 3.5 Example", "### 3.6 `UplinkCargo`"}) {
    gate::v1::UplinkRecord r;
    const std::string json = json_block_after(doc, heading);
    ASSERT_TRUE(drivers::uplink::from_json_strict(json, &r).ok()) << heading << "\n" << json;
    auto p = check_record(r, "HN-JZ-0001-G1", rules::ColorCodeTable::kTrafficEtc);
    EXPECT_FALSE(p.has_value()) << heading << ": " << p->code << ": " << p->reason;
    if (r.kind() != "decision") continue;
    const std::string set = read_source("rules/policies/henan-jiaozuo-2025.textproto");
    const auto v = set.find("\nversion: \"");
    ASSERT_NE(v, std::string::npos);
    const auto from = v + 11;
    EXPECT_EQ(r.decision().policy_version(), set.substr(from, set.find('"', from) - from));
  }
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

// §3.4: a cargo record ("cargo", "cargo_<n>") carries its entry and nothing else, its revision
// matching its kind, the quantity as decimal text.
TEST(PlatformChecksTest, CargoRecordsAreCheckedLikeTheOthers) {
  gate::v1::UplinkRecord r;
  r.set_gate_id("G1");
  r.set_seq(7);
  r.set_kind("cargo_2");
  r.set_key("G1-7-cargo_2");
  r.set_sent_at("2026-11-22T08:00:01+08:00");
  auto* c = r.mutable_cargo();
  c->set_name("铁矿石");
  c->set_quantity("31.25");
  c->set_unit("t");
  c->set_entered_by("wang");
  c->set_time("2026-11-22T08:30:00+08:00");
  c->set_revision(2);
  c->set_plate("豫H12345");
  EXPECT_EQ(problem_code(r), "");
  auto with = [&](const std::function<void(gate::v1::UplinkRecord&)>& change) {
    gate::v1::UplinkRecord x = r;
    change(x);
    return problem_code(x);
  };
  EXPECT_THAT(with([](auto& x) { x.mutable_cargo()->set_quantity("31.2500001"); }),
              HasSubstr("range: cargo.quantity"));
  EXPECT_THAT(with([](auto& x) { x.mutable_cargo()->set_unit("kg"); }),
              HasSubstr("code_table: cargo.unit"));
  EXPECT_THAT(with([](auto& x) { x.mutable_cargo()->set_revision(1); }),
              HasSubstr("does not match kind"));
  EXPECT_THAT(with([](auto& x) { x.mutable_decision()->set_plate("x"); }),
              HasSubstr("kind: a cargo record carries cargo"));
  EXPECT_THAT(with([](auto& x) {
                x.set_kind("cargo_1");
                x.set_key("G1-7-cargo_1");
              }),
              HasSubstr("is not decision, outcome or cargo"));
}

}  // namespace
}  // namespace gate::sim
