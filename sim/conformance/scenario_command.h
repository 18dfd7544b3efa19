// `gate-sim scenario FILE --out DIR …`: plays a scenario against gated and writes the
// conformance report (report.html, report.json) into DIR. Exit status 0 when every check
// passed, 1 when a check failed, 2 for a bad scenario or command line.
#pragma once

#include <string>
#include <vector>

namespace gate::sim {

extern const char* const kScenarioUsage;

int run_scenario_command(const std::vector<std::string>& args);

}  // namespace gate::sim
