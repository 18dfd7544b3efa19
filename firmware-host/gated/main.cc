// gated: the gate controller daemon.
#include <cstring>
#include <iostream>
#include <optional>
#include <string>

#include "firmware-host/clock/simulation_clock.h"
#include "firmware-host/config/config_loader.h"
#include "firmware-host/gated/gate_daemon.h"

namespace {

constexpr const char* kUsage = R"(usage: gated --config FILE

Runs the gate controller: receives plate events from the cameras, decides each truck by the
configured policy, records every passage in SQLite before opening the barrier over Modbus, and
uploads passages to the platform. Decisions are printed one per line on stdout; logs and
alarms go to stderr.

  --config FILE   gate configuration (protobuf text format; see deploy/demo/gated.textproto)
  --check         validate the configuration and exit
  --simulation-clock SIM_BASE_MS:REAL_BASE_MS:RATE
                  simulation mode, for gate-sim only: the daemon lives on a simulated clock
                  (docs/simulator.md). Refused unless every address in the configuration is
                  127.0.0.1, and with a database written on the system clock.
  --help          this text
)";

}  // namespace

int main(int argc, char** argv) {
  std::string config;
  bool check_only = false;
  std::optional<gate::host::SimulationClock> simulation;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (a == "--config" && i + 1 < argc) {
      config = argv[++i];
    } else if (a == "--simulation-clock" && i + 1 < argc) {
      auto clock = gate::host::parse_simulation_clock(argv[++i]);
      if (!clock.ok()) {
        std::cerr << "gated: " << clock.error() << "\n";
        return 2;
      }
      simulation = clock.value();
    } else if (a == "--check") {
      check_only = true;
    } else {
      std::cerr << "gated: unknown argument '" << a << "'\n" << kUsage;
      return 2;
    }
  }
  if (config.empty()) {
    std::cerr << "gated: --config FILE is required\n" << kUsage;
    return 2;
  }
  auto cfg = gate::host::load_config(config);
  if (!cfg.ok()) {
    std::cerr << "gated: configuration error: " << cfg.error() << "\n";
    return 2;
  }
  if (simulation) {
    if (gate::Status st = gate::host::check_loopback_only(cfg.value()); !st.ok()) {
      std::cerr << "gated: --simulation-clock refused: " << st.message() << "\n";
      return 2;
    }
    gate::host::use_simulation_clock(*simulation);
    std::cerr << "gated: SIMULATION MODE: simulated clock "
              << gate::host::format_simulation_clock(*simulation) << "\n";
  }
  if (check_only) {
    std::cout << config << ": OK (" << cfg.value().lanes_size() << " lane(s))\n";
    return 0;
  }
  gate::host::GateDaemon daemon(std::move(cfg).value());
  if (gate::Status st = daemon.start(); !st.ok()) {
    std::cerr << "gated: cannot start: " << st.message() << "\n";
    return 1;
  }
  daemon.run();
  return 0;
}
