// gatectl config check FILE: loads a gated configuration as gated would and says what it
// found, or the first error with its file:line:col.
#pragma once

#include <ostream>

#include "firmware-host/gatectl/commands.h"

namespace gate::ctl {

int config_check(const Args& a, std::ostream& out, std::ostream& err);

}  // namespace gate::ctl
