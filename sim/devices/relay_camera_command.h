// `gate-sim relay-camera`: the virtual relay camera (relay_camera.h) alone, until SIGINT.
#pragma once

#include <string>
#include <vector>

namespace gate::sim {

extern const char* const kRelayCameraUsage;

// args[0] is "relay-camera". Exit code: 0 after a stop signal, 2 for a wrong command line,
// 1 when the port cannot be bound.
int run_relay_camera_command(const std::vector<std::string>& args);

}  // namespace gate::sim
