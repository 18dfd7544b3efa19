// Loading the uplink's platform profile: see platform_profile_file.h.
#include "firmware-host/config/platform_profile_file.h"

#include <fstream>
#include <sstream>

#include "drivers/uplink/platform_profile.h"

namespace gate::host {

Result<gate::v1::PlatformProfile> load_platform_profile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  if (!in || !(text << in.rdbuf())) {
    return Error{path +
                 ": cannot read the platform profile (the shipped ones are in "
                 "/usr/share/gate/platforms/)"};
  }
  return drivers::uplink::parse_platform_profile(text.str(), path);
}

Status check_platform_settings(const gate::v1::PlatformProfile& profile,
                               const google::protobuf::Map<std::string, std::string>& settings) {
  std::string missing;
  for (const auto& name : drivers::uplink::settings_used(profile)) {
    if (settings.find(name) == settings.end()) missing += (missing.empty() ? "" : ", ") + name;
  }
  if (missing.empty()) return Status::Ok();
  return Error{"profile " + profile.name() +
               " takes settings that uplink.platform_settings "
               "lacks: " +
               missing + " (add e.g. platform_settings { key: \"" +
               missing.substr(0, missing.find(',')) + "\" value: \"…\" })"};
}

}  // namespace gate::host
