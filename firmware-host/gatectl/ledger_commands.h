// gatectl's ledger commands: import (CSV in UTF-8 or GBK, or XLSX; all-or-nothing or
// --skip-invalid; document images named by doc_<kind> columns), list, suspend/reinstate,
// history.
#pragma once

#include <ostream>

#include "firmware-host/gatectl/commands.h"
#include "firmware-host/ledger/ledger_csv.h"

namespace gate::ctl {

int ledger_import(const Args& args, std::ostream& out, std::ostream& err);
int ledger_list(const Args& args, std::ostream& out, std::ostream& err);
int ledger_suspend(const Args& args, bool suspend, std::ostream& out, std::ostream& err);
int ledger_history_command(const Args& args, std::ostream& out, std::ostream& err);

// Who is changing the ledger: --operator, else the login name.
std::string ledger_actor(const Args& args);

// The rows of a ledger file: .xlsx by its extension (first worksheet), else CSV in UTF-8 or
// GBK (a note on `out` when read as GBK). Read errors are returned; row errors are in the parse.
Result<host::LedgerParse> read_ledger_file(const std::string& file, std::ostream& out);

}  // namespace gate::ctl
