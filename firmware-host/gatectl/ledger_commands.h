// gatectl's ledger commands: import (CSV in UTF-8 or GBK, or XLSX; all-or-nothing or
// --skip-invalid; document images named by doc_<kind> columns), suspend/reinstate, history.
#pragma once

#include <ostream>

#include "firmware-host/gatectl/commands.h"
#include "rules/result.h"

namespace gate::ctl {

int ledger_import(const Args& args, std::ostream& out, std::ostream& err);
int ledger_suspend(const Args& args, bool suspend, std::ostream& out, std::ostream& err);
int ledger_history_command(const Args& args, std::ostream& out, std::ostream& err);

// The database the ledger commands work on: --db, else the one --config names.
Result<std::string> ledger_database(const Args& args);
// Who is changing the ledger: --operator, else the login name.
std::string ledger_actor(const Args& args);

}  // namespace gate::ctl
