// The conformance report as files: JSON for machines and a self-contained HTML page with
// charts (inline SVG, no scripts, no network) that an inspector opens in any browser. Pure.
#pragma once

#include <string>

#include "sim/conformance/conformance.h"

namespace gate::sim {

std::string report_json(const ConformanceReport& report);
std::string report_html(const ConformanceReport& report);
// The trucks held per gate, plant-wide against gate by gate, as one line for the console; ""
// where the share was not judged plant-wide.
std::string plant_share_text(const PlantShareFigures& figures);
// Each ledger edit's lag at each gate, one line per edit; "" where none was judged.
std::string plant_ledger_text(const PlantLedgerFigures& figures);

}  // namespace gate::sim
