// The simulated wall clock of gated's simulation mode (firmware-host/clock/simulation_clock.h),
// shared with gate-sim by value: both compute
//   simulated = sim_base_ms + (real_now_ms - real_base_ms) * rate
// so that gate-sim knows, without asking, what time the daemon lives in. It travels on gated's
// command line as --simulation-clock SIM_BASE_MS:REAL_BASE_MS:RATE (gate-sim builds it; a
// restarted daemon gets the same one and lands on the same time line). Pure.
#pragma once

#include <cstdint>
#include <string>

#include "rules/result.h"

namespace gate::drivers {

struct SimulationClock {
  int64_t sim_base_ms = 0;
  int64_t real_base_ms = 0;
  double rate = 1.0;  // simulated ms per real ms, 1..100000

  int64_t at(int64_t real_now_ms) const;
  // The real time at which the simulated clock shows `sim_ms`.
  int64_t real_at(int64_t sim_ms) const;
};

// Parses SIM_BASE_MS:REAL_BASE_MS:RATE; the error says what is wrong with the text.
Result<SimulationClock> parse_simulation_clock(const std::string& text);
std::string format_simulation_clock(const SimulationClock& clock);

}  // namespace gate::drivers
