// gated: the gate controller daemon.
#include <cstring>
#include <iostream>
#include <string>

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
  --help          this text
)";

}  // namespace

int main(int argc, char** argv) {
  std::string config;
  bool check_only = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (a == "--config" && i + 1 < argc) {
      config = argv[++i];
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
