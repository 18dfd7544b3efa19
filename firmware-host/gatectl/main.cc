// gatectl: operator and auditor command line. The commands are in command_tree.cc (what each
// accepts, its --help) and commands.cc (what each does).
#include <iostream>
#include <string>
#include <vector>

#include "firmware-host/gatectl/commands.h"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {  // the overview, and a failed run: a script without arguments is wrong
    std::cout << gate::ctl::help_text({});
    return 2;
  }
  auto parsed = gate::ctl::parse_args(args);
  if (!parsed.ok()) {
    std::cerr << parsed.error() << "\n";
    return 2;
  }
  return gate::ctl::run_command(parsed.value(), std::cout, std::cerr);
}
