#include "rules/display_names.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>

#include "rules/codes.h"

namespace gate::rules {
namespace {

constexpr std::array<std::pair<gate::v1::Verdict, std::string_view>, 4> kVerdictKeys = {{
    {gate::v1::VERDICT_PASS, "pass"},
    {gate::v1::VERDICT_REFUSE, "refuse"},
    {gate::v1::VERDICT_HOLD, "hold"},
    {gate::v1::VERDICT_MANUAL_PASS, "manual_pass"},
}};

constexpr std::array<std::pair<gate::v1::PassageOutcome, std::string_view>, 7> kOutcomeKeys = {{
    {gate::v1::PASSAGE_OUTCOME_PENDING, "pending"},
    {gate::v1::PASSAGE_OUTCOME_PASSED, "passed"},
    {gate::v1::PASSAGE_OUTCOME_TURNED_AWAY, "turned_away"},
    {gate::v1::PASSAGE_OUTCOME_NOT_PASSED, "not_passed"},
    {gate::v1::PASSAGE_OUTCOME_BARRIER_FAULT, "barrier_fault"},
    {gate::v1::PASSAGE_OUTCOME_UNCONFIRMED, "unconfirmed"},
    {gate::v1::PASSAGE_OUTCOME_NO_VEHICLE_PRESENT, "no_vehicle_present"},
}};

constexpr std::array<std::pair<gate::v1::PassageConfirmation, std::string_view>, 3>
    kConfirmationKeys = {{
        {gate::v1::PASSAGE_CONFIRMATION_BOOM_LOOP, "boom_loop"},
        {gate::v1::PASSAGE_CONFIRMATION_NEXT_EVENT, "next_event"},
        {gate::v1::PASSAGE_CONFIRMATION_TIMEOUT, "timeout"},
    }};

template <typename Enum, std::size_t N>
std::string_view key_of(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum e) {
  for (const auto& [value, key] : table) {
    if (value == e) return key;
  }
  return "";
}

template <typename Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, N>& table,
                             std::string_view key) {
  for (const auto& [value, k] : table) {
    if (k == key) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view verdict_key(gate::v1::Verdict v) {
  return key_of(kVerdictKeys, v);
}

std::optional<gate::v1::Verdict> verdict_from_key(std::string_view key) {
  return value_of(kVerdictKeys, key);
}

std::string_view outcome_key(gate::v1::PassageOutcome o) {
  return key_of(kOutcomeKeys, o);
}

std::optional<gate::v1::PassageOutcome> outcome_from_key(std::string_view key) {
  return value_of(kOutcomeKeys, key);
}

std::string_view confirmation_key(gate::v1::PassageConfirmation c) {
  return key_of(kConfirmationKeys, c);
}

std::optional<gate::v1::PassageConfirmation> confirmation_from_key(std::string_view key) {
  return value_of(kConfirmationKeys, key);
}

std::string verdict_label(gate::v1::Verdict v) {
  std::string label(verdict_key(v));
  if (label.empty()) return "?";
  std::transform(label.begin(), label.end(), label.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return label;
}

std::string outcome_name(gate::v1::PassageOutcome o) {
  const std::string_view key = outcome_key(o);
  return key.empty() ? "?" : std::string(key);
}

std::string_view class_key(gate::v1::VehicleClass c) {
  switch (c) {
    case gate::v1::VEHICLE_CLASS_TRANSPORT:
      return "transport";
    case gate::v1::VEHICLE_CLASS_IN_PLANT:
      return "in_plant";
    case gate::v1::VEHICLE_CLASS_NON_ROAD_MACHINERY:
      return "machinery";
    default:
      return "";
  }
}

std::optional<gate::v1::VehicleClass> class_from_key(std::string_view key) {
  for (const auto c : {gate::v1::VEHICLE_CLASS_TRANSPORT, gate::v1::VEHICLE_CLASS_IN_PLANT,
                       gate::v1::VEHICLE_CLASS_NON_ROAD_MACHINERY}) {
    if (class_key(c) == key) return c;
  }
  return std::nullopt;
}

std::string_view stage_name_zh(gate::v1::EmissionStage s) {
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

std::string_view fuel_name_zh(gate::v1::FuelType f) {
  switch (f) {
    case gate::v1::FUEL_TYPE_PETROL:
      return "汽油";
    case gate::v1::FUEL_TYPE_DIESEL:
      return "柴油";
    case gate::v1::FUEL_TYPE_ELECTRIC:
      return "纯电动";
    case gate::v1::FUEL_TYPE_MIXED_OIL:
      return "混合油";
    case gate::v1::FUEL_TYPE_NATURAL_GAS:
      return "燃气";
    case gate::v1::FUEL_TYPE_LPG:
      return "液化石油气";
    case gate::v1::FUEL_TYPE_METHANOL:
      return "甲醇";
    case gate::v1::FUEL_TYPE_ETHANOL:
      return "乙醇";
    case gate::v1::FUEL_TYPE_SOLAR:
      return "太阳能";
    case gate::v1::FUEL_TYPE_HYBRID:
      return "混动";
    case gate::v1::FUEL_TYPE_NONE:
      return "无燃料";
    case gate::v1::FUEL_TYPE_OTHER:
      return "其他燃料";
    case gate::v1::FUEL_TYPE_FUEL_CELL:
      return "氢燃料";
    default:
      return "燃料未知";
  }
}

std::string_view class_name(gate::v1::VehicleClass c) {
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

std::string_view class_name_zh(gate::v1::VehicleClass c) {
  switch (c) {
    case gate::v1::VEHICLE_CLASS_TRANSPORT:
      return "运输车辆";
    case gate::v1::VEHICLE_CLASS_IN_PLANT:
      return "厂内车辆";
    case gate::v1::VEHICLE_CLASS_NON_ROAD_MACHINERY:
      return "非道路机械";
    default:
      return "车辆";
  }
}

gate::v1::AlertLevel effective_level(gate::v1::AlertLevel a) {
  return a == gate::v1::ALERT_LEVEL_UNSPECIFIED ? gate::v1::ALERT_LEVEL_NONE : a;
}

std::string_view alert_name(gate::v1::AlertLevel a) {
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

std::string_view alert_name_zh(gate::v1::AlertLevel a) {
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

gate::v1::AlertLevel alert_from_name(std::string_view n) {
  if (n == "none" || n == "无" || n == "无预警") return gate::v1::ALERT_LEVEL_NONE;
  if (n == "yellow" || n == "黄色" || n == "黄色预警") return gate::v1::ALERT_LEVEL_YELLOW;
  if (n == "orange" || n == "橙色" || n == "橙色预警") return gate::v1::ALERT_LEVEL_ORANGE;
  if (n == "red" || n == "红色" || n == "红色预警") return gate::v1::ALERT_LEVEL_RED;
  return gate::v1::ALERT_LEVEL_UNSPECIFIED;
}

std::string_view grade_name(gate::v1::PerformanceGrade g) {
  switch (g) {
    case gate::v1::PERFORMANCE_GRADE_A:
      return "A";
    case gate::v1::PERFORMANCE_GRADE_B:
      return "B";
    case gate::v1::PERFORMANCE_GRADE_B_MINUS:
      return "B-";
    case gate::v1::PERFORMANCE_GRADE_C:
      return "C";
    case gate::v1::PERFORMANCE_GRADE_D:
      return "D";
    case gate::v1::PERFORMANCE_GRADE_LEADING:
      return "leading";
    case gate::v1::PERFORMANCE_GRADE_LOCAL_B:
      return "local B";
    case gate::v1::PERFORMANCE_GRADE_LOCAL_C:
      return "local C";
    default:
      return "ungraded";
  }
}

std::string_view exemption_name(gate::v1::ExemptionKind k) {
  switch (k) {
    case gate::v1::EXEMPTION_KIND_SPECIAL:
      return "special vehicle";
    case gate::v1::EXEMPTION_KIND_HAZARDOUS_GOODS:
      return "hazardous goods";
    case gate::v1::EXEMPTION_KIND_EMERGENCY_SUPPLY:
      return "emergency supply";
    case gate::v1::EXEMPTION_KIND_PLATFORM_GRANTED:
      return "platform-granted";
    default:
      return "none";
  }
}

std::string_view exemption_name_zh(gate::v1::ExemptionKind k) {
  switch (k) {
    case gate::v1::EXEMPTION_KIND_SPECIAL:
      return "特种车辆";
    case gate::v1::EXEMPTION_KIND_HAZARDOUS_GOODS:
      return "危化品车辆";
    case gate::v1::EXEMPTION_KIND_EMERGENCY_SUPPLY:
      return "保供车辆";
    case gate::v1::EXEMPTION_KIND_PLATFORM_GRANTED:
      return "平台豁免车辆";
    default:
      return "无豁免";
  }
}

std::string_view share_mode_name(gate::v1::ShareMode m) {
  switch (m) {
    case gate::v1::SHARE_MODE_REPORT:
      return "report";
    case gate::v1::SHARE_MODE_STRICT:
      return "strict";
    case gate::v1::SHARE_MODE_BUDGET:
      return "budget";
    default:
      return "unspecified";
  }
}

std::string vehicle_label_zh(const gate::v1::Vehicle& v) {
  if (v.emission_stage() == gate::v1::EMISSION_STAGE_ELECTRIC ||
      v.fuel_type() == gate::v1::FUEL_TYPE_ELECTRIC) {
    return "纯电动车";
  }
  std::string out;
  out.reserve(32);
  out.append(stage_name_zh(v.emission_stage())).append(fuel_name_zh(v.fuel_type())).append("车");
  return out;
}

std::string vehicle_label_en(const gate::v1::Vehicle& v) {
  if (v.emission_stage() == gate::v1::EMISSION_STAGE_ELECTRIC ||
      v.fuel_type() == gate::v1::FUEL_TYPE_ELECTRIC) {
    return "electric";
  }
  std::string out;
  out.reserve(32);
  out.append(stage_name(v.emission_stage())).append(" ").append(fuel_name(v.fuel_type()));
  return out;
}

std::string percent_text(double percent) {
  // Integer hundredths: no printf on the decision path.
  const bool negative = percent < 0;
  const auto hundredths = static_cast<int64_t>(std::llround(std::fabs(percent) * 100));
  std::string out = negative && hundredths != 0 ? "-" : "";
  out += std::to_string(hundredths / 100);
  const int64_t frac = hundredths % 100;
  if (frac != 0) {
    out += '.';
    out += static_cast<char>('0' + frac / 10);
    if (frac % 10 != 0) out += static_cast<char>('0' + frac % 10);
  }
  return out;
}

}  // namespace gate::rules
