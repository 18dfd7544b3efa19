#include "rules/decide.h"

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "rules/codes.h"
#include "rules/plate.h"
#include "rules/plate_color.h"

namespace gate::rules {
namespace {

using gate::v1::AlertLevel;
using gate::v1::EmissionStage;
using gate::v1::Policy;
using gate::v1::Vehicle;
using gate::v1::VehicleClass;

// What a refusing rule family reports; decide() turns it into a Decision.
struct Refusal {
  const char* rule_id;
  std::string reason;  // short, for the LED
  std::string detail;  // what the rule compared, for the explanation
};

using FamilyResult = std::optional<Refusal>;

// ---- names used in reasons and explanations ----

// Short Chinese stage names for the LED (ASCII numerals: LED fonts rarely carry Ⅵ).
std::string_view stage_name_zh(EmissionStage s) {
  switch (s) {
    case gate::v1::EMISSION_STAGE_CHINA_0:
      return "国0";
    case gate::v1::EMISSION_STAGE_CHINA_I:
      return "国I";
    case gate::v1::EMISSION_STAGE_CHINA_II:
      return "国II";
    case gate::v1::EMISSION_STAGE_CHINA_III:
      return "国III";
    case gate::v1::EMISSION_STAGE_CHINA_IV:
      return "国IV";
    case gate::v1::EMISSION_STAGE_CHINA_V:
      return "国V";
    case gate::v1::EMISSION_STAGE_CHINA_VI:
      return "国VI";
    case gate::v1::EMISSION_STAGE_ELECTRIC:
      return "电动";
    case gate::v1::EMISSION_STAGE_NONE:
      return "无排放阶段";
    default:
      return "排放阶段未知";
  }
}

std::string_view class_name(VehicleClass c) {
  switch (c) {
    case gate::v1::VEHICLE_CLASS_TRANSPORT:
      return "transport";
    case gate::v1::VEHICLE_CLASS_IN_PLANT:
      return "in-plant";
    case gate::v1::VEHICLE_CLASS_NON_ROAD_MACHINERY:
      return "non-road machinery";
    default:
      return "unspecified";
  }
}

// UNSPECIFIED counts as NONE; the enum values are otherwise in severity order.
AlertLevel effective_level(AlertLevel a) {
  return a == gate::v1::ALERT_LEVEL_UNSPECIFIED ? gate::v1::ALERT_LEVEL_NONE : a;
}

std::string_view alert_name(AlertLevel a) {
  switch (effective_level(a)) {
    case gate::v1::ALERT_LEVEL_YELLOW:
      return "yellow";
    case gate::v1::ALERT_LEVEL_ORANGE:
      return "orange";
    case gate::v1::ALERT_LEVEL_RED:
      return "red";
    default:
      return "none";
  }
}

std::string_view alert_name_zh(AlertLevel a) {
  switch (effective_level(a)) {
    case gate::v1::ALERT_LEVEL_YELLOW:
      return "黄色预警";
    case gate::v1::ALERT_LEVEL_ORANGE:
      return "橙色预警";
    case gate::v1::ALERT_LEVEL_RED:
      return "红色预警";
    default:
      return "无预警";
  }
}

std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

std::string s(std::string_view v) {
  return std::string(v);
}

// Inputs every decision looked at, in one line for auditors.
std::string describe_inputs(const Policy& policy, const DecisionInput& in) {
  std::string out = "plate '" + in.read.plate_text() + "' read colour " +
                    s(color_name(in.read.color())) + " confidence " +
                    format_number(in.read.confidence());
  if (const Vehicle* v = in.vehicle) {
    out += "; ledger: class " + s(class_name(v->vehicle_class())) + ", stage " +
           s(stage_name(v->emission_stage())) + ", fuel " + s(fuel_name(v->fuel_type())) +
           ", colour " + s(color_name(v->plate_color())) + ", valid " +
           (v->valid_from().empty() ? "open" : v->valid_from()) + ".." +
           (v->valid_until().empty() ? "open" : v->valid_until()) +
           (v->suspended() ? ", suspended" : "");
  } else {
    out += "; ledger: no entry";
  }
  out += "; alert " + s(alert_name(in.context.alert_level)) + "; date " +
         (in.context.local_date.empty() ? "not given" : in.context.local_date) + "; policy " +
         policy.version();
  if (policy.min_confidence() > 0) {
    out += " (min confidence " + format_number(policy.min_confidence()) + ")";
  }
  return out;
}

// A vehicle below `min` fails a stage rule; new-energy vehicles always satisfy one.
bool meets_stage(const Vehicle& v, EmissionStage min) {
  return is_new_energy(v) || stage_rank(v.emission_stage()) >= stage_rank(min);
}

std::string stage_shortfall(const Vehicle& v, EmissionStage min) {
  return s(stage_name_zh(v.emission_stage())) + " 低于 " + s(stage_name_zh(min)) + " 要求 " +
         s(stage_name(v.emission_stage())) + " below " + s(stage_name(min));
}

// ---- rule families, in evaluation order ----

// 1. Identity: the plate, the read and the ledger entry.
FamilyResult check_identity(const Policy& policy, const DecisionInput& in) {
  auto plate = parse_plate(in.read.plate_text());
  if (!plate.ok()) {
    return Refusal{kRulePlateInvalid, "车牌无效 invalid plate", "plate invalid: " + plate.error()};
  }
  if (policy.min_confidence() > 0 && in.read.confidence() < policy.min_confidence()) {
    return Refusal{kRuleLowConfidence, "识别不清 请重试 low read confidence",
                   "confidence " + format_number(in.read.confidence()) + " below minimum " +
                       format_number(policy.min_confidence())};
  }
  const Vehicle* v = in.vehicle;
  if (v == nullptr) {
    return Refusal{kRuleUnknownVehicle, "未登记车辆 unknown vehicle",
                   "plate " + plate.value().text + " is in no ledger"};
  }
  if (v->suspended()) {
    return Refusal{kRuleSuspended, "台账已停用 ledger suspended", "ledger entry is suspended"};
  }
  const std::string& date = in.context.local_date;
  const bool bounded = !v->valid_from().empty() || !v->valid_until().empty();
  if (bounded && date.empty()) {
    // Fail closed: a validity period that cannot be checked is not taken as met.
    return Refusal{kRuleNotValid, "台账有效期无法核验 validity unchecked",
                   "ledger has a validity period but no local date was given"};
  }
  if (!v->valid_from().empty() && date < v->valid_from()) {
    return Refusal{kRuleNotValid, "台账未生效 ledger not yet valid",
                   "date " + date + " before valid_from " + v->valid_from()};
  }
  if (!v->valid_until().empty() && date > v->valid_until()) {
    return Refusal{kRuleNotValid, "台账已过期 ledger expired",
                   "date " + date + " after valid_until " + v->valid_until()};
  }
  return std::nullopt;
}

// 2. Minimum emission stage by vehicle class (every matching rule applies).
FamilyResult check_stage_by_class(const Policy& policy, const DecisionInput& in) {
  const Vehicle& v = *in.vehicle;
  for (const auto& rule : policy.stage_rules()) {
    if (rule.vehicle_class() != v.vehicle_class()) continue;
    if (meets_stage(v, rule.min_stage())) continue;
    return Refusal{kRuleStageByClass, stage_shortfall(v, rule.min_stage()),
                   "class " + s(class_name(v.vehicle_class())) + " needs at least " +
                       s(stage_name(rule.min_stage())) + "; vehicle has " +
                       s(stage_name(v.emission_stage())) + ", fuel " + s(fuel_name(v.fuel_type())) +
                       ", not new-energy"};
  }
  return std::nullopt;
}

// 3. Alert level × stage: rules at or below the level in force apply cumulatively. When
// several refuse, the strictest (highest minimum stage) is reported, so the LED names what
// the vehicle would actually need today.
FamilyResult check_alert_stage(const Policy& policy, const DecisionInput& in) {
  const Vehicle& v = *in.vehicle;
  const AlertLevel level = effective_level(in.context.alert_level);
  const gate::v1::AlertStageRule* worst = nullptr;
  for (const auto& rule : policy.alert_rules()) {
    if (effective_level(rule.level()) > level) continue;
    if (rule.vehicle_class() != v.vehicle_class()) continue;
    if (meets_stage(v, rule.min_stage())) continue;
    if (worst == nullptr || stage_rank(rule.min_stage()) > stage_rank(worst->min_stage())) {
      worst = &rule;
    }
  }
  if (worst == nullptr) return std::nullopt;
  return Refusal{
      kRuleAlertStage, s(alert_name_zh(level)) + " " + stage_shortfall(v, worst->min_stage()),
      "alert " + s(alert_name(level)) + " (rule from " + s(alert_name(worst->level())) +
          "): class " + s(class_name(v.vehicle_class())) + " needs at least " +
          s(stage_name(worst->min_stage())) + "; vehicle has " + s(stage_name(v.emission_stage())) +
          ", fuel " + s(fuel_name(v.fuel_type())) + ", not new-energy"};
}

// The stage thresholds that applied to this vehicle, for the explanation of a pass.
std::string applied_thresholds(const Policy& policy, const DecisionInput& in) {
  const Vehicle& v = *in.vehicle;
  const AlertLevel level = effective_level(in.context.alert_level);
  std::string out;
  for (const auto& rule : policy.stage_rules()) {
    if (rule.vehicle_class() != v.vehicle_class()) continue;
    out += (out.empty() ? "" : ", ") + s("class minimum ") + s(stage_name(rule.min_stage()));
  }
  for (const auto& rule : policy.alert_rules()) {
    if (effective_level(rule.level()) > level) continue;
    if (rule.vehicle_class() != v.vehicle_class()) continue;
    out += (out.empty() ? "" : ", ") + s(alert_name(rule.level())) + " alert minimum " +
           s(stage_name(rule.min_stage()));
  }
  return out.empty() ? "no stage threshold applies to class " + s(class_name(v.vehicle_class()))
                     : "thresholds met: " + out;
}

using Family = FamilyResult (*)(const Policy&, const DecisionInput&);

// Evaluation order. Families after identity may assume a parsed plate and a ledger entry.
constexpr Family kFamilies[] = {check_identity, check_stage_by_class, check_alert_stage};

}  // namespace

gate::v1::Decision decide(const Policy& policy, const DecisionInput& input) {
  gate::v1::Decision d;
  d.set_policy_version(policy.version());
  const std::string inputs = describe_inputs(policy, input);
  for (Family family : kFamilies) {
    if (FamilyResult r = family(policy, input)) {
      d.set_verdict(gate::v1::VERDICT_REFUSE);
      d.set_rule_id(r->rule_id);
      d.set_reason(std::move(r->reason));
      d.set_explanation(std::string(r->rule_id) + ": " + r->detail + " | inputs: " + inputs);
      return d;
    }
  }
  d.set_verdict(gate::v1::VERDICT_PASS);
  d.set_rule_id(kRuleAllPassed);
  d.set_reason("放行 pass");
  d.set_explanation(std::string(kRuleAllPassed) + ": " + applied_thresholds(policy, input) +
                    (is_new_energy(*input.vehicle) ? " (vehicle is new-energy)" : "") +
                    " | inputs: " + inputs);
  return d;
}

}  // namespace gate::rules
