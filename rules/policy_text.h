// Policy set text (protobuf text format of gate.v1.PolicySet, e.g.
// rules/policies/henan-jiaozuo-2025.textproto) parsed and validated fully. Pure: the caller
// reads the file, so that gated, gatectl and gate-sim (which computes what a gate must decide)
// all judge the same text the same way. Every error names the file, line and column, e.g.
//   henan.textproto:41:5: rule_sets[3].share_rules[0].target_percent: target_percent must be 0..100
// A syntax error stops at the first problem; semantic problems are all reported, one per line.
#pragma once

#include <string>

#include "gate/v1/policy.pb.h"
#include "rules/result.h"

namespace gate::rules {

// `file_name` is only used in error messages.
Result<gate::v1::PolicySet> parse_policy_text(const std::string& text,
                                              const std::string& file_name);

}  // namespace gate::rules
