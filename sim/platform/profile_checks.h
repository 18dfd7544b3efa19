// What a platform that speaks a field-map profile (docs/platform-profiles.md) checks in a body it
// receives, derived from the profile itself, so that the mock platform judges every shipped or
// made-up profile as strictly as its own document would: the envelope's constants, settings and
// token; every mapped field present and no other; constants and settings as configured; codes
// from the profile's tables; times in the profile's format. Pure.
#pragma once

#include <cstdint>
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

// SCHEME_MD5_HEADER: why the call's `headers` (lower-case names) are not signed with `app_key`
// and `app_secret` (drivers/uplink/request_signing.h md5_header_signature), or "" when they
// are. A timestamp more than `skew_s` from `now_s` is refused too.
std::string md5_header_problem(const gate::v1::PlatformLogin& login,
                               const std::map<std::string, std::string>& headers,
                               const std::string& app_key, const std::string& app_secret,
                               int64_t now_s, int64_t skew_s = 300);

// The answer fields of a policy pull (KIND_POLICY_PULL) for the platform's `control` values by
// our control field (PlatformReading.to → the platform's code or text, as it sends them): put
// into `answer` at each reading's name. A field not in `control` answers its table's code of
// "none" when coded, `now_text` (in its time format) when issued_at, and is left out otherwise.
void put_control_answer(const gate::v1::PlatformProfile& profile,
                        const gate::v1::PlatformMessage& pull,
                        const std::map<std::string, std::string>& control, int64_t now_ms,
                        nlohmann::json& answer);

// Whether `text` is a time written in `format` (drivers/uplink/time_pattern.h).
bool time_matches(const std::string& format, const std::string& text);

}  // namespace gate::sim
