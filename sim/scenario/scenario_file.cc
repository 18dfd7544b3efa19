#include "sim/scenario/scenario_file.h"

#include <google/protobuf/text_format.h>

#include <fstream>
#include <sstream>

#include "rules/text_format_errors.h"
#include "sim/scenario/scenario_checks.h"
#include "sim/scenario/text_location.h"

namespace gate::sim {

namespace pb = google::protobuf;

Result<gate::v1::Scenario> parse_scenario(const std::string& text, const std::string& file_name) {
  gate::v1::Scenario scenario;
  pb::TextFormat::Parser parser;
  rules::FirstTextFormatError errors;
  pb::TextFormat::ParseInfoTree tree;
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(&tree);
  if (!parser.ParseFromString(text, &scenario)) {
    return Error{errors.seen() ? errors.located(file_name) : file_name + ": cannot parse scenario"};
  }
  if (Status st = check_scenario(scenario, TextLocation(file_name, scenario, &tree)); !st.ok()) {
    return Error{st.message()};
  }
  return scenario;
}

Result<gate::v1::Scenario> load_scenario(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot open scenario file (check the path and permissions)"};
  std::stringstream text;
  text << in.rdbuf();  // an empty file leaves `text` empty, which the checks then report
  return parse_scenario(text.str(), path);
}

gate::v1::EnterpriseProfile scenario_enterprise(const gate::v1::Scenario& s) {
  if (s.has_enterprise()) return s.enterprise();
  gate::v1::EnterpriseProfile ent;
  ent.set_name(s.name() + " plant (simulated)");
  ent.set_industry("steel");
  ent.set_grade(gate::v1::PERFORMANCE_GRADE_B);
  // Stated, as the Jiaozuo set requires of a steel plant: not double-high, outside Qinyang.
  ent.set_double_high(false);
  ent.set_location("jiaozuo/wuzhi");
  return ent;
}

gate::v1::SimCameraVendor lane_camera_vendor(const gate::v1::SimGate& gate,
                                             const std::string& lane_id) {
  for (const auto& c : gate.lane_cameras()) {
    if (c.lane_id() == lane_id && c.vendor() != gate::v1::SIM_CAMERA_VENDOR_UNSPECIFIED) {
      return c.vendor();
    }
  }
  return gate.camera_vendor() == gate::v1::SIM_CAMERA_VENDOR_UNSPECIFIED
             ? gate::v1::SIM_CAMERA_VENDOR_VZENITH
             : gate.camera_vendor();
}

}  // namespace gate::sim
