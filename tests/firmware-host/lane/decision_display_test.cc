// What the LED display shows for each verdict, and the lane's optional display { } block.
#include "firmware-host/lane/decision_display.h"

#include <gtest/gtest.h>

#include "firmware-host/config/config_loader.h"

namespace gate::host {
namespace {

using drivers::DisplayColour;

gate::v1::Passage passage(gate::v1::Verdict v, bool known) {
  gate::v1::Passage p;
  p.mutable_read()->set_plate_text("豫HF50BC");
  p.set_vehicle_known(known);
  if (known) {
    p.mutable_vehicle()->set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_VI);
    p.mutable_vehicle()->set_fuel_type(gate::v1::FUEL_TYPE_DIESEL);
  }
  p.set_alert_level(gate::v1::ALERT_LEVEL_ORANGE);
  p.mutable_decision()->set_verdict(v);
  p.mutable_decision()->set_display_zh("国VI柴油车 准予通行");
  return p;
}

TEST(DecisionDisplay, PassIsGreenWithPlateVehicleStatusAndVerdict) {
  const auto m = decision_display(passage(gate::v1::VERDICT_PASS, true));
  EXPECT_EQ(m.colour, DisplayColour::kGreen);
  ASSERT_EQ(m.lines.size(), 5u);
  EXPECT_EQ(m.lines[0], "豫HF50BC");
  EXPECT_NE(m.lines[1].find("柴油"), std::string::npos) << m.lines[1];
  EXPECT_EQ(m.lines[2], "橙色预警");
  EXPECT_EQ(m.lines[3], "请通行");
  EXPECT_EQ(m.lines[4], "国VI柴油车 准予通行");
}

TEST(DecisionDisplay, RefuseIsRedHoldYellowManualPassGreen) {
  auto refuse = decision_display(passage(gate::v1::VERDICT_REFUSE, false));
  EXPECT_EQ(refuse.colour, DisplayColour::kRed);
  EXPECT_EQ(refuse.lines[1], "未登记车辆");
  EXPECT_EQ(refuse.lines[3], "禁止通行");
  auto hold = decision_display(passage(gate::v1::VERDICT_HOLD, true));
  EXPECT_EQ(hold.colour, DisplayColour::kYellow);
  EXPECT_EQ(hold.lines[3], "请等候叫号");
  auto manual = decision_display(passage(gate::v1::VERDICT_MANUAL_PASS, true));
  EXPECT_EQ(manual.colour, DisplayColour::kGreen);
  EXPECT_EQ(manual.lines[3], "人工放行 请通行");
}

std::string config_with(const std::string& display) {
  return "gate_id: \"G1\"\ndatabase_path: \"gate.db\"\ncamera { port: 8081 }\n"
         "lanes {\n  lane_id: \"L1\"\n  barrier { tcp { host: \"127.0.0.1\" port: 1502 } }\n" +
         display + "}\npolicy { version: \"t\" }\n";
}

TEST(DisplayConfig, DefaultsAreFilledAndAbsentMeansNone) {
  auto none = parse_config(config_with(""), "g.textproto", "/srv");
  ASSERT_TRUE(none.ok()) << none.error();
  EXPECT_FALSE(none.value().lanes(0).has_display());
  auto r = parse_config(config_with("  display { host: \"10.0.0.9\" port: 5005 }\n"), "g.textproto",
                        "/srv");
  ASSERT_TRUE(r.ok()) << r.error();
  const auto& d = r.value().lanes(0).display();
  EXPECT_EQ(d.queue_limit(), 8);
  EXPECT_EQ(d.reconnect_interval_ms(), 2000);
  EXPECT_EQ(d.io_timeout_ms(), 1000);
  EXPECT_EQ(d.address(), 0);
}

TEST(DisplayConfig, BadValuesNameTheLineAndTheField) {
  auto r = parse_config(config_with("  display { port: 5005 }\n"), "g.textproto", "/srv");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("g.textproto:7:"), std::string::npos) << r.error();
  EXPECT_NE(r.error().find("host is required"), std::string::npos) << r.error();
  r = parse_config(config_with("  display { host: \"h\" port: 70000 }\n"), "g.textproto", "/srv");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("outside 1..65535"), std::string::npos) << r.error();
  r = parse_config(config_with("  display { host: \"h\" port: 1 address: 300 }\n"), "g.textproto",
                   "/srv");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("address 300"), std::string::npos) << r.error();
}

}  // namespace
}  // namespace gate::host
