// What a platform that speaks a field-map profile (docs/platform-profiles.md) checks in a body it
// receives, derived from the profile itself, so that the mock platform judges every shipped or
// made-up profile as strictly as its own document would: the envelope's constants, settings and
// token; every mapped field present and no other; constants and settings as configured; codes
// from the profile's tables; times in the profile's format. Pure.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gate/v1/platform_profile.pb.h"

namespace gate::sim {

struct ProfileBodyCheck {
  std::vector<std::string> problems;  // empty: the body is as the profile says
  std::string token;                  // the envelope's token field, when it has one
  std::string serial;                 // the record's value of the field mapped from "key"
  nlohmann::json record;              // the record's fields (the envelope's "record" part)
};

// Checks `body` as a `message` of `profile`, with the plant's `settings`.
ProfileBodyCheck check_profile_body(const gate::v1::PlatformProfile& profile,
                                    const gate::v1::PlatformMessage& message,
                                    const nlohmann::json& body,
                                    const std::map<std::string, std::string>& settings);

// Checks a login body; empty when it names the configured account.
std::vector<std::string> check_login_body(const gate::v1::PlatformProfile& profile,
                                          const nlohmann::json& body,
                                          const std::map<std::string, std::string>& settings);

// Whether `text` is a time written in `format` (drivers/uplink/time_pattern.h).
bool time_matches(const std::string& format, const std::string& text);

}  // namespace gate::sim
