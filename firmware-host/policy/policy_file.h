// Policy set files (protobuf text format of gate.v1.PolicySet, e.g.
// rules/policies/henan-jiaozuo-2025.textproto): parsed, validated fully, and compiled for the
// enterprise. Every error names the file, line and column and what to fix, e.g.
//   henan.textproto:41:5: rule_sets[3].share_rules[0].target_percent: target_percent must be 0..100
// A syntax error stops at the first problem; semantic problems are all reported, one per line.
#pragma once

#include <memory>
#include <string>

#include "gate/v1/policy.pb.h"
#include "rules/policy_engine.h"
#include "rules/policy_text.h"
#include "rules/result.h"

namespace gate::host {

using rules::parse_policy_text;  // rules/policy_text.h

Result<gate::v1::PolicySet> load_policy_file(const std::string& path);

// Loads, validates and compiles for `enterprise`.
Result<std::shared_ptr<const rules::PolicyEngine>> load_policy_engine(
    const std::string& path, const gate::v1::EnterpriseProfile& enterprise);

}  // namespace gate::host
