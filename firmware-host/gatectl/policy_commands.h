// gatectl's policy-engine commands:
//   policy check FILE [--config CFG]        validate a policy set file; with the gate's
//                                           configuration, say which rule sets bind the plant
//   policy explain --plate P --config CFG [--at TIME] [--alert LEVEL] [--policy FILE]
//                                           the full reasoning for that truck at that time
//   policy replay --from D1 --to D2 --policy FILE --config CFG [--limit N]
//                                           re-decide recorded passages under another policy
//   release --lane L --operator NAME --reason TEXT (--config CFG | --api URL --token T)
//                                           manual release through gated's local API
// Each returns the process exit code: 0 ok, 1 failure, 2 usage error.
#pragma once

#include <ostream>

#include "firmware-host/gatectl/commands.h"

namespace gate::ctl {

int policy_check(const Args& args, std::ostream& out, std::ostream& err);
int policy_explain(const Args& args, std::ostream& out, std::ostream& err);
int policy_replay(const Args& args, std::ostream& out, std::ostream& err);
int run_release_command(const Args& args, std::ostream& out, std::ostream& err);

}  // namespace gate::ctl
