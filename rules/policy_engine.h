// A policy set compiled for one enterprise: the rule sets that bind it, merged into one table
// of active rules per stretch of dates, so that decide() only looks rules up (docs/domain.md §4).
//
// Compile() validates the set fully (rules/policy_validate.h), keeps the rule sets whose
// applicability matches the enterprise profile, and cuts the calendar at every effective date:
// between two cuts the active rules do not change. rules_for(date) is a binary search over
// those cuts. The engine is immutable once built; gated swaps a whole engine on reload.
#pragma once

#include <array>
#include <climits>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gate/v1/codes.pb.h"
#include "gate/v1/policy.pb.h"
#include "rules/result.h"

namespace gate::rules {

// Index of a rule set in PolicyEngine::rule_sets(); -1 = none.
using RuleSetIndex = int;

struct CompiledStageRule {
  gate::v1::EmissionStage min_stage = gate::v1::EMISSION_STAGE_UNSPECIFIED;
  uint32_t fuel_mask = 0;  // bit per FuelType; 0 = every fuel
  gate::v1::AlertLevel level = gate::v1::ALERT_LEVEL_UNSPECIFIED;  // alert rules only
  // Ledger vehicle types bound ("N3"); empty = every type.
  std::vector<std::string> vehicle_types;
  bool binds_untyped = false;
  int registered_from = INT_MIN;  // day number; INT_MIN = every vehicle
  std::string note;
  RuleSetIndex rule_set = -1;
};

struct CompiledShareRule {
  std::string counter;
  std::string rule_id;  // "share.<counter>"
  double target_percent = 0;
  int64_t target_bp = 0;  // basis points (1/100 of a percent): exact arithmetic
  gate::v1::ShareMode mode = gate::v1::SHARE_MODE_REPORT;  // enterprise override applied
  bool mode_chosen_by_plant = false;  // the enterprise profile's share_mode set it
  gate::v1::EmissionStage counts_min_stage = gate::v1::EMISSION_STAGE_ELECTRIC;
  int64_t opening_allowance = 0;
  uint32_t class_mask = 0;      // bit per VehicleClass
  uint32_t direction_mask = 0;  // bit per Direction
  RuleSetIndex rule_set = -1;
};

struct CompiledExemption {
  uint32_t waives = 0;  // bit per RuleFamily
  RuleSetIndex rule_set = -1;
};

// The rules in force on a stretch of days, for this enterprise.
struct ActiveRules {
  int first_day = 0;  // inclusive; INT_MIN for the open start
  int last_day = 0;   // inclusive; INT_MAX for the open end

  double min_confidence = 0;
  RuleSetIndex min_confidence_from = -1;
  gate::v1::PlateColorCheck color_check = gate::v1::PLATE_COLOR_CHECK_OFF;
  RuleSetIndex color_check_from = -1;
  // A plate in no ledger is decided on the platform's vehicle data: some rule set in force says
  // UNKNOWN_VEHICLE_PLATFORM_DATA and none says UNKNOWN_VEHICLE_REFUSE.
  bool unknown_on_platform_data = false;
  bool unknown_refused = false;  // a rule set said UNKNOWN_VEHICLE_REFUSE
  RuleSetIndex unknown_vehicle_from = -1;

  bool refuse_excess_emission = false;
  RuleSetIndex excess_from = -1;
  gate::v1::AlertLevel whitelist_only_from = gate::v1::ALERT_LEVEL_UNSPECIFIED;
  uint32_t whitelist_class_mask = 0;
  RuleSetIndex whitelist_from = -1;

  bool require_registration = false, require_test_report = false, require_positioning = false;
  RuleSetIndex machinery_from = -1;

  // Indexed by VehicleClass.
  std::array<std::vector<CompiledStageRule>, 4> stage;
  // Indexed by [AlertLevel][VehicleClass]: every alert rule at or below that level (cumulative).
  std::array<std::array<std::vector<CompiledStageRule>, 4>, 5> alert;

  std::vector<CompiledShareRule> shares;
  std::array<CompiledExemption, 5> exemptions;  // indexed by ExemptionKind

