// The decision function: policy × vehicle × read × context → Decision. Pure: no I/O, no
// clock (time and the local date are passed in), no threads.
//
// Rule families are evaluated in a fixed order; the first that refuses decides. Each family
// is one function in decide.cc with a stable rule_id, so the policy-engine issue adds
// families (lists, green share, exemptions, manual override) without changing this contract.
#pragma once

#include <string>

#include "gate/v1/codes.pb.h"
#include "gate/v1/decision.pb.h"
#include "gate/v1/plate_read.pb.h"
#include "gate/v1/policy.pb.h"
#include "gate/v1/vehicle.pb.h"
#include "rules/platform_lists.h"

namespace gate::rules {

struct DecisionContext {
  gate::v1::AlertLevel alert_level = gate::v1::ALERT_LEVEL_NONE;
  std::string local_date;                // YYYY-MM-DD in the gate's time zone, for validity periods
  const PlatformLists* lists = nullptr;  // latest lists from the platform; nullptr = none yet
};

struct DecisionInput {
  const gate::v1::PlateRead& read;
  const gate::v1::Vehicle* vehicle;  // nullptr: not in any ledger
  DecisionContext context;
};

// Rule identifiers reported in Decision.rule_id.
inline constexpr const char* kRulePlateInvalid = "identity.plate_invalid";
inline constexpr const char* kRuleLowConfidence = "identity.low_confidence";
inline constexpr const char* kRuleUnknownVehicle = "identity.unknown_vehicle";
inline constexpr const char* kRuleSuspended = "identity.ledger_suspended";
inline constexpr const char* kRuleNotValid = "identity.ledger_not_valid";
inline constexpr const char* kRuleStageByClass = "stage.min_by_class";
inline constexpr const char* kRuleAlertStage = "alert.min_stage";
inline constexpr const char* kRuleAllPassed = "pass.all_rules";

gate::v1::Decision decide(const gate::v1::Policy& policy, const DecisionInput& input);

}  // namespace gate::rules
