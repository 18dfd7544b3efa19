#include "rules/rule_text.h"

#include "rules/codes.h"
#include "rules/display_names.h"

namespace gate::rules {

std::string_view stage_words(gate::v1::EmissionStage min) {
  return min == gate::v1::EMISSION_STAGE_ELECTRIC ? std::string_view("new-energy")
                                                  : stage_name(min);
}

void append_fuels(std::string& out, uint32_t mask) {
  if (mask == 0) return;
  out += " (";
  bool first = true;
  for (int f = 1; f < 32; ++f) {
    if (!(mask & (1u << f))) continue;
    if (!first) out += '/';
    first = false;
    out.append(fuel_name(static_cast<gate::v1::FuelType>(f)));
  }
  out += " only)";
}

std::string thresholds_text(const std::vector<CompiledStageRule>& rules, const char* what) {
  std::string out;
  for (const auto& r : rules) {
    if (!out.empty()) out += ", ";
    out.append(what).append(stage_words(r.min_stage));
    append_fuels(out, r.fuel_mask);
  }
  return out;
}

std::string pass_thresholds_text(const ActiveRules& rules, gate::v1::VehicleClass cls,
                                 gate::v1::AlertLevel level) {
  const auto c = static_cast<std::size_t>(cls > 0 && cls < 4 ? cls : 0);
  const auto& alert_rules = rules.alert[static_cast<std::size_t>(effective_level(level))][c];
  if (rules.stage[c].empty() && alert_rules.empty()) {
    return "no stage threshold applies to class " + std::string(class_name(cls));
  }
  std::string out = "thresholds met: " + thresholds_text(rules.stage[c], "class minimum ");
  bool first = rules.stage[c].empty();
  for (const auto& r : alert_rules) {
    if (!first) out += ", ";
    first = false;
    out.append(alert_name(r.level)).append(" alert minimum ").append(stage_words(r.min_stage));
    append_fuels(out, r.fuel_mask);
  }
  return out;
}

}  // namespace gate::rules
