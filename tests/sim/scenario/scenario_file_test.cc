// Scenario files (sim/scenario/scenario_file.h): a full valid scenario parses with its values;
// every semantic rule and syntax errors report "file:line:" and the field; every shipped scenario
// in sim/scenarios/ loads.
#include "sim/scenario/scenario_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace gate::sim {
namespace {

constexpr const char* kFile = "t.textproto";

// Every field on a line of its own or in a one-line block, so that each case below can find
// the line of what it changed.
const std::string kValid = R"(name: "t"
description: "a test"
start: "2026-11-23 00:00"
duration_hours: 48
time_acceleration: 60
gates { gate_id: "G1" lane_ids: "L1" lane_ids: "L2" }
arrivals {
  hours { from_hour: 0 to_hour: 6 per_hour: 100 }
  hours { from_hour: 6 to_hour: 24 per_hour: 300 }
  bursts { at: "2026-11-23 09:00" duration_minutes: 30 extra_per_hour: 50 }
}
fleet {
  kinds {
    name: "electric"
    weight: 2
    plate_color: PLATE_COLOR_YELLOW_GREEN
    vehicle_class: VEHICLE_CLASS_TRANSPORT
    stages { stage: EMISSION_STAGE_ELECTRIC weight: 1 }
    fuels { fuel: FUEL_TYPE_ELECTRIC weight: 1 }
  }
  kinds {
    name: "diesel"
    weight: 1
    plate_color: PLATE_COLOR_YELLOW
    vehicle_class: VEHICLE_CLASS_TRANSPORT
    stages { stage: EMISSION_STAGE_CHINA_VI weight: 3 }
    stages { stage: EMISSION_STAGE_CHINA_IV weight: 1 }
    fuels { fuel: FUEL_TYPE_DIESEL weight: 1 }
  }
  new_energy_share: 0.6
  off_ledger_share: 0.02
  excess_emission_listed_share: 0.01
}
reads {
  misread_share: 0.01
  low_confidence_share: 0.02
  low_confidence { min: 0.4 max: 0.7 }
  duplicate_read_share: 0.1
}
behaviour {
  tailgating_share: 0.003
  back_out_share: 0.004
}
alerts { level: ALERT_LEVEL_YELLOW from: "2026-11-23 06:00" until: "2026-11-23 12:00" }
alerts { level: ALERT_LEVEL_ORANGE from: "2026-11-23 12:00" until: "2026-11-24 00:00" }
faults { kind: FAULT_KIND_PLATFORM_SLOW from: "2026-11-23 10:00" until: "2026-11-23 11:00" delay_ms: 1500 }
faults { kind: FAULT_KIND_CAMERA_SILENT from: "2026-11-23 13:00" until: "2026-11-23 13:10" lane_id: "L2" }
faults { kind: FAULT_KIND_DAEMON_KILLED at: "2026-11-23 15:00" restart_after_s: 30 }
seed: 42
)";

// kValid with the first `from` replaced by `to`.
std::string with(const std::string& from, const std::string& to) {
  std::string text = kValid;
  const auto pos = text.find(from);
  if (pos == std::string::npos)
    ADD_FAILURE() << "test bug: '" << from << "' is not in kValid";
  else
    text.replace(pos, from.size(), to);
  return text;
}

