#include "firmware-host/clock/wall_clock.h"

#include <chrono>
#include <optional>

#include "firmware-host/clock/simulation_clock.h"

namespace gate::host {
namespace {

// Set once by use_simulation_clock() before any thread starts; read-only afterwards.
std::optional<SimulationClock> g_simulation;

int64_t system_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int64_t wall_clock_ms() {
  const int64_t real = system_ms();
  return g_simulation ? g_simulation->at(real) : real;
}

double wall_clock_rate() {
  return g_simulation ? g_simulation->rate : 1.0;
}

void use_simulation_clock(const SimulationClock& clock) {
  g_simulation = clock;
}

bool simulation_clock_in_use() {
  return g_simulation.has_value();
}

}  // namespace gate::host
