// The text of gatectl's --help: for a command, its usage line ("usage: gatectl ledger list --db
// FILE"), its description and its options; for a group of commands (ledger, policy, ...), the
// commands in it; for gatectl itself, every command with the first line of its description.
#pragma once

#include <CLI/CLI.hpp>

#include <map>
#include <string>
#include <vector>

namespace gate::ctl {

class CommandHelp : public CLI::Formatter {
 public:
  // The arguments after the command's words in its usage line, e.g. "--db FILE LEDGER.csv".
  void set_synopsis(const CLI::App* command, std::string synopsis);

  std::string make_help(const CLI::App* app, std::string name,
                        CLI::AppFormatMode mode) const override;
  std::string make_usage(const CLI::App* app, std::string name) const override;
  std::string make_subcommand(const CLI::App* sub) const override;

 private:
  std::string overview(const CLI::App* root) const;
  std::string synopsis_of(const CLI::App* command) const;

  std::map<const CLI::App*, std::string> synopses_;
};

// "ledger import" for that node of the tree ("" for the root).
std::string command_path(const CLI::App* command);
// The commands under `node` (those without sub-commands), depth first, in declaration order.
std::vector<const CLI::App*> command_leaves(const CLI::App* node);

}  // namespace gate::ctl
