// The one-lane gated configuration the integration tests start: gate TEST-G1 on 127.0.0.1,
// lane L1 whose barrier module address has nothing listening unless the test starts one there
// (passes become barrier faults, reads are still decided and recorded), short debounce and
// passage timeout. The module map is sim::BarrierSlave's default: open coil 0, entry loop
// input 0, boom loop input 1.
#pragma once

#include <string>

namespace gate::testing {

struct OneLaneGate {
  int camera_port = 0;
  int barrier_port = 0;                   // 0: a free port with nothing listening
  std::string database_path = "gate.db";  // relative paths are the config file's folder
  std::string policy_version = "test";    // an inline policy block
  std::string camera_extra;               // inside camera { … } after the port
  std::string lane_extra;                 // inside lanes { … } after the barrier, e.g. display
  std::string extra;                      // after the lane, e.g. api { … }
};

// The configuration text (gated's textproto).
std::string one_lane_gate_config(const OneLaneGate& gate);

}  // namespace gate::testing
