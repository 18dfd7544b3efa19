// `gate-sim platform`: the mock platform on its own, for inspectors and for tests that drive a
// real gated against it, with a control port to change fault modes and push downlink data while
// it runs. Also the platform options shared with `gate-sim run`.
#pragma once

#include <map>
#include <string>

#include "rules/result.h"
#include "sim/platform/mock_platform.h"

namespace gate::sim {

// Reads the options common to both commands, each named `prefix` + name: tls-cert, tls-key,
// app-key, secret-file, db, color-table, slow-ms. Ports are left to the caller.
Result<MockPlatformOptions> platform_options(const std::map<std::string, std::string>& opt,
                                             const std::string& prefix);

// Handles a request to the control port (docs/uplink.md §9): GET /mock/report[?records=1],
// POST /mock/mode, /mock/control, /mock/list, /mock/reject. Returns status and JSON body.
std::pair<int, std::string> control_request(MockPlatform& p, const std::string& method,
                                            const std::string& target, const std::string& body);

int run_platform_command(const std::map<std::string, std::string>& opt);

extern const char* const kPlatformUsage;

}  // namespace gate::sim
