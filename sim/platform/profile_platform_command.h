// `gate-sim profile-platform`: a platform speaking one field-map profile (profile_platform.h),
// for tests and inspectors that run a real gated against a platform profile.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "rules/result.h"

namespace gate::sim {

// A settings file: one `key=value` per line, `#` comments and blank lines ignored. Errors name
// the file and line.
Result<std::map<std::string, std::string>> parse_settings_text(const std::string& text,
                                                               const std::string& file_name);

int run_profile_platform_command(const std::vector<std::string>& args);

extern const char* const kProfilePlatformUsage;

}  // namespace gate::sim
