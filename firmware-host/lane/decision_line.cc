#include "firmware-host/lane/decision_line.h"

#include "firmware-host/lane/lane_controller.h"
#include "rules/codes.h"
#include "rules/plate_color.h"

namespace gate::host {

std::string verdict_label(gate::v1::Verdict v) {
  switch (v) {
    case gate::v1::VERDICT_PASS:
      return "PASS";
    case gate::v1::VERDICT_REFUSE:
      return "REFUSE";
    case gate::v1::VERDICT_HOLD:
      return "HOLD";
    case gate::v1::VERDICT_MANUAL_PASS:
      return "MANUAL_PASS";
    default:
      return "?";
  }
}

std::string outcome_name(gate::v1::PassageOutcome o) {
  switch (o) {
    case gate::v1::PASSAGE_OUTCOME_PENDING:
      return "pending";
    case gate::v1::PASSAGE_OUTCOME_PASSED:
      return "passed";
    case gate::v1::PASSAGE_OUTCOME_TURNED_AWAY:
      return "turned_away";
    case gate::v1::PASSAGE_OUTCOME_NOT_PASSED:
      return "not_passed";
    case gate::v1::PASSAGE_OUTCOME_BARRIER_FAULT:
      return "barrier_fault";
    case gate::v1::PASSAGE_OUTCOME_UNCONFIRMED:
      return "unconfirmed";
    default:
      return "?";
  }
}

std::string decision_line(const gate::v1::Passage& p, int utc_offset_minutes) {
  std::string line = local_time(p.time_unix_ms(), utc_offset_minutes) + " " + p.lane_id() + " #" +
                     std::to_string(p.seq()) + " " + p.read().plate_text() + " " +
                     std::string(rules::color_name(p.read().color()));
  if (p.vehicle_known()) {
    line += " " + std::string(rules::stage_name(p.vehicle().emission_stage())) + " " +
            std::string(rules::fuel_name(p.vehicle().fuel_type()));
  } else {
    line += " (not in ledger)";
  }
  line += " " + verdict_label(p.decision().verdict()) + " [" + p.decision().rule_id() + "] " +
          p.decision().reason();
  return line;
}

}  // namespace gate::host
