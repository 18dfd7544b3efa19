// gatectl's platform profile commands (docs/platform-profiles.md): `platform check FILE`
// validates a profile and summarises it; `platform render --passage N` prints exactly what the
// gate would send the platform for a stored passage, for the integrator on site.
#pragma once

#include <ostream>

#include "firmware-host/gatectl/commands.h"

namespace gate::ctl {

// platform check FILE
int platform_check(const Args& a, std::ostream& out, std::ostream& err);
// platform render --passage N [--kind decision|outcome|photo_1|photo_2] [--profile FILE] (--config
// CFG | --db DB)
int platform_render(const Args& a, std::ostream& out, std::ostream& err);

}  // namespace gate::ctl
