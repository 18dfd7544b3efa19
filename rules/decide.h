// The decision function: policy × vehicle × read × context → Decision. Pure: no I/O, no
// clock (time and the local date are passed in), no threads.
//
// Rule families (docs/domain.md §4) are evaluated in a fixed order; the first that refuses decides:
//   identity → lists → machinery → stage by class → alert × grade → platform strategy → share
// The platform strategy (rules/platform_strategy.h) refuses the road transport vehicles the
// platform's control strategy bans, naming the strategy, its meaning and the platform's
// document; it belongs to the alert family (an exemption that lifts alert rules lifts it).
// Identity and the excess-emission list always decide. A refusal by the other families is
// waived when the vehicle carries an exemption (with its basis, valid on the day) that the
// policy lets waive that family; the truck then passes under rule exemption.<kind>, and the
// explanation names what was waived and why. A share rule that refuses gives HOLD (the truck
// may be called from the hold queue later), every other family REFUSE. Manual override is a
// separate decision (rules/manual_override.h).
//
// Every decision names the rule, the policy set, its version and the rule set (with its
// source) that decided, the inputs it looked at, and a display text in Chinese and English.
#pragma once

#include <string>
#include <vector>

#include "gate/v1/codes.pb.h"
#include "gate/v1/decision.pb.h"
#include "gate/v1/plate_read.pb.h"
#include "gate/v1/policy.pb.h"
#include "gate/v1/vehicle.pb.h"
#include "rules/platform_lists.h"
#include "rules/platform_strategy.h"
#include "rules/policy_engine.h"
#include "rules/share.h"

namespace gate::rules {

struct DecisionContext {
  gate::v1::AlertLevel alert_level = gate::v1::ALERT_LEVEL_NONE;
  std::string local_date;                // YYYY-MM-DD in the gate's time zone: selects the rules
  const PlatformLists* lists = nullptr;  // latest lists from the platform; nullptr = none yet
  const ShareState* share = nullptr;     // the day's share tallies; nullptr = nothing released
  bool called = false;  // this vehicle was called from the hold queue (holds a reserved turn)
  // The platform's control strategy in force; nullptr or kNone = none.
  const PlatformStrategyInput* strategy = nullptr;
};

struct DecisionInput {
  const gate::v1::PlateRead& read;
  const gate::v1::Vehicle* vehicle;  // nullptr: not in any ledger
  DecisionContext context;
  // The vehicle as the platform's check answered (rules/vehicle_check.h platform_vehicle), for
  // a plate in no ledger; used only where the rules in force say UNKNOWN_VEHICLE_PLATFORM_DATA.
  const gate::v1::Vehicle* platform_vehicle = nullptr;
};

// One step of the reasoning, for `gatectl policy explain`.
struct TraceStep {
  std::string family;   // "identity", "lists", "machinery", "stage", "alert", "share", …
  std::string outcome;  // "ok", "refuse", "hold", "waived", "note", "not applicable"
  std::string rule_id;
  std::string detail;
};
using DecisionTrace = std::vector<TraceStep>;

// Rule identifiers reported in Decision.rule_id.
inline constexpr const char* kRulePlateInvalid = "identity.plate_invalid";
inline constexpr const char* kRuleLowConfidence = "identity.low_confidence";
inline constexpr const char* kRuleUnknownVehicle = "identity.unknown_vehicle";
inline constexpr const char* kRuleSuspended = "identity.ledger_suspended";
inline constexpr const char* kRuleNotValid = "identity.ledger_not_valid";
inline constexpr const char* kRulePlateColorMismatch = "identity.plate_color_mismatch";
inline constexpr const char* kRuleNoDate = "identity.no_local_date";
inline constexpr const char* kRuleExcessEmission = "lists.excess_emission";
inline constexpr const char* kRuleNotWhitelisted = "lists.not_whitelisted";
inline constexpr const char* kRuleMachineryUnregistered = "machinery.unregistered";
inline constexpr const char* kRuleMachineryFakeRegistration = "machinery.fake_registration";
inline constexpr const char* kRuleMachineryTestReport = "machinery.no_test_report";
inline constexpr const char* kRuleMachineryPositioning = "machinery.positioning";
inline constexpr const char* kRuleStageByClass = "stage.min_by_class";
inline constexpr const char* kRuleAlertStage = "alert.min_stage";
inline constexpr const char* kRulePlatformStrategy = "platform.strategy";
inline constexpr const char* kRuleSharePrefix = "share.";          // + counter, e.g. share.green
inline constexpr const char* kRuleExemptionPrefix = "exemption.";  // + kind, e.g. …hazardous_goods
inline constexpr const char* kRuleAllPassed = "pass.all_rules";
inline constexpr const char* kRuleManualOverride = "manual.override";

gate::v1::Decision decide(const PolicyEngine& engine, const DecisionInput& input,
                          DecisionTrace* trace = nullptr);

// The foundation's inline policy; compiles it on every call (tests and tools, not the lane).
gate::v1::Decision decide(const gate::v1::Policy& policy, const DecisionInput& input);

// "hazardous_goods", "special", "emergency_supply", "platform_granted".
std::string exemption_key(gate::v1::ExemptionKind k);

}  // namespace gate::rules
