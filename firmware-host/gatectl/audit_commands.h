// gatectl's auditor commands: verify (chain, seals, photos on a copy of the database).
#pragma once

#include <ostream>

#include "firmware-host/gatectl/commands.h"

namespace gate::ctl {

int audit_verify(const Args& args, std::ostream& out, std::ostream& err);

}  // namespace gate::ctl

namespace gate::ctl {

// gatectl audit sample|days|export (see gatectl --help).
int audit_command(const Args& args, std::ostream& out, std::ostream& err);

}  // namespace gate::ctl
