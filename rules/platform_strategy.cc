// The platform's control strategies: see platform_strategy.h.
#include "rules/platform_strategy.h"

#include <array>

namespace gate::rules {
namespace {

struct StrategyText {
  PlatformStrategy strategy;
  std::string_view name;
  std::string_view meaning;
  std::string_view meaning_zh;
};

constexpr std::array<StrategyText, 5> kStrategies{{
    {PlatformStrategy::kNone, "none", "no strategy", "无管控策略"},
    {PlatformStrategy::kBanStage3AndBelow, "ban_stage_3_and_below",
     "road transport of China III and below banned", "国三及以下运输车辆禁止通行"},
    {PlatformStrategy::kBanStage4AndBelow, "ban_stage_4_and_below",
     "road transport of China IV and below banned", "国四及以下运输车辆禁止通行"},
    {PlatformStrategy::kBanDiesel4Gas5AndBelow, "ban_diesel_4_gas_5_and_below",
     "road transport of China IV (diesel) and China V (gas) and below banned",
     "国四及以下柴油、国五及以下燃气运输车辆禁止通行"},
    {PlatformStrategy::kStopRoadTransport, "stop_road_transport", "road transport stopped",
     "停止公路运输"},
}};

const StrategyText& text_of(PlatformStrategy s) {
  for (const auto& t : kStrategies) {
    if (t.strategy == s) return t;
  }
  return kStrategies[0];
}

}  // namespace

const std::vector<std::string_view>& strategy_names() {
  static const std::vector<std::string_view> kNames = [] {
    std::vector<std::string_view> out;
    for (const auto& t : kStrategies) out.push_back(t.name);
    return out;
  }();
  return kNames;
}

std::optional<PlatformStrategy> strategy_from_name(std::string_view name) {
  if (name.empty()) return PlatformStrategy::kNone;
  for (const auto& t : kStrategies) {
    if (t.name == name) return t.strategy;
  }
  return std::nullopt;
}

std::string_view strategy_name(PlatformStrategy s) {
  return text_of(s).name;
}

std::string_view strategy_meaning(PlatformStrategy s) {
  return text_of(s).meaning;
}

std::string_view strategy_meaning_zh(PlatformStrategy s) {
  return text_of(s).meaning_zh;
}

}  // namespace gate::rules
