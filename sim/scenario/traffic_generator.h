// The simulated world of a scenario: the fleet of vehicles that use the plant's
// gates and the time-ordered arrivals of those vehicles at the lanes, with what the camera
// reports of each. Pure and deterministic: the same validated scenario (same seed) gives the
// same world on every machine (sim/scenario/sim_random.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "gate/v1/codes.pb.h"
#include "gate/v1/scenario.pb.h"
#include "sim/scenario/sim_random.h"

namespace gate::sim {

// China Standard Time, the plants' local time (scenario times are local).
inline constexpr std::int64_t kLocalUtcOffsetSeconds = 8 * 3600;

struct SimVehicle {
  std::string plate;  // valid, unique in the fleet (rules::parse_plate accepts it)
  gate::v1::PlateColor plate_color = gate::v1::PLATE_COLOR_UNSPECIFIED;
  gate::v1::VehicleClass vehicle_class = gate::v1::VEHICLE_CLASS_UNSPECIFIED;
  gate::v1::EmissionStage stage = gate::v1::EMISSION_STAGE_UNSPECIFIED;
  gate::v1::FuelType fuel = gate::v1::FUEL_TYPE_UNSPECIFIED;
  std::size_t kind = 0;     // index into scenario.fleet().kinds()
  bool new_energy = false;  // green or yellow-green plate
  bool on_ledger = true;
  bool excess_emission_listed = false;
};

struct SimArrival {
  std::int64_t time_unix_ms = 0;
  std::string gate_id;
  std::string lane_id;
  std::size_t vehicle = 0;  // index into the fleet
  // What the camera reports.
  std::string read_plate;  // the plate, or a misread of it
  gate::v1::PlateColor read_color = gate::v1::PLATE_COLOR_UNSPECIFIED;
  double confidence = 1.0;  // 0..1
  int reads = 1;            // events pushed for this passage: 2 for a duplicate, 0 tailgating
  bool misread = false;
  bool low_confidence = false;
  // Behaviour.
  bool tailgating = false;  // follows the truck ahead under the open boom, unread
  bool backs_out = false;   // reaches the entry loop, then reverses out before the boom
};

struct SimWorld {
  std::vector<SimVehicle> fleet;
  std::vector<SimArrival> arrivals;  // ordered by time_unix_ms
};

// Trucks per hour (whole scenario) in force at `local_seconds` (scenario_time.h): the base
// rate of that hour of day plus every burst in force.
double arrival_rate_per_hour(const gate::v1::Scenario& scenario, std::int64_t local_seconds);

// Expected number of arrivals over the whole window (the integral of the rate).
double expected_arrivals(const gate::v1::Scenario& scenario);

// The fleet: max(50, expected arrivals / 3) vehicles drawn from the fleet mix.
std::vector<SimVehicle> generate_fleet(const gate::v1::Scenario& scenario, SimRandom& rng);

// The world of a validated scenario (sim/scenario/scenario_file.h), seeded from scenario.seed().
SimWorld generate_world(const gate::v1::Scenario& scenario);

}  // namespace gate::sim
