// gated's simulation mode: wall_clock_ms() follows a simulated clock
// (drivers/clock/simulation_clock.h) given as --simulation-clock by gate-sim.
//
// Simulation mode can never be on in production: the flag is refused unless every address in
// the configuration is loopback (camera, barrier modules, platform, local API), and the
// database remembers the mode it was created in: a database written under a simulated clock
// is refused by a normal start, and a production database is refused in simulation mode
// (check_simulation_mode in gate_store.h). The shipped systemd unit never passes the flag.
#pragma once

#include <cstdint>
#include <string>

#include "drivers/clock/simulation_clock.h"
#include "gate/v1/config.pb.h"
#include "rules/result.h"

namespace gate::host {

using drivers::format_simulation_clock;
using drivers::parse_simulation_clock;
using drivers::SimulationClock;

// Ok when every endpoint of `cfg` is on 127.0.0.1/localhost/::1; else names the first that is
// not (simulation mode is for a gate wired to gate-sim only).
Status check_loopback_only(const gate::v1::GateConfig& cfg);

// From now on wall_clock_ms() follows `clock`. Called once at start-up, before any thread.
void use_simulation_clock(const SimulationClock& clock);
bool simulation_clock_in_use();

}  // namespace gate::host
