// Passages for the sync tests: a known truck (China VI diesel) or an unknown plate.
#pragma once

#include <cstdint>
#include <string>

#include "gate/v1/passage.pb.h"

namespace gate::host::sync_test {

constexpr int64_t kT0 = 1795305600000;  // 2026-11-22 08:00:00 +08:00

inline gate::v1::Passage passage(const std::string& plate, int64_t time, bool known = true) {
  gate::v1::Passage p;
  p.set_gate_id("G1");
  p.set_lane_id("L1");
  p.set_direction(gate::v1::DIRECTION_IN);
  p.set_time_unix_ms(time);
  auto* r = p.mutable_read();
  r->set_plate_text(plate);
  r->set_color(gate::v1::PLATE_COLOR_YELLOW);
  r->set_confidence(0.9);
  r->set_camera_id("cam-1");
  r->set_image_sha256(std::string(64, 'a'));
  r->set_source("generic");
  p.set_vehicle_known(known);
  if (known) {
    auto* v = p.mutable_vehicle();
    v->set_plate(plate);
    v->set_plate_color(gate::v1::PLATE_COLOR_YELLOW);
    v->set_vehicle_class(gate::v1::VEHICLE_CLASS_TRANSPORT);
    v->set_vin("LZZ5ELND3KW123456");
    v->set_engine_no("E-42");
    v->set_registration_date("2020-05-01");
    v->set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_VI);
    v->set_fuel_type(gate::v1::FUEL_TYPE_DIESEL);
    v->set_fleet("Fleet");
  }
  auto* d = p.mutable_decision();
  d->set_verdict(known ? gate::v1::VERDICT_PASS : gate::v1::VERDICT_REFUSE);
  d->set_rule_id(known ? "pass.all_rules" : "identity.unknown_vehicle");
  d->set_reason(known ? "准予通行" : "未登记车辆");
  d->set_policy_version("test-1");
  p.set_alert_level(gate::v1::ALERT_LEVEL_NONE);
  p.set_outcome(known ? gate::v1::PASSAGE_OUTCOME_PENDING : gate::v1::PASSAGE_OUTCOME_TURNED_AWAY);
  return p;
}

}  // namespace gate::host::sync_test
