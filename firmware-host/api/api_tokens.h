// Who is calling the local API: the configured tokens (api.operator_token and api.tokens) and
// the check of an Authorization header against them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gate/v1/config.pb.h"

namespace gate::host {

struct ApiCredential {
  std::string name;  // logged with every request
  gate::v1::ApiRole role = gate::v1::API_ROLE_UNSPECIFIED;
  std::string token;
};

// From a validated ApiConfig (token files already read by the config loader).
std::vector<ApiCredential> api_credentials(const gate::v1::ApiConfig& cfg);

// The credential whose token the header "Bearer <token>" carries; nullptr when none does. Every
// configured token is compared in full, so the time taken says nothing about any of them.
const ApiCredential* authenticate(const std::vector<ApiCredential>& creds,
                                  std::string_view authorization_header);

std::string_view role_name(gate::v1::ApiRole r);  // "operator", "auditor"

}  // namespace gate::host
