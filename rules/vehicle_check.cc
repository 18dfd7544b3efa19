// The platform's vehicle check joined with the local decision: see vehicle_check.h.
#include "rules/vehicle_check.h"

#include "rules/codes.h"

namespace gate::rules {
namespace {

using gate::v1::Decision;
using gate::v1::VehicleCheck;

// refuse > hold > pass (manual pass is never decided here).
int strictness(gate::v1::Verdict v) {
  switch (v) {
    case gate::v1::VERDICT_REFUSE:
      return 2;
    case gate::v1::VERDICT_HOLD:
      return 1;
    default:
      return 0;
  }
}

std::string answer_text(const VehicleCheck& c) {
  std::string out = c.may_pass() ? "may pass" : "may not pass";
  if (!c.reason().empty()) out += " (" + c.reason() + ")";
  if (!c.serial().empty()) out += ", serial " + c.serial();
  out += ", answered in " + std::to_string(c.latency_ms()) + " ms";
  if (!c.ledger_mismatch().empty()) out += "; ledger mismatch: " + c.ledger_mismatch();
  return out;
}

Decision with_note(Decision d, const std::string& note) {
  d.set_explanation(d.explanation() + " | platform check: " + note);
  return d;
}

// `local` replaced by a refusal under `rule_id`, the local decision kept in the explanation.
Decision refused(const Decision& local, const std::string& rule_id, const std::string& zh,
                 const std::string& en, const std::string& detail) {
  Decision d = local;
  d.set_verdict(gate::v1::VERDICT_REFUSE);
  d.set_rule_id(rule_id);
  d.set_rule_set_id("");
  d.set_display_zh(zh);
  d.set_display_en(en);
  d.set_reason(zh + " " + en);
  d.set_explanation(rule_id + ": " + detail + " | local decision " + local.rule_id() + " (" +
                    local.display_en() + "): " + local.explanation());
  return d;
}

Decision combine_answered(const Decision& local, const VehicleCheck& c, const CheckSettings& s) {
  if (s.combine == CheckCombination::kRecordOnly) {
    return with_note(local, answer_text(c) + " (recorded only: the local decision decides)");
  }
  if (c.may_pass() || strictness(local.verdict()) >= strictness(gate::v1::VERDICT_REFUSE)) {
    return with_note(local, answer_text(c));
  }
  const std::string reason = c.reason().empty() ? "no reason given" : c.reason();
  return refused(local, kRulePlatformCheck, "平台不予通行 " + reason, "platform refuses: " + reason,
                 "the platform's vehicle check answered " + answer_text(c));
}

}  // namespace

std::string degraded_mode_name(DegradedMode m) {
  return m == DegradedMode::kRefuse ? "refuse" : "local";
}

Decision combine_check(const Decision& local, const VehicleCheck& check,
                       const CheckSettings& settings) {
  if (check.status() == VehicleCheck::STATUS_ANSWERED) {
    return combine_answered(local, check, settings);
  }
  if (check.status() != VehicleCheck::STATUS_UNAVAILABLE) return local;
  const std::string why = "unavailable (" + check.reason() + ")";
  if (settings.degraded == DegradedMode::kLocal ||
      strictness(local.verdict()) >= strictness(gate::v1::VERDICT_REFUSE)) {
    return with_note(
        local, why + "; decided locally, degraded mode " + degraded_mode_name(settings.degraded));
  }
  return refused(local, kRulePlatformUnreachable, "平台无法连接 禁止通行", "platform unreachable",
                 "the platform's vehicle check was " + why + "; degraded mode refuse");
}

std::optional<gate::v1::Vehicle> platform_vehicle(const VehicleCheck& check,
                                                  const gate::v1::PlateRead& read) {
  if (check.status() != VehicleCheck::STATUS_ANSWERED ||
      check.emission_stage() == gate::v1::EMISSION_STAGE_UNSPECIFIED ||
      check.fuel_type() == gate::v1::FUEL_TYPE_UNSPECIFIED) {
    return std::nullopt;
  }
  gate::v1::Vehicle v;
  v.set_plate(read.plate_text());
  v.set_plate_color(read.color());
  v.set_vehicle_class(gate::v1::VEHICLE_CLASS_TRANSPORT);
  v.set_emission_stage(check.emission_stage());
  v.set_fuel_type(check.fuel_type());
  v.set_vin(check.vin());
  v.set_registration_date(check.registration_date());
  return v;
}

gate::v1::Vehicle vehicle_decided_on(const gate::v1::Passage& p) {
  if (p.vehicle_known()) return p.vehicle();
  return platform_vehicle(p.check(), p.read()).value_or(gate::v1::Vehicle{});
}

std::string ledger_mismatch(const gate::v1::Vehicle* ledger, const VehicleCheck& check) {
  if (ledger == nullptr || check.status() != VehicleCheck::STATUS_ANSWERED) return "";
  std::string out;
  auto add = [&](const std::string& what, std::string_view ours, std::string_view theirs) {
    out += (out.empty() ? "" : "; ") + what + ": ledger " + std::string(ours) + ", platform " +
           std::string(theirs);
  };
  const auto stage = check.emission_stage();
  if (stage != gate::v1::EMISSION_STAGE_UNSPECIFIED &&
      ledger->emission_stage() != gate::v1::EMISSION_STAGE_UNSPECIFIED &&
      stage != ledger->emission_stage()) {
    add("stage", stage_name(ledger->emission_stage()), stage_name(stage));
  }
  const auto fuel = check.fuel_type();
  if (fuel != gate::v1::FUEL_TYPE_UNSPECIFIED &&
      ledger->fuel_type() != gate::v1::FUEL_TYPE_UNSPECIFIED && fuel != ledger->fuel_type()) {
    add("fuel", fuel_name(ledger->fuel_type()), fuel_name(fuel));
  }
  if (!check.vin().empty() && !ledger->vin().empty() && check.vin() != ledger->vin()) {
    add("VIN", ledger->vin(), check.vin());
  }
  return out;
}

}  // namespace gate::rules
