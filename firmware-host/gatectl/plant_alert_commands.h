// gatectl's side of the plant's alert level (docs/plant.md §7), with the configuration's
// plant { conninfo password_file }: set it for every gate, end it, show it.
#pragma once

#include <ostream>

#include "firmware-host/gatectl/commands.h"

namespace gate::ctl {

// plant alert set --config CFG --level none|yellow|orange|red --reason TEXT [--operator NAME]
int plant_alert_set(const Args& a, std::ostream& out, std::ostream& err);
// plant alert clear --config CFG --reason TEXT [--operator NAME]: the gates go back to the
// platform's or their configured level.
int plant_alert_clear(const Args& a, std::ostream& out, std::ostream& err);
// plant alert show --config CFG [--utc-offset MIN]
int plant_alert_show(const Args& a, std::ostream& out, std::ostream& err);

}  // namespace gate::ctl
