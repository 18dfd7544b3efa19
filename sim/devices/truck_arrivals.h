// The trucks the virtual camera reports at one lane, one after another (gate-sim run), read
// from CSV (sim/scenarios/<name>/trucks.csv). Columns: plate, color, confidence, reads (how
// many times the camera reports the same truck), format (vzenith|generic), note. Scenario
// files with arrival processes, alerts and faults are sim/scenario/scenario_file.h.
#pragma once

#include <string>
#include <vector>

#include "gate/v1/codes.pb.h"
#include "rules/result.h"

namespace gate::sim {

struct TruckArrival {
  std::string plate;
  gate::v1::PlateColor color = gate::v1::PLATE_COLOR_UNKNOWN;
  double confidence = 1.0;
  int reads = 1;
  bool vzenith = true;
  std::string note;
};

// Errors name the line and field: "trucks.csv:7: confidence: '1.5' is not in 0..1".
Result<std::vector<TruckArrival>> parse_trucks_csv(const std::string& text,
                                                   const std::string& file_name);
Result<std::vector<TruckArrival>> load_trucks(const std::string& path);

}  // namespace gate::sim
