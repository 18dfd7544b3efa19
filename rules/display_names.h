// Names of codes as the LED display (Chinese, English) and the explanations show them. Pure.
// ASCII numerals in stage names: LED fonts rarely carry Ⅵ.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gate/v1/codes.pb.h"
#include "gate/v1/decision.pb.h"
#include "gate/v1/passage.pb.h"
#include "gate/v1/policy.pb.h"
#include "gate/v1/vehicle.pb.h"

namespace gate::rules {

std::string_view stage_name_zh(gate::v1::EmissionStage s);  // "国IV", "电动", …
std::string_view fuel_name_zh(gate::v1::FuelType f);        // "柴油", "燃气", …
std::string_view class_name(gate::v1::VehicleClass c);      // "transport", "in-plant", …
std::string_view class_name_zh(gate::v1::VehicleClass c);   // "运输车辆", "厂内车辆", …
// The keyword of a vehicle class in ledgers, exports and statistics: "transport", "in_plant",
// "machinery"; "" for UNSPECIFIED.
std::string_view class_key(gate::v1::VehicleClass c);
// The vehicle class of a class_key keyword; nullopt for any other text.
std::optional<gate::v1::VehicleClass> class_from_key(std::string_view key);

// Keywords of verdicts and outcomes in records, exports, metrics and the uplink: "pass",
// "refuse", "hold", "manual_pass"; "passed", "turned_away", "not_passed", "barrier_fault",
// "unconfirmed", "no_vehicle_present", "pending"; confirmations "boom_loop", "next_event",
// "timeout". "" for UNSPECIFIED; the parsers take exactly these keywords.
std::string_view verdict_key(gate::v1::Verdict v);
std::optional<gate::v1::Verdict> verdict_from_key(std::string_view key);
std::string_view outcome_key(gate::v1::PassageOutcome o);
std::optional<gate::v1::PassageOutcome> outcome_from_key(std::string_view key);
std::string_view confirmation_key(gate::v1::PassageConfirmation c);
std::optional<gate::v1::PassageConfirmation> confirmation_from_key(std::string_view key);
// As decision lines and audit records print them: "PASS", "REFUSE", "HOLD", "MANUAL_PASS";
// "?" for UNSPECIFIED.
std::string verdict_label(gate::v1::Verdict v);
// The outcome's keyword, "?" for UNSPECIFIED.
std::string outcome_name(gate::v1::PassageOutcome o);

// UNSPECIFIED counts as NONE; the enum values are otherwise in severity order.
gate::v1::AlertLevel effective_level(gate::v1::AlertLevel a);
std::string_view alert_name(gate::v1::AlertLevel a);     // "none", "yellow", "orange", "red"
std::string_view alert_name_zh(gate::v1::AlertLevel a);  // "无预警", "黄色预警", …
// Accepts none/yellow/orange/red (and the Chinese 黄色/橙色/红色); nullopt-like UNSPECIFIED else.
gate::v1::AlertLevel alert_from_name(std::string_view name);

std::string_view grade_name(gate::v1::PerformanceGrade g);      // "A", "B-", "leading", "ungraded"
std::string_view exemption_name(gate::v1::ExemptionKind k);     // "hazardous goods", …
std::string_view exemption_name_zh(gate::v1::ExemptionKind k);  // "危化品车辆", …
std::string_view share_mode_name(gate::v1::ShareMode m);        // "report", "strict", "budget"

// "国IV柴油车" and "China IV diesel": how the display names a vehicle by stage and fuel.
std::string vehicle_label_zh(const gate::v1::Vehicle& v);
std::string vehicle_label_en(const gate::v1::Vehicle& v);

// A percentage with at most two decimals and no trailing zeros: 80, 72.5, 66.67.
std::string percent_text(double percent);

}  // namespace gate::rules
