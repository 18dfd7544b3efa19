// The daemon's wall clock (unix ms): every passage time, local date, alert window and upload
// time in gated comes from wall_clock_ms(). In production it is the system clock. In
// simulation mode (gated --simulation-clock, see simulation_clock.h and docs/simulator.md) it
// is a simulated clock that gate-sim also computes, so that a day of traffic can run in
// minutes. Timers, timeouts of sockets and Modbus, and signature timestamps stay on real time.
#pragma once

#include <cstdint>

namespace gate::host {

int64_t wall_clock_ms();

// Simulated ms per real ms: 1 on the system clock, the simulation clock's rate otherwise. For
// the few limits measured on wall_clock_ms() that guard real-time work (a driver's answer).
double wall_clock_rate();

}  // namespace gate::host
