// One human-readable line per decision, as gated prints it and the demo shows it:
//   2026-11-22 08:00:01 L1 #12 豫H12345 yellow China V diesel PASS [pass.all_rules] 准予通行
#pragma once

#include <string>

#include "gate/v1/passage.pb.h"

namespace gate::host {

std::string decision_line(const gate::v1::Passage& p, int utc_offset_minutes);

}  // namespace gate::host
