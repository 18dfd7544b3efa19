#include "firmware-host/lane/decision_line.h"

#include "rules/codes.h"
#include "rules/display_names.h"
#include "rules/local_time.h"
#include "rules/plate_color.h"

namespace gate::host {

std::string decision_line(const gate::v1::Passage& p, int utc_offset_minutes) {
  std::string line = rules::local_time(p.time_unix_ms(), utc_offset_minutes) + " " + p.lane_id() +
                     " #" + std::to_string(p.seq()) + " " + p.read().plate_text() + " " +
                     std::string(rules::color_name(p.read().color()));
  if (p.vehicle_known()) {
    line += " " + std::string(rules::stage_name(p.vehicle().emission_stage())) + " " +
            std::string(rules::fuel_name(p.vehicle().fuel_type()));
  } else {
    line += " (not in ledger)";
  }
  line += " " + rules::verdict_label(p.decision().verdict()) + " [" + p.decision().rule_id() +
          "] " + p.decision().reason();
  return line;
}

}  // namespace gate::host
