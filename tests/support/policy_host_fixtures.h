// Fixtures for the host side of the policy engine: a policy with one green-share rule, trucks,
// passages as the lane records them, and times in China Standard Time.
#pragma once

#include <memory>
#include <string>

#include "firmware-host/policy/policy_file.h"
#include "gate/v1/passage.pb.h"
#include "rules/policy_engine.h"

namespace gate::host::testing {

// Checked with Python: datetime(2026, 11, 22, tzinfo=UTC+8).timestamp() * 1000.
constexpr int64_t kDay = 1795276800000;  // 2026-11-22 00:00:00 +08:00
constexpr int64_t kHour = 3600000;
constexpr int64_t kMinute = 60000;

// A policy set with one green share rule (transport trucks entering, new-energy counts).
inline std::string share_policy_text(const std::string& mode, double target, int allowance,
                                     int day_start_minute, const std::string& version = "v1") {
  return "id: \"share-test\" version: \"" + version +
         "\" source: \"test\"\n"
         "share { day_start_minute: " +
         std::to_string(day_start_minute) +
         " call_timeout_s: 600 max_wait_s: 7200 }\n"
         "rule_sets {\n  id: \"green\"\n  source: \"test draft\"\n"
         "  share_rules { counter: \"green\" target_percent: " +
         std::to_string(target) + " mode: " + mode +
         " opening_allowance: " + std::to_string(allowance) +
         " counts_as { min_stage: EMISSION_STAGE_ELECTRIC } }\n"
         "  manual { min_reason_chars: 2 }\n}\n";
}

inline std::shared_ptr<const rules::PolicyEngine> engine_with_share(const std::string& mode,
                                                                    double target, int allowance,
                                                                    int day_start_minute) {
  auto set = parse_policy_text(share_policy_text(mode, target, allowance, day_start_minute), "t");
  if (!set.ok()) throw std::runtime_error(set.error());
  gate::v1::EnterpriseProfile p;
  p.set_industry("coking");
  auto e = rules::PolicyEngine::Compile(set.value(), p);
  if (!e.ok()) throw std::runtime_error(e.error());
  return e.value();
}

inline std::string plate_of(int n, bool nev) {
  std::string digits = std::to_string(10000 + n);
  return "豫H" + digits + (nev ? "D" : "");
}

inline gate::v1::Vehicle green_truck(int n) {
  gate::v1::Vehicle v;
  v.set_plate(plate_of(n, true));
  v.set_plate_color(gate::v1::PLATE_COLOR_YELLOW_GREEN);
  v.set_vehicle_class(gate::v1::VEHICLE_CLASS_TRANSPORT);
  v.set_emission_stage(gate::v1::EMISSION_STAGE_ELECTRIC);
  v.set_fuel_type(gate::v1::FUEL_TYPE_ELECTRIC);
  return v;
}

inline gate::v1::Vehicle diesel_truck(int n) {
  gate::v1::Vehicle v;
  v.set_plate(plate_of(n, false));
  v.set_plate_color(gate::v1::PLATE_COLOR_YELLOW);
  v.set_vehicle_class(gate::v1::VEHICLE_CLASS_TRANSPORT);
  v.set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_VI);
  v.set_fuel_type(gate::v1::FUEL_TYPE_DIESEL);
  return v;
}

// A passage as the lane commits it: passes pending, everything else turned away.
inline gate::v1::Passage passage(int64_t seq, const gate::v1::Vehicle& v, gate::v1::Verdict verdict,
                                 int64_t t) {
  gate::v1::Passage p;
  p.set_seq(seq);
  p.set_gate_id("G1");
  p.set_lane_id("L1");
  p.set_direction(gate::v1::DIRECTION_IN);
  p.set_time_unix_ms(t);
  p.mutable_read()->set_plate_text(v.plate());
  p.mutable_read()->set_color(v.plate_color());
  p.mutable_read()->set_confidence(0.95);
  p.set_vehicle_known(true);
  *p.mutable_vehicle() = v;
  p.mutable_decision()->set_verdict(verdict);
  p.mutable_decision()->set_rule_id("test");
  p.set_alert_level(gate::v1::ALERT_LEVEL_NONE);
  const bool released =
      verdict == gate::v1::VERDICT_PASS || verdict == gate::v1::VERDICT_MANUAL_PASS;
  p.set_outcome(released ? gate::v1::PASSAGE_OUTCOME_PENDING
                         : gate::v1::PASSAGE_OUTCOME_TURNED_AWAY);
  p.set_outcome_time_unix_ms(released ? 0 : t);
  return p;
}

}  // namespace gate::host::testing