// 1-based line of the first occurrence of `needle` in `text`.
int line_of(const std::string& text, const std::string& needle) {
  const auto pos = text.find(needle);
  if (pos == std::string::npos) ADD_FAILURE() << "test bug: '" << needle << "' is not in text";
  int line = 1;
  for (std::size_t i = 0; i < pos && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

// Parsing `text` fails with an error at the line of `needle` that names `field`.
void expect_error(const std::string& text, const std::string& needle, const std::string& field,
                  const std::string& also = "") {
  auto result = parse_scenario(text, kFile);
  ASSERT_FALSE(result.ok()) << "expected an error about " << field;
  const std::string prefix = std::string(kFile) + ":" + std::to_string(line_of(text, needle)) + ":";
  EXPECT_EQ(result.error().rfind(prefix, 0), 0u)
      << result.error() << "\nexpected prefix " << prefix;
  EXPECT_NE(result.error().find(field + ": "), std::string::npos) << result.error();
  if (!also.empty()) {
    EXPECT_NE(result.error().find(also), std::string::npos) << result.error();
  }
}

// Replaces `from` with `to` in kValid and expects an error on the line of `to` naming `field`.
void expect_rejected(const std::string& from, const std::string& to, const std::string& field,
                     const std::string& also = "") {
  SCOPED_TRACE("'" + from + "' -> '" + to + "'");
  expect_error(with(from, to), to, field, also);
}

TEST(ScenarioFile, FullScenarioParsesWithItsValues) {
  auto result = parse_scenario(kValid, kFile);
  ASSERT_TRUE(result.ok()) << result.error();
  const gate::v1::Scenario& s = result.value();
  EXPECT_EQ(s.name(), "t");
  EXPECT_EQ(s.start(), "2026-11-23 00:00");
  EXPECT_EQ(s.duration_hours(), 48);
  EXPECT_DOUBLE_EQ(s.time_acceleration(), 60);
  ASSERT_EQ(s.gates_size(), 1);
  EXPECT_EQ(s.gates(0).lane_ids(1), "L2");
  ASSERT_EQ(s.arrivals().hours_size(), 2);
  EXPECT_EQ(s.arrivals().hours(1).from_hour(), 6);
  EXPECT_DOUBLE_EQ(s.arrivals().hours(1).per_hour(), 300);
  EXPECT_EQ(s.arrivals().bursts(0).duration_minutes(), 30);
  ASSERT_EQ(s.fleet().kinds_size(), 2);
  EXPECT_EQ(s.fleet().kinds(0).plate_color(), gate::v1::PLATE_COLOR_YELLOW_GREEN);
  EXPECT_EQ(s.fleet().kinds(1).stages(1).stage(), gate::v1::EMISSION_STAGE_CHINA_IV);
  EXPECT_EQ(s.fleet().kinds(1).fuels(0).fuel(), gate::v1::FUEL_TYPE_DIESEL);
  EXPECT_DOUBLE_EQ(s.fleet().new_energy_share(), 0.6);
  EXPECT_DOUBLE_EQ(s.fleet().off_ledger_share(), 0.02);
  EXPECT_DOUBLE_EQ(s.fleet().excess_emission_listed_share(), 0.01);
  EXPECT_DOUBLE_EQ(s.reads().low_confidence().max(), 0.7);
  EXPECT_DOUBLE_EQ(s.reads().duplicate_read_share(), 0.1);
  EXPECT_DOUBLE_EQ(s.behaviour().back_out_share(), 0.004);
  ASSERT_EQ(s.alerts_size(), 2);
  EXPECT_EQ(s.alerts(1).level(), gate::v1::ALERT_LEVEL_ORANGE);
  EXPECT_EQ(s.alerts(1).until(), "2026-11-24 00:00");
  ASSERT_EQ(s.faults_size(), 3);
  EXPECT_EQ(s.faults(0).delay_ms(), 1500);
  EXPECT_EQ(s.faults(1).lane_id(), "L2");
  EXPECT_EQ(s.faults(2).kind(), gate::v1::FAULT_KIND_DAEMON_KILLED);
  EXPECT_EQ(s.faults(2).restart_after_s(), 30);
  EXPECT_EQ(s.seed(), 42u);
}

TEST(ScenarioFile, RejectsABadWindow) {
  expect_rejected("duration_hours: 48", "duration_hours: 0", "duration_hours", "1..744");
  expect_rejected("duration_hours: 48", "duration_hours: 745", "duration_hours", "31 days");
  expect_rejected("time_acceleration: 60", "time_acceleration: 0.5", "time_acceleration",
                  "at least 1");
  expect_rejected("start: \"2026-11-23 00:00\"", "start: \"23.11.2026\"", "start", "YYYY-MM-DD");
}

TEST(ScenarioFile, RejectsBadArrivalRates) {
  expect_rejected("per_hour: 100", "per_hour: -1", "arrivals.hours[0].per_hour", ">= 0");
  expect_rejected("from_hour: 6 to_hour: 24", "from_hour: 18 to_hour: 6", "arrivals.hours[1]",
                  "from_hour 18 must be before to_hour 6 (hours are 0..24, local time)");
  expect_rejected("to_hour: 24", "to_hour: 25", "arrivals.hours[1]", "0..24");
  expect_rejected("from_hour: 6 to_hour: 24", "from_hour: 5 to_hour: 24", "arrivals.hours[1]",
                  "overlap hours[0]");
  expect_rejected("extra_per_hour: 50", "extra_per_hour: 0", "arrivals.bursts[0].extra_per_hour");
  expect_rejected("at: \"2026-11-23 09:00\"", "at: \"2026-11-22 09:00\"", "arrivals.bursts[0].at",
                  "outside the scenario window");
}

TEST(ScenarioFile, LaneCamerasAndAttacker) {
  const std::string gates = "gates { gate_id: \"G1\" lane_ids: \"L1\" lane_ids: \"L2\" }";
  const std::string vendors =
      "gates { gate_id: \"G1\" lane_ids: \"L1\" lane_ids: \"L2\"\n"
      "camera_vendor: SIM_CAMERA_VENDOR_DAHUA\n"
      "lane_cameras { lane_id: \"L1\" vendor: SIM_CAMERA_VENDOR_HIKVISION } }\n"
      "attacker { forged_per_hour: 6 replayed_per_hour: 2 }";
  auto s = parse_scenario(with(gates, vendors), kFile);
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(lane_camera_vendor(s.value().gates(0), "L1"), gate::v1::SIM_CAMERA_VENDOR_HIKVISION);
  EXPECT_EQ(lane_camera_vendor(s.value().gates(0), "L2"), gate::v1::SIM_CAMERA_VENDOR_DAHUA);
  EXPECT_EQ(s.value().attacker().forged_per_hour(), 6);
  // Without a vendor anywhere, every lane is Vzenith.
  auto plain = parse_scenario(kValid, kFile);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(lane_camera_vendor(plain.value().gates(0), "L2"), gate::v1::SIM_CAMERA_VENDOR_VZENITH);

  const std::string bad_lane =
      "gates { gate_id: \"G1\" lane_ids: \"L1\" lane_ids: \"L2\"\n"
      "lane_cameras { lane_id: \"L9\" vendor: SIM_CAMERA_VENDOR_DAHUA } }";
  expect_error(with(gates, bad_lane), "lane_id: \"L9\"", "gates[0].lane_cameras[0].lane_id",
               "not one of gate \"G1\"'s lane_ids");
  const std::string negative =
      "gates { gate_id: \"G1\" lane_ids: \"L1\" lane_ids: \"L2\" "
      "camera_vendor: SIM_CAMERA_VENDOR_HIKVISION }\nattacker {\n  foreign_per_hour: -1 }";
  expect_error(with(gates, negative), "foreign_per_hour: -1", "attacker.foreign_per_hour", ">= 0");
  // An attacker needs a lane whose camera has credentials to forge.
  const std::string no_target = gates + "\nattacker {\n  forged_per_hour: 1 }";
  expect_error(with(gates, no_target), "attacker {", "attacker", "Hikvision or Dahua");
}

TEST(ScenarioFile, PerHourNeedsExactly24Values) {
  const std::string hours =
      "  hours { from_hour: 0 to_hour: 6 per_hour: 100 }\n"
      "  hours { from_hour: 6 to_hour: 24 per_hour: 300 }\n";
  std::string list = "  per_hour: [";
  for (int h = 0; h < 23; ++h) list += (h ? ", " : "") + std::to_string(h);
  list += "]\n";
  expect_error(with(hours, list), "per_hour: [", "arrivals.per_hour", "exactly 24");
  list = "  per_hour: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n";
  EXPECT_TRUE(parse_scenario(with(hours, list), kFile).ok());
  expect_error(with(hours, hours + list), "per_hour: [", "arrivals.per_hour", "not both");
}

TEST(ScenarioFile, RejectsBadWeights) {
  expect_rejected("weight: 2", "weight: -2", "fleet.kinds[0].weight", ">= 0");
  std::string zero = with("weight: 2", "weight: 0");
  zero.replace(zero.find("weight: 1\n    plate_color: PLATE_COLOR_YELLOW\n"), 9, "weight: 0");
  expect_error(zero, "kinds {", "fleet.kinds[0]", "weight > 0");
  expect_rejected("EMISSION_STAGE_ELECTRIC weight: 1", "EMISSION_STAGE_ELECTRIC weight: 0",
                  "fleet.kinds[0].stages[0]", "weight > 0");
  expect_rejected("stage: EMISSION_STAGE_CHINA_VI", "stage: EMISSION_STAGE_UNSPECIFIED",
                  "fleet.kinds[1].stages[0]", "stage is required");
}

TEST(ScenarioFile, RejectsSharesOutside0To1) {
  expect_rejected("off_ledger_share: 0.02", "off_ledger_share: 1.5", "fleet.off_ledger_share",
                  "0..1");
  expect_rejected("new_energy_share: 0.6", "new_energy_share: 1.2", "fleet.new_energy_share");
  expect_rejected("misread_share: 0.01", "misread_share: -0.1", "reads.misread_share");
  expect_rejected("tailgating_share: 0.003", "tailgating_share: 2", "behaviour.tailgating_share");
  expect_rejected("back_out_share: 0.004", "back_out_share: 1.01", "behaviour.back_out_share");
}

TEST(ScenarioFile, RejectsABadConfidenceRange) {
  expect_rejected("min: 0.4 max: 0.7", "min: 0.8 max: 0.7", "reads.low_confidence",
                  "must not be above max");
  expect_rejected("min: 0.4 max: 0.7", "min: 0.4 max: 1.7", "reads.low_confidence", "0..1");
  expect_error(with("  low_confidence { min: 0.4 max: 0.7 }\n", ""), "low_confidence_share",
               "reads.low_confidence_share", "low_confidence { min max }");
}

TEST(ScenarioFile, RejectsBadAlertPeriods) {
  expect_rejected("until: \"2026-11-24 00:00\"", "until: \"2026-11-26 00:00\"", "alerts[1].until",
                  "outside the scenario window");
  expect_rejected("until: \"2026-11-23 12:00\"", "until: \"2026-11-23 05:00\"", "alerts[0].until",
                  "must be after");
  expect_rejected("from: \"2026-11-23 12:00\"", "from: \"2026-11-23 11:00\"", "alerts[1]",
                  "overlaps alerts[0]");
  expect_rejected("level: ALERT_LEVEL_YELLOW", "level: ALERT_LEVEL_NONE", "alerts[0]",
                  "ALERT_LEVEL_ORANGE");
}

TEST(ScenarioFile, RejectsBadFaults) {
  expect_rejected("kind: FAULT_KIND_PLATFORM_SLOW", "kind: FAULT_KIND_UNSPECIFIED", "faults[0]",
                  "kind is required");
  expect_rejected("until: \"2026-11-23 11:00\" delay_ms: 1500", "until: \"2026-11-23 11:00\"",
                  "faults[0].delay_ms", "is required");
  expect_rejected("at: \"2026-11-23 15:00\"", "at: \"2026-11-28 15:00\"", "faults[2].at",
                  "outside the scenario window");
  expect_rejected("from: \"2026-11-23 13:00\" until: \"2026-11-23 13:10\"",
                  "from: \"2026-11-23 13:00\" until: \"2026-11-23 12:10\"", "faults[1].until",
                  "must be after");
  expect_rejected("lane_id: \"L2\"", "lane_id: \"L9\"", "faults[1].lane_id", "known: L1, L2");
  expect_rejected("at: \"2026-11-23 15:00\"", "from: \"2026-11-23 15:00\"", "faults[2]",
                  "give `at`");
}

TEST(ScenarioFile, RejectsLaneIdsUsedTwice) {
  expect_rejected("lane_ids: \"L2\"", "lane_ids: \"L1\"", "gates[0].lane_ids[1]", "used twice");
}

TEST(ScenarioFile, AMissingRequiredFieldNamesFileAndField) {
  auto result = parse_scenario(with("name: \"t\"\n", ""), kFile);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().rfind("t.textproto: name: is required", 0), 0u) << result.error();
}

TEST(ScenarioFile, SyntaxErrorNamesItsLine) {
  expect_error(with("duration_hours: 48", "duraton_hours: 48"), "duraton_hours", "",
               "duraton_hours");
  const std::string text = with("seed: 42", "seed: 42 }");
  auto result = parse_scenario(text, kFile);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().rfind("t.textproto:" + std::to_string(line_of(text, "seed")) + ":", 0),
            0u)
      << result.error();
}

