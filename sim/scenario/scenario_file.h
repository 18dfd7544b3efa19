// gate-sim scenario files: gate.v1.Scenario (proto/gate/v1/scenario.proto) in protobuf text
// format, parsed and checked. Every error names the file and, where the problem was written,
// line and column: "week.textproto:23:5: arrivals.hours[2]: from_hour 18 must be before
// to_hour 6 (hours are 0..24, local time)".
#pragma once

#include <string>

#include "gate/v1/scenario.pb.h"
#include "rules/result.h"

namespace gate::sim {

// `file_name` is only used in error messages.
Result<gate::v1::Scenario> parse_scenario(const std::string& text, const std::string& file_name);

// Reads and parses the file at `path`; a file that cannot be read is an error naming the path.
Result<gate::v1::Scenario> load_scenario(const std::string& path);

// The plant the scenario's gates belong to: its `enterprise`, or where it has none a grade-B
// steel works named after the scenario. Both the gates' configuration and the expected decisions
// use this one profile, so they judge the same plant.
gate::v1::EnterpriseProfile scenario_enterprise(const gate::v1::Scenario& s);

// The push camera of `lane_id` at `gate`: its lane_cameras entry, else the gate's
// camera_vendor, else Vzenith. Never SIM_CAMERA_VENDOR_UNSPECIFIED.
gate::v1::SimCameraVendor lane_camera_vendor(const gate::v1::SimGate& gate,
                                             const std::string& lane_id);

}  // namespace gate::sim
