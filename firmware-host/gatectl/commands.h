// gatectl's commands, separated from main() so tests can run them against a real database
// and check their output; and what the command files share: the options, the database, the
// exit codes and the form of their errors.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include "firmware-host/gatectl/command_line.h"
#include "rules/local_time.h"
#include "rules/result.h"

namespace gate::host {
class GateStore;
}

namespace gate::ctl {

// The value of option `name` ("--db"), or "" when it was not given.
std::string option(const Args& a, const char* name);
// --db FILE, or the database_path of --config FILE.
Result<std::string> database_path(const Args& a);
// --utc-offset MIN (minutes east of UTC), else `fallback`.
Result<int> utc_offset_option(const Args& a, int fallback);
// --from and --to ("YYYY-MM-DD[ HH:MM[:SS]]", local time in `offset`) as unix ms; options not
// given leave theirs unset. The error names the option.
Status read_period(const Args& a, int offset, std::optional<int64_t>* from,
                   std::optional<int64_t>* to);
// The wall clock in unix ms: what the CLI stamps ledger writes and reports with.
int64_t now_ms();

// Writes usage_message(a.words, what) and returns 2: a required option missing, a value out of
// range, a wrong number of arguments.
int usage_error(std::ostream& err, const Args& a, const std::string& what);
// Writes "gatectl: WHAT" and returns 1: the command could not do its work.
int failure(std::ostream& err, const std::string& what);

// Opens the database of database_path(a) and returns what `work` returns; a usage error
// without --db or --config, a failure when the database cannot be opened.
int with_store(const Args& a, std::ostream& err,
               const std::function<int(host::GateStore& store, const std::string& db)>& work,
               bool read_only = false);

// Returns the process exit code: 0 ok, 1 failure, 2 usage error. With a.help, writes the
// command's usage to `out` and returns 0.
int run_command(const Args& args, std::ostream& out, std::ostream& err);

// rules/local_time.h: "YYYY-MM-DD[ HH:MM[:SS]]" in the given UTC offset, to unix ms.
using rules::parse_local_time;

}  // namespace gate::ctl