TEST(ScenarioFile, MissingFileNamesThePath) {
  auto result = load_scenario("/nonexistent/dir/week.textproto");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("/nonexistent/dir/week.textproto"), std::string::npos)
      << result.error();
}

TEST(ShippedScenarios, EveryTextprotoLoads) {
  int loaded = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(GATE_SOURCE_DIR) + "/sim/scenarios")) {
    if (entry.path().extension() != ".textproto") continue;
    SCOPED_TRACE(entry.path().string());
    auto result = load_scenario(entry.path().string());
    EXPECT_TRUE(result.ok()) << result.error();
    ++loaded;
  }
  EXPECT_GE(loaded, 2);
}

TEST(ShippedScenarios, SteelWeekIsAWeekOfAbout7000TrucksADay) {
  auto result = load_scenario(std::string(GATE_SOURCE_DIR) + "/sim/scenarios/steel-week.textproto");
  ASSERT_TRUE(result.ok()) << result.error();
  const auto& s = result.value();
  EXPECT_EQ(s.duration_hours(), 7 * 24);
  double per_day = 0;
  for (const auto& r : s.arrivals().hours())
    per_day += r.per_hour() * (r.to_hour() - r.from_hour());
  EXPECT_NEAR(per_day, 7000, 500);
  EXPECT_GE(s.fleet().new_energy_share(), 0.6);
  EXPECT_LE(s.fleet().new_energy_share(), 0.7);
  EXPECT_EQ(s.alerts_size(), 0);
}

