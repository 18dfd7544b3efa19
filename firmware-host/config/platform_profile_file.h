// The platform profile a gate's uplink names (uplink.profile_file), read and checked, and the
// per-plant settings it needs checked against uplink.platform_settings.
#pragma once

#include <map>
#include <string>

#include "gate/v1/platform_profile.pb.h"
#include "rules/result.h"

namespace gate::host {

// Reads and parses the profile at `path`; errors name the file (and line) and what to fix.
Result<gate::v1::PlatformProfile> load_platform_profile(const std::string& path);

// Ok when `settings` has every setting `profile` takes; else names the missing ones.
Status check_platform_settings(const gate::v1::PlatformProfile& profile,
                               const google::protobuf::Map<std::string, std::string>& settings);

}  // namespace gate::host
