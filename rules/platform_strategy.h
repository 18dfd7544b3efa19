// The regional platform's control strategy (PLATFORMS.md §1 and §4: "strategy 1–4") as the
// rules read it. Platforms send it as a code (gate.v1.ControlMeasures.strategy_code); the
// profile's DOMAIN_CONTROL_STRATEGY table turns it into one of our names below, which the
// decision honours as its own rule (kRulePlatformStrategy in rules/decide.h). Pure.
//
// Our reading of the one-line descriptions (to be confirmed against the platform's document):
// - ban_stage_3_and_below (1): road transport trucks of China III and below are refused;
// - ban_stage_4_and_below (2): … of China IV and below;
// - ban_diesel_4_gas_5_and_below (3): as 2, and gas trucks (natural gas, LPG) of China V too;
//   China V diesel passes;
// - stop_road_transport (4): every road transport vehicle is refused, new-energy included
//   (the text says "stop road transport", not "stop fuel trucks").
// Only vehicle class transport is bound: in-plant vehicles and non-road machinery are not road
// transport. New-energy vehicles (electric, fuel cell, stage D) pass strategies 1–3. A vehicle
// whose stage is not known is refused by 1–3: a ban that cannot be checked is not taken as met.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gate::rules {

enum class PlatformStrategy {
  kNone,
  kBanStage3AndBelow,
  kBanStage4AndBelow,
  kBanDiesel4Gas5AndBelow,
  kStopRoadTransport,
};

// The platform's strategy in force, with what explanations name: its own code and document.
struct PlatformStrategyInput {
  PlatformStrategy strategy = PlatformStrategy::kNone;
  std::string code;       // the platform's code, e.g. "3"; "" when not known
  std::string reference;  // the platform's document number; "" when not given
};

// Our names, in strategy order: "none", "ban_stage_3_and_below", …
const std::vector<std::string_view>& strategy_names();
// kNone for "" and "none"; nullopt for a name that is not ours.
std::optional<PlatformStrategy> strategy_from_name(std::string_view name);
std::string_view strategy_name(PlatformStrategy s);
// "China III and below banned" / "国三及以下车辆禁止通行".
std::string_view strategy_meaning(PlatformStrategy s);
std::string_view strategy_meaning_zh(PlatformStrategy s);

}  // namespace gate::rules
