// Policy set text (rules/policy_text.h), as gated, gatectl and gate-sim read it: parsed and
// validated; a set that loads is compiled for two plants (rules/policy_engine.h) and decides a
// few vehicles on the first day of every stretch of its dates, with and without share tallies.
#include <climits>
#include <cstddef>
#include <cstdint>
#include <string>

#include "rules/decide.h"
#include "rules/local_date.h"
#include "rules/policy_engine.h"
#include "rules/policy_profile.h"
#include "rules/policy_text.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using namespace gate;

v1::Vehicle vehicle(const char* plate, v1::VehicleClass c, v1::EmissionStage s, v1::FuelType f) {
  v1::Vehicle v;
  v.set_plate(plate);
  v.set_plate_color(v1::PLATE_COLOR_YELLOW);
  v.set_vehicle_class(c);
  v.set_emission_stage(s);
  v.set_fuel_type(f);
  return v;
}

void decide_some(const rules::PolicyEngine& engine) {
  static const v1::Vehicle kVehicles[] = {
      vehicle("豫H12345", v1::VEHICLE_CLASS_TRANSPORT, v1::EMISSION_STAGE_CHINA_V,
              v1::FUEL_TYPE_DIESEL),
      vehicle("豫HD12345", v1::VEHICLE_CLASS_TRANSPORT, v1::EMISSION_STAGE_ELECTRIC,
              v1::FUEL_TYPE_ELECTRIC),
      vehicle("豫H54321", v1::VEHICLE_CLASS_IN_PLANT, v1::EMISSION_STAGE_CHINA_IV,
              v1::FUEL_TYPE_DIESEL),
      vehicle("", v1::VEHICLE_CLASS_NON_ROAD_MACHINERY, v1::EMISSION_STAGE_NONE,
              v1::FUEL_TYPE_DIESEL),
  };
  rules::ShareState share;
  for (const auto& seg : engine.segments()) {
    for (const auto& r : seg.shares) share.counts[r.counter] = rules::ShareCount{7, 2};
  }
  share.reserved = 1;
  for (const auto& seg : engine.segments()) {
    const int day =
        seg.first_day == INT_MIN ? rules::parse_date("2025-06-01").value_or(0) : seg.first_day;
    for (const auto& v : kVehicles) {
      v1::PlateRead read;
      read.set_plate_text(v.plate().empty() ? "豫H00000" : v.plate());
      read.set_color(v.plate_color());
      read.set_confidence(0.95);
      read.set_lane_id("L1");
      for (auto level : {v1::ALERT_LEVEL_NONE, v1::ALERT_LEVEL_ORANGE}) {
        rules::DecisionContext ctx;
        ctx.alert_level = level;
        ctx.local_date = rules::format_date(day);
        ctx.share = level == v1::ALERT_LEVEL_NONE ? nullptr : &share;
        rules::DecisionTrace trace;
        (void)rules::decide(engine, rules::DecisionInput{read, &v, ctx}, &trace);
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string text(fuzz::text_of(data, size));
  auto set = rules::parse_policy_text(text, "policy.textproto");
  if (!set.ok()) return 0;
  for (const char* industry : {"steel", "coking"}) {
    v1::EnterpriseProfile plant;
    plant.set_name("fuzz plant");
    plant.set_industry(industry);
    plant.set_grade(v1::PERFORMANCE_GRADE_B);
    (void)rules::profile_issues(set.value(), plant);
    auto engine = rules::PolicyEngine::Compile(set.value(), plant);
    if (engine.ok()) decide_some(*engine.value());
  }
  return 0;
}
