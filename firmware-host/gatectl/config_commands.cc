#include "firmware-host/gatectl/config_commands.h"

#include "firmware-host/config/config_loader.h"

namespace gate::ctl {

int config_check(const Args& a, std::ostream& out, std::ostream& err) {
  if (a.positional.size() != 1) return usage_error(err, a, "config check needs one file");
  auto cfg = host::load_config(a.positional[0]);
  if (!cfg.ok()) {
    err << cfg.error() << "\n";
    return 1;
  }
  out << a.positional[0] << ": OK (gate " << cfg.value().gate_id() << ", "
      << cfg.value().lanes_size() << " lane(s), policy "
      << (cfg.value().policy_file().empty() ? cfg.value().policy().version()
                                            : cfg.value().policy_file())
      << ")\n";
  return 0;
}

}  // namespace gate::ctl
