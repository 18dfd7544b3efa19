// Plates for simulated vehicles (docs/domain.md §3.1): Henan (豫) plates of the kind the plate
// colour calls for, and the misreads a camera makes of them. Pure; every plate made by
// make_plate parses with rules::parse_plate.
#pragma once

#include <string>

#include "gate/v1/codes.pb.h"
#include "sim/scenario/sim_random.h"

namespace gate::sim {

// A plate for a vehicle with this plate colour:
//   green         small new-energy, 8 characters, energy letter 3rd: 豫HD12345 / 豫HF1A234
//   yellow-green  large new-energy, 8 characters, energy letter 8th: 豫H12345D
//   other colours ordinary, 7 characters: 豫H12345, 豫HA1234
// The energy letter is D (pure electric) when `pure_electric`, F otherwise.
std::string make_plate(gate::v1::PlateColor color, bool pure_electric, SimRandom& rng);

// What a camera reports when it reads `plate` wrong: one character changed. With probability
// `invalid_share` the result is not a valid plate (a letter I or O, which plates never carry);
// otherwise it still parses as a plate, but a different one.
std::string misread_plate(const std::string& plate, double invalid_share, SimRandom& rng);

}  // namespace gate::sim