TEST(ShippedScenarios, OrangeAlertDayHasOrangeFrom6To22) {
  auto result =
      load_scenario(std::string(GATE_SOURCE_DIR) + "/sim/scenarios/orange-alert-day.textproto");
  ASSERT_TRUE(result.ok()) << result.error();
  const auto& s = result.value();
  EXPECT_EQ(s.duration_hours(), 24);
  ASSERT_EQ(s.alerts_size(), 1);
  EXPECT_EQ(s.alerts(0).level(), gate::v1::ALERT_LEVEL_ORANGE);
  EXPECT_EQ(s.alerts(0).from(), s.start().substr(0, 10) + " 06:00");
  EXPECT_EQ(s.alerts(0).until(), s.start().substr(0, 10) + " 22:00");
}

TEST(ScenarioFile, PlantIsTheScenariosOwnOrAGradeBSteelWorks) {
  auto s = parse_scenario(kValid, kFile);
  ASSERT_TRUE(s.ok()) << s.error();
  const auto fallback = scenario_enterprise(s.value());
  EXPECT_EQ(fallback.name(), "t plant (simulated)");
  EXPECT_EQ(fallback.industry(), "steel");
  EXPECT_EQ(fallback.grade(), gate::v1::PERFORMANCE_GRADE_B);

  auto own = parse_scenario(kValid +
                                "enterprise { name: \"Anyang coke\" industry: \"coke\" "
                                "grade: PERFORMANCE_GRADE_A }\n",
                            kFile);
  ASSERT_TRUE(own.ok()) << own.error();
  const auto ent = scenario_enterprise(own.value());
  EXPECT_EQ(ent.name(), "Anyang coke");
  EXPECT_EQ(ent.industry(), "coke");
  EXPECT_EQ(ent.grade(), gate::v1::PERFORMANCE_GRADE_A);
}

