// gatectl's commands, separated from main() so tests can run them against a real database
// and check their output.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "rules/local_time.h"
#include "rules/result.h"

namespace gate::ctl {

struct Args {
  std::vector<std::string> words;              // e.g. {"passages", "list"}
  std::map<std::string, std::string> options;  // "--from" → value
  std::vector<std::string> positional;         // after the command words
};

Result<Args> parse_args(const std::vector<std::string>& argv);

// The value of option `name` ("--db"), or "" when it was not given.
std::string option(const Args& a, const char* name);
// --db FILE, or the database_path of --config FILE.
Result<std::string> database_path(const Args& a);
// The wall clock in unix ms: what the CLI stamps ledger writes and reports with.
int64_t now_ms();

// Returns the process exit code: 0 ok, 1 failure, 2 usage error.
int run_command(const Args& args, std::ostream& out, std::ostream& err);

// rules/local_time.h: "YYYY-MM-DD[ HH:MM[:SS]]" in the given UTC offset, to unix ms.
using rules::parse_local_time;

}  // namespace gate::ctl
