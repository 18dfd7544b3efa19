#include "rules/new_energy.h"

#include "rules/codes.h"
#include "rules/plate.h"

namespace gate::rules {

bool is_plug_in_hybrid(const gate::v1::Vehicle& v) {
  if (v.fuel_type() != gate::v1::FUEL_TYPE_HYBRID) return false;
  return v.plate_color() == gate::v1::PLATE_COLOR_GREEN ||
         v.plate_color() == gate::v1::PLATE_COLOR_YELLOW_GREEN || utf8_length(v.plate()) == 8;
}

bool is_new_energy(const gate::v1::Vehicle& v, const gate::v1::NewEnergyDefinition& def) {
  return is_new_energy(v) || (def.plug_in_hybrid() && is_plug_in_hybrid(v));
}

bool meets_stage(const gate::v1::Vehicle& v, gate::v1::EmissionStage min,
                 const gate::v1::NewEnergyDefinition& def) {
  return is_new_energy(v, def) || stage_rank(v.emission_stage()) >= stage_rank(min);
}

}  // namespace gate::rules