TEST(ScenarioFile, GateKindsNameFleetKindsOnceWithAWeight) {
  const std::string gate = "gates { gate_id: \"G1\" lane_ids: \"L1\" lane_ids: \"L2\" }";
  auto ok = parse_scenario(
      with(gate,
           "gates { gate_id: \"G1\" lane_ids: \"L1\" lane_ids: \"L2\"\n"
           "kinds { kind: \"diesel\" weight: 4 }\nkinds { kind: \"electric\" weight: 1 } }"),
      kFile);
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(ok.value().gates(0).kinds(0).kind(), "diesel");
  auto with_kinds = [&](const std::string& kinds) {
    return with(gate, "gates { gate_id: \"G1\" lane_ids: \"L1\" lane_ids: \"L2\"\n" + kinds + " }");
  };
  expect_error(with_kinds("kinds { kind: \"petrol\" weight: 1 }"), "kind: \"petrol\"",
               "gates[0].kinds[0].kind", "not the name of one of fleet.kinds (electric, diesel)");
  expect_error(
      with_kinds("kinds { kind: \"diesel\" weight: 1 }\nkinds { kind: \"diesel\" weight: 2 }"),
      "kind: \"diesel\" weight: 2", "gates[0].kinds[1].kind", "weighted twice");
  expect_error(with_kinds("kinds { kind: \"diesel\" weight: -1 }"), "weight: -1",
               "gates[0].kinds[0].weight", ">= 0");
  expect_error(with_kinds("kinds { kind: \"diesel\" weight: 0 }"), "kind: \"diesel\" weight: 0",
               "gates[0].kinds[0]", "at least one needs weight > 0");
}

