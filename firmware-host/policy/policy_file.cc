#include "firmware-host/policy/policy_file.h"

#include <fstream>
#include <sstream>

namespace gate::host {

Result<gate::v1::PolicySet> load_policy_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error{path + ": cannot open policy file (check the path and permissions)"};
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_policy_text(ss.str(), path);
}

Result<std::shared_ptr<const rules::PolicyEngine>> load_policy_engine(
    const std::string& path, const gate::v1::EnterpriseProfile& enterprise) {
  auto set = load_policy_file(path);
  if (!set.ok()) return Error{set.error()};
  auto engine = rules::PolicyEngine::Compile(std::move(set).value(), enterprise);
  if (!engine.ok()) return Error{path + ": " + engine.error()};
  return engine;
}

}  // namespace gate::host
