// Daily statistics for auditors (docs/domain.md §2.10, how inspectors check a gate): counts per
// local day by decision, vehicle class, stage and fuel; the green-plate share of trucks released;
// the alert level of the day, so alert days can be set beside normal days. Pure.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "gate/v1/passage.pb.h"

namespace gate::host {

struct DayStats {
  std::string date;
  int passages = 0;
  int passed = 0;   // pass + manual pass
  int refused = 0;  // refuse + hold
  int held = 0;     // hold (counted in refused too)
  int manual = 0;
  int trucks_released = 0;        // transport vehicles released
  int green_trucks_released = 0;  // … of which new-energy by the ledger
  gate::v1::AlertLevel max_alert = gate::v1::ALERT_LEVEL_NONE;
  std::map<std::string, int> by_class;  // "transport", "in_plant", "machinery", "unknown"
  std::map<std::string, int> by_stage;  // "0".."6", "D", "X", "?" (unknown vehicle)
  std::map<std::string, int> by_fuel;   // GA 24.9 letters, "?" (unknown vehicle)
  double green_share() const {
    return trucks_released == 0 ? 0.0 : double(green_trucks_released) / trucks_released;
  }
};

std::vector<DayStats> daily_stats(const std::vector<gate::v1::Passage>& passages,
                                  int utc_offset_minutes);

// A fixed-width table, one line per day, then the mean of normal days beside alert days.
std::string format_daily_stats(const std::vector<DayStats>& days);

// An SVG chart of released trucks per day (bars) and the green share (line), for people who
// would rather look than read.
std::string daily_stats_svg(const std::vector<DayStats>& days);

}  // namespace gate::host
