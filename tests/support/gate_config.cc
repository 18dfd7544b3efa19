#include "tests/support/gate_config.h"

#include "tests/support/process.h"

namespace gate::testing {

std::string one_lane_gate_config(const OneLaneGate& gate) {
  return "gate_id: \"TEST-G1\"\ndatabase_path: \"" + gate.database_path +
         "\"\nutc_offset_minutes: 480\n"
         "camera { listen_address: \"127.0.0.1\" port: " +
         std::to_string(gate.camera_port) + " " + gate.camera_extra +
         " }\n"
         "lanes { lane_id: \"L1\" debounce_ms: 50 passage_timeout_ms: 500\n"
         "  barrier { tcp { host: \"127.0.0.1\" port: " +
         std::to_string(gate.barrier_port != 0 ? gate.barrier_port : free_port()) +
         " } pulse_ms: 100 response_timeout_ms: 200 reconnect_interval_ms: 200\n"
         "    open_coil: 0 entry_loop_input: 0 boom_loop_input: 1 poll_interval_ms: 15 }\n" +
         gate.lane_extra + "}\npolicy { version: \"" + gate.policy_version + "\" }\n" + gate.extra;
}

}  // namespace gate::testing
