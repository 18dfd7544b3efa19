#include "firmware-host/audit/record_json.h"

#include "rules/codes.h"
#include "rules/display_names.h"
#include "rules/local_time.h"
#include "rules/plate_color.h"

namespace gate::host {

std::string passage_stage_code(const gate::v1::Passage& p) {
  return p.vehicle_known() ? std::string(1, rules::stage_to_code(p.vehicle().emission_stage()))
                           : "";
}

std::string passage_fuel_code(const gate::v1::Passage& p) {
  return p.vehicle_known() ? std::string(1, rules::fuel_to_code(p.vehicle().fuel_type())) : "";
}

nlohmann::json passage_json(const gate::v1::Passage& p, int off) {
  return {{"seq", p.seq()},
          {"time", rules::local_time(p.time_unix_ms(), off)},
          {"time_unix_ms", p.time_unix_ms()},
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
          {"decision", rules::verdict_label(p.decision().verdict())},
          {"rule", p.decision().rule_id()},
          {"reason", p.decision().reason()},
          {"policy_version", p.decision().policy_version()},
          {"explanation", p.decision().explanation()},
          {"operator", p.decision().operator_id()},
          {"alert_level", gate::v1::AlertLevel_Name(p.alert_level())},
          {"outcome", rules::outcome_name(p.outcome())},
          {"image_sha256", p.read().image_sha256()}};
}

nlohmann::json vehicle_json(const gate::v1::Vehicle& v) {
  return {{"plate", v.plate()},
          {"plate_color", std::string(rules::color_name(v.plate_color()))},
          {"class", std::string(rules::class_name(v.vehicle_class()))},
          {"vin", v.vin()},
          {"engine_no", v.engine_no()},
          {"registration_date", v.registration_date()},
          {"emission_stage", std::string(1, rules::stage_to_code(v.emission_stage()))},
          {"fuel_type", std::string(1, rules::fuel_to_code(v.fuel_type()))},
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

}  // namespace gate::host
