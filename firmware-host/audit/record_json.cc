#include "firmware-host/audit/record_json.h"

#include <map>
#include <string>
#include <string_view>

#include "rules/codes.h"
#include "rules/display_names.h"
#include "rules/local_time.h"
#include "rules/plate_color.h"

namespace gate::host {
namespace {

nlohmann::json names_json(std::string_view zh, std::string_view en) {
  return {{"zh", std::string(zh)}, {"en", std::string(en)}};
}

// The key names of a by_* count; `name_of` gives the names of a key from the code table, or
// null for "unknown"/"?", a vehicle the ledger does not know.
template <typename NameOf>
nlohmann::json key_names_json(const std::map<std::string, int>& counts, NameOf name_of) {
  nlohmann::json names = nlohmann::json::object();
  for (const auto& [key, n] : counts) {
    nlohmann::json j = name_of(key);
    names[key] = j.is_null() ? names_json("未登记", "not in ledger") : std::move(j);
  }
  return names;
}

}  // namespace

nlohmann::json stage_names_json(gate::v1::EmissionStage s) {
  return names_json(rules::stage_name_zh(s), rules::stage_name(s));
}

nlohmann::json fuel_names_json(gate::v1::FuelType f) {
  return names_json(rules::fuel_name_zh(f), rules::fuel_name(f));
}

nlohmann::json class_names_json(gate::v1::VehicleClass c) {
  return names_json(rules::class_name_zh(c), rules::class_name(c));
}

std::string passage_stage_code(const gate::v1::Passage& p) {
  return p.vehicle_known() ? std::string(1, rules::stage_to_code(p.vehicle().emission_stage()))
                           : "";
}

std::string passage_fuel_code(const gate::v1::Passage& p) {
  return p.vehicle_known() ? std::string(1, rules::fuel_to_code(p.vehicle().fuel_type())) : "";
}

// The platform's vehicle check at the read; null when none was made.
nlohmann::json check_json(const gate::v1::VehicleCheck& c) {
  if (c.status() == gate::v1::VehicleCheck::STATUS_NONE) return nullptr;
  const bool answered = c.status() == gate::v1::VehicleCheck::STATUS_ANSWERED;
  auto code = [](char ch) { return ch == '?' ? std::string() : std::string(1, ch); };
  return {{"status", answered ? "answered" : "unavailable"},
          {"may_pass", answered ? nlohmann::json(c.may_pass()) : nullptr},
          {"reason", c.reason()},
          {"emission_stage", code(rules::stage_to_code(c.emission_stage()))},
          {"fuel_type", code(rules::fuel_to_code(c.fuel_type()))},
          {"vin", c.vin()},
          {"registration_date", c.registration_date()},
          {"serial", c.serial()},
          {"latency_ms", c.latency_ms()},
          {"ledger_mismatch", c.ledger_mismatch()},
          {"degraded_mode", c.degraded_mode()}};
}

nlohmann::json passage_json(const gate::v1::Passage& p, int off) {
  const int64_t camera_ms = p.read().camera_time_unix_ms();
  return {
      {"seq", p.seq()},
      {"time", rules::local_time(p.time_unix_ms(), off)},
      {"time_unix_ms", p.time_unix_ms()},
      {"camera_time", camera_ms != 0 ? nlohmann::json(rules::local_time(camera_ms, off)) : nullptr},
      {"camera_time_unix_ms", camera_ms != 0 ? nlohmann::json(camera_ms) : nullptr},
      {"gate", p.gate_id()},
      {"lane", p.lane_id()},
      {"direction", static_cast<int>(p.direction())},
      {"plate", p.read().plate_text()},
      {"plate_color", std::string(rules::color_name(p.read().color()))},
      {"confidence", p.read().confidence()},
      {"vehicle_known", p.vehicle_known()},
      {"vin", p.vehicle().vin()},
      {"emission_stage", passage_stage_code(p)},
      {"fuel_type", passage_fuel_code(p)},
      {"stage_name", p.vehicle_known() ? stage_names_json(p.vehicle().emission_stage()) : nullptr},
      {"fuel_name", p.vehicle_known() ? fuel_names_json(p.vehicle().fuel_type()) : nullptr},
      {"decision", rules::verdict_label(p.decision().verdict())},
      {"rule", p.decision().rule_id()},
      {"reason", p.decision().reason()},
      {"policy_version", p.decision().policy_version()},
      {"explanation", p.decision().explanation()},
      {"operator", p.decision().operator_id()},
      {"alert_level", gate::v1::AlertLevel_Name(p.alert_level())},
      {"outcome", rules::outcome_name(p.outcome())},
      {"confirmed_by", std::string(rules::confirmation_key(p.confirmation()))},
      {"image_sha256", p.read().image_sha256()},
      {"closeup_sha256", p.read().closeup_sha256()},
      {"platform_strategy", p.platform_strategy()},
      {"platform_strategy_code", p.platform_strategy_code()},
      {"check", check_json(p.check())}};
}

nlohmann::json vehicle_json(const gate::v1::Vehicle& v) {
  return {{"plate", v.plate()},
          {"plate_color", std::string(rules::color_name(v.plate_color()))},
          {"class", std::string(rules::class_name(v.vehicle_class()))},
          {"class_name", class_names_json(v.vehicle_class())},
          {"vin", v.vin()},
          {"engine_no", v.engine_no()},
          {"registration_date", v.registration_date()},
          {"emission_stage", std::string(1, rules::stage_to_code(v.emission_stage()))},
          {"fuel_type", std::string(1, rules::fuel_to_code(v.fuel_type()))},
          {"stage_name", stage_names_json(v.emission_stage())},
          {"fuel_name", fuel_names_json(v.fuel_type())},
          {"vehicle_type", v.vehicle_type()},
          {"use", v.use()},
          {"fleet", v.fleet()},
          {"owner", v.owner()},
          {"registration_code", v.registration_code()},
          {"valid_from", v.valid_from()},
          {"valid_until", v.valid_until()},
          {"suspended", v.suspended()},
          {"exemption", std::string(rules::exemption_name(v.exemption()))},
          {"exemption_basis", v.exemption_basis()},
          {"exemption_until", v.exemption_until()},
          {"test_report_valid_until", v.test_report_valid_until()}};
}

nlohmann::json day_counts_json(const DayStats& d) {
  const auto stage = [](const std::string& code) -> nlohmann::json {
    const auto s = rules::stage_from_code(code);
    return s ? stage_names_json(*s) : nullptr;
  };
  const auto fuel = [](const std::string& code) -> nlohmann::json {
    const auto f = rules::fuel_from_code(code);
    return f ? fuel_names_json(*f) : nullptr;
  };
  const auto vehicle_class = [](const std::string& key) -> nlohmann::json {
    const auto c = rules::class_from_key(key);
    return c ? class_names_json(*c) : nullptr;
  };
  return {{"passages", d.passages},
          {"passed", d.passed},
          {"refused", d.refused},
          {"manual", d.manual},
          {"trucks_released", d.trucks_released},
          {"green_trucks_released", d.green_trucks_released},
          {"green_share", d.green_share()},
          {"by_class", d.by_class},
          {"by_stage", d.by_stage},
          {"by_fuel", d.by_fuel},
          {"names",
           {{"by_class", key_names_json(d.by_class, vehicle_class)},
            {"by_stage", key_names_json(d.by_stage, stage)},
            {"by_fuel", key_names_json(d.by_fuel, fuel)}}}};
}

}  // namespace gate::host
