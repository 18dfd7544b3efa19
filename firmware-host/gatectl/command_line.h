// gatectl's command line: argv read against the command tree (command_tree.h) into the words of
// the command, its options and its positional arguments.
//
// The parser owns the syntax: which words name a command, which options that command takes and
// whether each takes a value. The commands own the meaning: a required option that is missing
// or a value out of range is theirs to report (usage_error in commands.h), so that Args built
// by hand are checked the same way. Both report in one form, on stderr, with exit code 2:
//   gatectl sync status: unknown option --foo; see 'gatectl sync status --help'
#pragma once

#include <map>
#include <string>
#include <vector>

#include "rules/result.h"

namespace gate::ctl {

struct Args {
  std::vector<std::string> words;              // e.g. {"passages", "list"}
  std::map<std::string, std::string> options;  // "--from" → value; a flag given → "1"
  std::vector<std::string> positional;         // after the command words
  bool help = false;                           // --help or -h: print the command's usage
};

// Options may come before, between or after the command words, as "--opt VALUE" or
// "--opt=VALUE"; given twice, the last one counts. Words that name no command are kept in
// `words` for run_command to report. Error (in the form above): an option the command does not
// take, or one without its value.
Result<Args> parse_args(const std::vector<std::string>& argv);

// The usage of the command `words` names (the overview for no words or an unknown command).
std::string help_text(const std::vector<std::string>& words);

// "gatectl ledger import: WHAT; see 'gatectl ledger import --help'".
std::string usage_message(const std::vector<std::string>& words, const std::string& what);

}  // namespace gate::ctl
