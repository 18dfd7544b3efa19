// gate-sim scenario files (sim/scenario/scenario_file.h): parsed and checked; a scenario that
// loads and expects few arrivals is played out into its fleet, arrivals and ledger CSV
// (sim/scenario/traffic_generator.h, fleet_ledger_csv.h), whose output the ledger parser reads.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/scenario/fleet_ledger_csv.h"
#include "sim/scenario/scenario_file.h"
#include "sim/scenario/traffic_generator.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string text(gate::fuzz::text_of(data, size));
  auto scenario = gate::sim::parse_scenario(text, "scenario.textproto");
  if (!scenario.ok()) return 0;
  (void)gate::sim::scenario_enterprise(scenario.value());
  const double expected = gate::sim::expected_arrivals(scenario.value());
  if (!std::isfinite(expected) || expected < 0) __builtin_trap();
  if (expected > 300) return 0;  // keep each input fast
  const gate::sim::SimWorld world = gate::sim::generate_world(scenario.value());
  for (const auto& a : world.arrivals) {
    if (a.vehicle >= world.fleet.size()) __builtin_trap();
  }
  (void)gate::sim::fleet_ledger_csv(scenario.value(), world.fleet);
  return 0;
}
