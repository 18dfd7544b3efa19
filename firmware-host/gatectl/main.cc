// gatectl: operator and auditor command line.
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "firmware-host/gatectl/commands.h"

namespace {

constexpr const char* kUsage = R"(usage: gatectl COMMAND [options]

Commands:
  ledger import --db FILE LEDGER.csv   import a vehicle ledger (all-or-nothing; every bad row
                                       is reported with its line and field)
  ledger list --db FILE                list ledger entries
  passages list --db FILE [--from T] [--to T] [--plate P] [--decision pass|refuse]
                [--format table|csv|json] [--limit N] [--utc-offset MIN]
                                       list passages; T is "YYYY-MM-DD[ HH:MM[:SS]]" local time
  passages summary --db FILE           counts by decision, rule and outcome; upload backlog
  config check FILE                    validate a gated configuration file

--db may be replaced by --config FILE (the database named in a gated configuration).
)";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  auto parsed = gate::ctl::parse_args(args);
  if (!parsed.ok()) {
    std::cerr << "gatectl: " << parsed.error() << "\n\n" << kUsage;
    return 2;
  }
  return gate::ctl::run_command(parsed.value(), std::cout, std::cerr);
}
