// Daily statistics across gates (docs/plant.md §5): per local day, each gate's counts as the
// gate-level `audit days` computes them (daily_report.h) and the plant's total. Pure.
#pragma once

#include <string>
#include <vector>

#include "firmware-host/audit/daily_report.h"
#include "gate/v1/passage.pb.h"

namespace gate::host {

struct GateDay {
  std::string gate_id;
  DayStats stats;
};

struct PlantDay {
  std::string date;
  std::vector<GateDay> gates;  // the gates with passages that day, by gate_id
  DayStats total;              // every gate together
};

// By date; each passage counts for its gate_id.
std::vector<PlantDay> plant_daily_stats(const std::vector<gate::v1::Passage>& passages,
                                        int utc_offset_minutes);

// A fixed-width table: for each day a line per gate, then the plant's total ("all gates").
std::string format_plant_days(const std::vector<PlantDay>& days);

// The plant's line of each day, for daily_stats_svg().
std::vector<DayStats> plant_totals(const std::vector<PlantDay>& days);

}  // namespace gate::host
