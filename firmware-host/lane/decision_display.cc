#include "firmware-host/lane/decision_display.h"

#include "rules/display_names.h"

namespace gate::host {

drivers::DisplayMessage decision_display(const gate::v1::Passage& p) {
  drivers::DisplayMessage m;
  m.lines.push_back(p.read().plate_text());
  m.lines.push_back(p.vehicle_known() ? rules::vehicle_label_zh(p.vehicle()) : "未登记车辆");
  m.lines.push_back(std::string(rules::alert_name_zh(p.alert_level())));
  switch (p.decision().verdict()) {
    case gate::v1::VERDICT_PASS:
      m.colour = drivers::DisplayColour::kGreen;
      m.lines.push_back("请通行");
      break;
    case gate::v1::VERDICT_MANUAL_PASS:
      m.colour = drivers::DisplayColour::kGreen;
      m.lines.push_back("人工放行 请通行");
      break;
    case gate::v1::VERDICT_HOLD:
      m.colour = drivers::DisplayColour::kYellow;
      m.lines.push_back("请等候叫号");
      break;
    default:
      m.colour = drivers::DisplayColour::kRed;
      m.lines.push_back("禁止通行");
      break;
  }
  if (!p.decision().display_zh().empty()) m.lines.push_back(p.decision().display_zh());
  return m;
}

}  // namespace gate::host
