#include "rules/manual_override.h"

#include "rules/decide.h"
#include "rules/plate.h"

namespace gate::rules {
namespace {

bool blocked_by(const std::string& rule_id, const std::string& pattern) {
  if (pattern.empty()) return false;
  if (pattern.back() == '.') return rule_id.rfind(pattern, 0) == 0;
  return rule_id == pattern;
}

}  // namespace

Result<gate::v1::Decision> manual_release(const PolicyEngine& engine,
                                          const gate::v1::Decision& refused,
                                          std::string_view local_date, int64_t age_s,
                                          const ManualRelease& release) {
  if (refused.verdict() != gate::v1::VERDICT_REFUSE &&
      refused.verdict() != gate::v1::VERDICT_HOLD) {
    return Error{"only a refused or held truck can be released by hand (this one was decided " +
                 refused.rule_id() + ")"};
  }
  if (release.operator_id.empty()) {
    return Error{"operator is required: who releases the truck is recorded with the passage"};
  }
  const ActiveRules* rules = engine.rules_for(local_date);
  const int min_chars = rules ? rules->min_reason_chars : 0;
  const std::size_t chars = utf8_length(release.reason);
  if (chars == 0 || chars < static_cast<std::size_t>(min_chars)) {
    return Error{"reason is required" +
                 (min_chars > 0 ? " (at least " + std::to_string(min_chars) + " characters)"
                                : std::string()) +
                 ": say why the truck may enter despite " + refused.rule_id()};
  }
  const int window = rules ? rules->manual_window_s : 600;
  if (age_s > window) {
    return Error{"the refusal is " + std::to_string(age_s) +
                 " s old; a release is allowed within " + std::to_string(window) +
                 " s of it (the truck must still be at the gate)"};
  }
  if (rules) {
    for (const auto& p : rules->not_overridable) {
      if (blocked_by(refused.rule_id(), p)) {
        return Error{"refusals by " + refused.rule_id() + " cannot be overridden under policy " +
                     engine.label() + " (not_overridable " + p + ")"};
      }
    }
  }
  gate::v1::Decision d;
  d.set_verdict(gate::v1::VERDICT_MANUAL_PASS);
  d.set_rule_id(kRuleManualOverride);
  d.set_display_zh("人工放行");
  d.set_display_en("manual release");
  d.set_reason("人工放行 manual release");
  d.set_policy_version(engine.version());
  d.set_policy_id(engine.id());
  d.set_operator_id(release.operator_id);
  d.set_operator_reason(release.reason);
  d.set_explanation(std::string(kRuleManualOverride) + ": operator " + release.operator_id +
                    " released the truck refused by " + refused.rule_id() + " (" +
                    refused.reason() + ") " + std::to_string(age_s) + " s earlier; reason: " +
                    release.reason + " | refused decision: " + refused.explanation());
  return d;
}

}  // namespace gate::rules
