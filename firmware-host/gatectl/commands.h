// gatectl's commands, separated from main() so tests can run them against a real database
// and check their output.
#pragma once

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

// Returns the process exit code: 0 ok, 1 failure, 2 usage error.
int run_command(const Args& args, std::ostream& out, std::ostream& err);

// rules/local_time.h: "YYYY-MM-DD[ HH:MM[:SS]]" in the given UTC offset, to unix ms.
using rules::parse_local_time;

}  // namespace gate::ctl