TEST(ScenarioFile, PlantCutsLieInsideTheWindowAndDoNotOverlap) {
  auto plant = [](const std::string& body) {
    return with("seed: 42", "plant {\nplant_wide_share: true\n" + body + "}\nseed: 42");
  };
  auto ok = parse_scenario(
      plant("cuts { from: \"2026-11-23 12:00\" until: \"2026-11-23 13:00\" }\n"), kFile);
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_TRUE(ok.value().plant().plant_wide_share());
  EXPECT_EQ(ok.value().plant().cuts(0).until(), "2026-11-23 13:00");
  expect_error(plant("cuts { from: \"2026-11-23 12:00\" until: \"2026-11-26 13:00\" }\n"),
               "until: \"2026-11-26 13:00\"", "plant.cuts[0].until", "outside the scenario window");
  expect_error(plant("cuts { from: \"2026-11-23 12:00\" until: \"2026-11-23 11:30\" }\n"),
               "until: \"2026-11-23 11:30\"", "plant.cuts[0].until", "must be after");
  expect_error(plant("cuts { from: \"2026-11-23 12:00\" until: \"2026-11-23 13:00\" }\n"
                     "cuts { from: \"2026-11-23 12:30\" until: \"2026-11-23 14:00\" }\n"),
               "from: \"2026-11-23 12:30\"", "plant.cuts[1]", "overlaps cuts[0]");
  expect_error(plant("share_allowance_trucks: 500\n"), "share_allowance_trucks: 500",
               "plant.share_allowance_trucks", "above 100");
}

TEST(ScenarioFile, PlantLedgerEditsNameATimeAGateOrThePlantAPlateAndAChange) {
  auto plant = [](const std::string& body) {
    return with("seed: 42",
                "plant {\ncuts { from: \"2026-11-23 12:00\" until: \"2026-11-23 13:00\" }\n" +
                    body + "}\nseed: 42");
  };
  auto ok = parse_scenario(
      plant("ledger_edits { at: \"2026-11-23 11:30\" plate: \"豫H0E001\" change: CHANGE_SUSPEND }\n"
            "ledger_edits { at: \"2026-11-23 12:30\" at_gate: \"G1\" plate: \"豫H0E001\" "
            "change: CHANGE_REINSTATE }\n"),
      kFile);
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(ok.value().plant().ledger_edits(1).at_gate(), "G1");
  expect_error(plant("ledger_edits { at: \"2026-11-23 12:30\" plate: \"豫H0E001\" "
                     "change: CHANGE_SUSPEND }\n"),
               "at: \"2026-11-23 12:30\"", "plant.ledger_edits[0].at", "falls in cuts[0]");
  expect_error(plant("ledger_edits { at: \"2026-11-23 11:30\" at_gate: \"G9\" plate: \"豫H0E001\" "
                     "change: CHANGE_SUSPEND }\n"),
               "at_gate: \"G9\"", "plant.ledger_edits[0].at_gate", "not one of gates.gate_id (G1");
  expect_error(plant("ledger_edits { at: \"2026-11-23 11:30\" change: CHANGE_SUSPEND }\n"),
               "ledger_edits {", "plant.ledger_edits[0].plate", "is required");
  expect_error(plant("ledger_edits { at: \"2026-11-23 11:30\" plate: \"豫H0E001\" }\n"),
               "ledger_edits {", "plant.ledger_edits[0].change", "CHANGE_SUSPEND");
  expect_error(plant("ledger_edits { at: \"2026-11-29 11:30\" plate: \"豫H0E001\" "
                     "change: CHANGE_SUSPEND }\n"),
               "at: \"2026-11-29 11:30\"", "plant.ledger_edits[0].at",
               "outside the scenario window");
}

}  // namespace
}  // namespace gate::sim
