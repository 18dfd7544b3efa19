// A platform profile file (gate.v1.PlatformProfile, docs/platform-profiles.md) parsed, checked
// and given its defaults. Every error names the file, line and column and says what to write,
// e.g. "tc.textproto:41:7: messages[0].fields[3].from: no field \"plate_colour\" in our records
// (…)". Pure, except load_platform_profile, which reads the file.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "gate/v1/platform_profile.pb.h"
#include "rules/result.h"
#include "rules/text_document.h"

namespace gate::drivers::uplink {

// `file_name` is only used in messages.
Result<gate::v1::PlatformProfile> parse_platform_profile(const std::string& text,
                                                         const std::string& file_name);

// Reads and parses the profile at `path`; errors name the file (and line) and what to fix.
Result<gate::v1::PlatformProfile> load_platform_profile(const std::string& path);

// Ok when `settings` has every setting `profile` takes; else names the missing ones.
Status check_platform_settings(const gate::v1::PlatformProfile& profile,
                               const std::map<std::string, std::string>& settings);

// Every problem of `profile`, in file order; empty when it is usable.
std::vector<rules::TextIssue> validate_platform_profile(const gate::v1::PlatformProfile& profile);

// The setting names the profile's login and messages take values from, sorted, once each.
std::vector<std::string> settings_used(const gate::v1::PlatformProfile& profile);

// The profile's message of `kind`, or null when the platform has none.
const gate::v1::PlatformMessage* find_message(const gate::v1::PlatformProfile& profile,
                                              gate::v1::PlatformMessage::Kind kind);

}  // namespace gate::drivers::uplink
