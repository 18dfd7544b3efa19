// gatectl's ledger commands: import (CSV in UTF-8 or GBK; all-or-nothing or --skip-invalid),
// suspend/reinstate, history.
#pragma once

#include <ostream>

#include "firmware-host/gatectl/commands.h"

namespace gate::ctl {

int ledger_import(const Args& args, std::ostream& out, std::ostream& err);
int ledger_suspend(const Args& args, bool suspend, std::ostream& out, std::ostream& err);
int ledger_history_command(const Args& args, std::ostream& out, std::ostream& err);

}  // namespace gate::ctl