  int min_reason_chars = 0;
  std::vector<std::string> not_overridable;
  int manual_window_s = 600;

  std::vector<RuleSetIndex> rule_sets;  // the rule sets in force, in file order

  // Written once at load: what a passing vehicle was checked against, by [AlertLevel][class]
  // (rules/rule_text.h), so that decisions do not rebuild it.
  std::array<std::array<std::string, 4>, 5> pass_text;
  // The end of every explanation's inputs: "; enterprise steel grade B double-high; policy
  // henan-jiaozuo-2025 2025.11-1 (min confidence 0.8)".
  std::string inputs_tail;
};

class PolicyEngine {
 public:
  // Validates and compiles. The error lists every issue, one per line, as "path: message".
  static Result<std::shared_ptr<const PolicyEngine>> Compile(
      gate::v1::PolicySet set, gate::v1::EnterpriseProfile enterprise);
  // The foundation's inline policy as one undated rule set (id "inline").
  static std::shared_ptr<const PolicyEngine> FromInline(const gate::v1::Policy& policy);
  // The PolicySet an inline policy stands for.
  static gate::v1::PolicySet InlineAsSet(const gate::v1::Policy& policy);

  // The rules for a local date "YYYY-MM-DD"; nullptr when the date is not a date and the
  // policy has dated rules (an undated policy answers for any date, also an empty one).
  const ActiveRules* rules_for(std::string_view local_date) const;
  const ActiveRules& rules_for_day(int day) const;
  bool dated() const { return segments_.size() > 1; }

  const gate::v1::PolicySet& policy_set() const { return set_; }
  const gate::v1::EnterpriseProfile& enterprise() const { return enterprise_; }
  const std::string& id() const { return set_.id(); }
  const std::string& version() const { return set_.version(); }
  // The policy set's definition with the plant's plug-in hybrid choice applied.
  const gate::v1::NewEnergyDefinition& new_energy() const { return new_energy_; }
  const gate::v1::RuleSet& rule_set(RuleSetIndex i) const { return set_.rule_sets(i); }
  // Rule sets whose applicability matches the enterprise (whatever their dates).
  const std::vector<RuleSetIndex>& applicable() const { return applicable_; }
  // Rule sets left out for this enterprise, with the reason ("industry steel not in [cement]").
  const std::vector<std::pair<RuleSetIndex, std::string>>& not_applicable() const {
    return not_applicable_;
  }
  // Every cut: the stretches of days with their active rules, in date order.
  const std::vector<ActiveRules>& segments() const { return segments_; }

  // Share-window settings with defaults filled in.
  int day_start_minute() const { return set_.share().day_start_minute(); }
  int call_timeout_s() const;
  int max_wait_s() const;

  // "henan-jiaozuo-2025 2025.3" for logs.
  std::string label() const { return id() + " " + version(); }

 private:
  PolicyEngine() = default;
  void build();

  gate::v1::PolicySet set_;
  gate::v1::EnterpriseProfile enterprise_;
  gate::v1::NewEnergyDefinition new_energy_;
  std::vector<RuleSetIndex> applicable_;
  std::vector<std::pair<RuleSetIndex, std::string>> not_applicable_;
  std::vector<int> cuts_;  // first day of segments_[1..]
  std::vector<ActiveRules> segments_;
};

// Why a rule set does or does not bind an enterprise: empty when it applies. `set` supplies the
// defaults of the choices the profile leaves open.
std::string applicability_mismatch(const gate::v1::Applicability& a,
                                   const gate::v1::EnterpriseProfile& e,
                                   const gate::v1::PolicySet& set);

// "a, b, c": a policy list for messages.
std::string comma_list(const google::protobuf::RepeatedPtrField<std::string>& items);

// The option the plant runs for choice `name`: its selection, else the choice's default; empty
// when the set has no such choice.
std::string selected_option(const gate::v1::PolicySet& set, const gate::v1::EnterpriseProfile& e,
                            std::string_view name);

}  // namespace gate::rules
