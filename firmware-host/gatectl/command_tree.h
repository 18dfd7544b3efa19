// gatectl's commands as a CLI11 app tree: each command's words, usage line, description,
// options (and whether each takes a value) and positional arguments. It is the one list of what
// gatectl accepts: the parser (command_line.cc) and every --help text follow it; the
// dispatcher (commands.cc) has a function for each of its leaves.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

namespace gate::ctl {

std::unique_ptr<CLI::App> make_command_tree();

// The leaves of the tree, as their words ("ledger import"), in the order of the overview.
std::vector<std::string> command_paths();

}  // namespace gate::ctl
