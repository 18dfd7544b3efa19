// How rules are written in explanations ("class minimum China V (diesel only)"). Shared by
// decide() and the policy engine, which writes the texts that depend only on the rules in force
// once, at load time, so that decisions do not rebuild them. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gate/v1/codes.pb.h"
#include "rules/policy_engine.h"

namespace gate::rules {

// "new-energy" for EMISSION_STAGE_ELECTRIC (a new-energy-only rule), else the stage's name.
std::string_view stage_words(gate::v1::EmissionStage min);

// " (diesel/natural gas only)" for a fuel-specific rule; nothing for mask 0.
void append_fuels(std::string& out, uint32_t fuel_mask);

// "class minimum China V, class minimum China IV (diesel only)" with `what` before each rule.
std::string thresholds_text(const std::vector<CompiledStageRule>& rules, const char* what);

// What a passing vehicle of class `c` was checked against at `level`: "thresholds met: class
// minimum China V, orange alert minimum China V", or "no stage threshold applies to class …".
std::string pass_thresholds_text(const ActiveRules& rules, gate::v1::VehicleClass c,
                                 gate::v1::AlertLevel level);

}  // namespace gate::rules
