// Full validation of a policy set (gate.v1.PolicySet) before it may decide anything. Pure: the
// caller (firmware-host/policy/policy_file.h) turns each issue's field path into file:line.
#pragma once

#include <string>
#include <vector>

#include "gate/v1/policy.pb.h"
#include "rules/text_document.h"

namespace gate::rules {

// Field path from the PolicySet root, e.g. "rule_sets[2].share_rules[0].target_percent".
using PolicyIssue = TextIssue;

// Every problem found, in file order; empty when the set is valid.
std::vector<PolicyIssue> validate_policy_set(const gate::v1::PolicySet& set);

}  // namespace gate::rules
