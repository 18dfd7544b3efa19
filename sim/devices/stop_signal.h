// The gate-sim commands that serve until stopped (run --stay, platform, display) wait here for
// SIGINT or SIGTERM. main() blocks both in every thread, so the signal is taken only here.
#pragma once

namespace gate::sim {

// Blocks the calling thread until SIGINT or SIGTERM arrives; returns the signal number.
int wait_for_stop_signal();

}  // namespace gate::sim
