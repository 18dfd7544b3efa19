// Test fixtures for the policy engine: vehicles whose plate and colour agree with their fuel,
// reads of them, enterprise profiles, and the shipped policy files from the source tree.
#pragma once

#include <google/protobuf/text_format.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include "gate/v1/plate_read.pb.h"
#include "gate/v1/policy.pb.h"
#include "gate/v1/vehicle.pb.h"
#include "rules/codes.h"
#include "rules/decide.h"
#include "rules/policy_engine.h"

namespace gate::rules::testing {

// A vehicle with a plate that fits its fuel: new-energy on a yellow-green 8-character plate,
// the rest on a yellow 7-character plate. `n` varies the plate.
inline gate::v1::Vehicle vehicle(gate::v1::EmissionStage stage, gate::v1::FuelType fuel,
                                 gate::v1::VehicleClass cls = gate::v1::VEHICLE_CLASS_TRANSPORT,
                                 int n = 1) {
  gate::v1::Vehicle v;
  v.set_vehicle_class(cls);
  v.set_emission_stage(stage);
  v.set_fuel_type(fuel);
  const std::string digits = std::to_string(10000 + n % 90000);
  if (is_new_energy(v)) {
    v.set_plate("豫H" + digits + "D");
    v.set_plate_color(gate::v1::PLATE_COLOR_YELLOW_GREEN);
  } else {
    v.set_plate("豫H" + digits);
    v.set_plate_color(gate::v1::PLATE_COLOR_YELLOW);
  }
  if (cls == gate::v1::VEHICLE_CLASS_NON_ROAD_MACHINERY) {
    v.set_registration_code("HN4108" + digits);
    v.set_machinery_registration(gate::v1::MACHINERY_REGISTRATION_REGISTERED);
    v.set_test_report_valid_until("2099-12-31");
    v.set_positioning(gate::v1::POSITIONING_STATUS_OK);
  }
  return v;
}

inline gate::v1::Vehicle diesel(gate::v1::EmissionStage stage, int n = 1) {
  return vehicle(stage, gate::v1::FUEL_TYPE_DIESEL, gate::v1::VEHICLE_CLASS_TRANSPORT, n);
}

inline gate::v1::Vehicle electric(int n = 1) {
  return vehicle(gate::v1::EMISSION_STAGE_ELECTRIC, gate::v1::FUEL_TYPE_ELECTRIC,
                 gate::v1::VEHICLE_CLASS_TRANSPORT, n);
}

// What a good camera reports for `v`.
inline gate::v1::PlateRead read_of(const gate::v1::Vehicle& v) {
  gate::v1::PlateRead r;
  r.set_plate_text(v.plate());
  r.set_color(v.plate_color());
  r.set_confidence(0.95);
  r.set_direction(gate::v1::DIRECTION_IN);
  return r;
}

// `location` is one of the policy set's locations ("jiaozuo/qinyang"); empty for a set that
// scopes nothing by place (Kaifeng).
inline gate::v1::EnterpriseProfile profile(const std::string& industry,
                                           gate::v1::PerformanceGrade grade, bool double_high,
                                           const std::string& location = "") {
  gate::v1::EnterpriseProfile p;
  p.set_industry(industry);
  p.set_grade(grade);
  p.set_double_high(double_high);
  p.set_location(location);
  return p;
}

inline gate::v1::PolicySet parse_set(const std::string& text) {
  gate::v1::PolicySet set;
  if (!google::protobuf::TextFormat::ParseFromString(text, &set)) {
    throw std::runtime_error("policy text does not parse");
  }
  return set;
}

// A file of rules/policies/ in the source tree.
inline gate::v1::PolicySet shipped(const std::string& name) {
  std::ifstream in(std::string(GATE_SOURCE_DIR) + "/rules/policies/" + name);
  if (!in) throw std::runtime_error("no shipped policy " + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_set(ss.str());
}

inline std::shared_ptr<const PolicyEngine> compile(const gate::v1::PolicySet& set,
                                                   const gate::v1::EnterpriseProfile& p) {
  auto e = PolicyEngine::Compile(set, p);
  if (!e.ok()) throw std::runtime_error("policy does not compile: " + e.error());
  return e.value();
}

// Decides `v` as read by a good camera.
inline gate::v1::Decision decide_for(const PolicyEngine& e, const gate::v1::Vehicle& v,
                                     const std::string& date,
                                     gate::v1::AlertLevel level = gate::v1::ALERT_LEVEL_NONE,
                                     const ShareState* share = nullptr,
                                     const PlatformLists* lists = nullptr) {
  const gate::v1::PlateRead r = read_of(v);
  DecisionContext ctx{level, date, lists, share, false};
  return decide(e, DecisionInput{r, &v, ctx});
}

}  // namespace gate::rules::testing
