// Checks an enterprise profile against the policy set it selects rule sets from. Pure: the
// config loader turns each issue's field ("double_high", "choices[1]") into file:line of the
// configuration's enterprise { … } block.
//
// A profile fact that decides whether a rule set binds must be stated, never defaulted, where
// the policy set depends on it: double_high for the industries the set lists, the location
// when rule sets are scoped to a county or city, ownership and annual freight when a rule set
// that would otherwise bind the plant depends on them. Selections must name a declared choice
// and one of its options.
#pragma once

#include <vector>

#include "gate/v1/policy.pb.h"
#include "rules/policy_validate.h"

namespace gate::rules {

// Issues with `path` relative to the enterprise profile ("location"); empty when it is valid.
std::vector<PolicyIssue> profile_issues(const gate::v1::PolicySet& set,
                                        const gate::v1::EnterpriseProfile& enterprise);

}  // namespace gate::rules
