#include "firmware-host/api/api_tokens.h"

namespace gate::host {
namespace {

bool same_secret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  }
  return diff == 0;
}

}  // namespace

std::vector<ApiCredential> api_credentials(const gate::v1::ApiConfig& cfg) {
  std::vector<ApiCredential> out;
  if (!cfg.operator_token().empty()) {
    out.push_back({"operator", gate::v1::API_ROLE_OPERATOR, cfg.operator_token()});
  }
  for (const auto& t : cfg.tokens()) out.push_back({t.name(), t.role(), t.token()});
  return out;
}

const ApiCredential* authenticate(const std::vector<ApiCredential>& creds,
                                  std::string_view header) {
  constexpr std::string_view kBearer = "Bearer ";
  if (!header.starts_with(kBearer)) return nullptr;
  const std::string_view token = header.substr(kBearer.size());
  const ApiCredential* found = nullptr;
  for (const auto& c : creds) {
    if (same_secret(token, c.token) && !c.token.empty() && found == nullptr) found = &c;
  }
  return found;
}

std::string_view role_name(gate::v1::ApiRole r) {
  switch (r) {
    case gate::v1::API_ROLE_OPERATOR:
      return "operator";
    case gate::v1::API_ROLE_AUDITOR:
      return "auditor";
    default:
      return "none";
  }
}

}  // namespace gate::host
