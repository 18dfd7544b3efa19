// The traffic generator: deterministic from the seed, valid plates of the right kind, and
// arrivals that follow the scenario's rates, bursts, fleet mix and read quality.
#include "sim/scenario/traffic_generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include "rules/plate.h"
#include "sim/scenario/plate_generator.h"
#include "sim/scenario/scenario_file.h"
#include "sim/scenario/scenario_time.h"

namespace gate::sim {
namespace {

const gate::v1::Scenario& steel_week() {
  static const gate::v1::Scenario s = [] {
    auto r = load_scenario(std::string(GATE_SOURCE_DIR) + "/sim/scenarios/steel-week.textproto");
    EXPECT_TRUE(r.ok()) << r.error();
    return r.value();
  }();
  return s;
}

const SimWorld& steel_world() {
  static const SimWorld w = generate_world(steel_week());
  return w;
}

std::int64_t start_unix_ms(const gate::v1::Scenario& s) {
  return (*parse_scenario_time(s.start()) - kLocalUtcOffsetSeconds) * 1000;
}

int local_hour(std::int64_t unix_ms) {
  return static_cast<int>(((unix_ms / 1000 + kLocalUtcOffsetSeconds) / 3600) % 24);
}

bool same(const SimArrival& a, const SimArrival& b) {
  return a.time_unix_ms == b.time_unix_ms && a.gate_id == b.gate_id && a.lane_id == b.lane_id &&
         a.vehicle == b.vehicle && a.read_plate == b.read_plate && a.confidence == b.confidence &&
         a.reads == b.reads && a.tailgating == b.tailgating && a.backs_out == b.backs_out;
}

TEST(TrafficGenerator, SameSeedGivesTheSameWorld) {
  const SimWorld again = generate_world(steel_week());
  const SimWorld& w = steel_world();
  ASSERT_EQ(again.arrivals.size(), w.arrivals.size());
  ASSERT_EQ(again.fleet.size(), w.fleet.size());
  for (std::size_t i = 0; i < w.fleet.size(); ++i)
    EXPECT_EQ(again.fleet[i].plate, w.fleet[i].plate);
  for (std::size_t i = 0; i < w.arrivals.size(); ++i) {
    ASSERT_TRUE(same(again.arrivals[i], w.arrivals[i])) << "arrival " << i;
  }
}

TEST(TrafficGenerator, DifferentSeedGivesDifferentArrivals) {
  gate::v1::Scenario other = steel_week();
  other.set_seed(other.seed() + 1);
  const SimWorld w = generate_world(other);
  const SimWorld& base = steel_world();
  std::size_t same_count = 0;
  const std::size_t n = std::min(w.arrivals.size(), base.arrivals.size());
  for (std::size_t i = 0; i < n; ++i) same_count += same(w.arrivals[i], base.arrivals[i]) ? 1 : 0;
  EXPECT_LT(same_count, n / 100);
  EXPECT_NE(w.fleet.front().plate, base.fleet.front().plate);
}

TEST(TrafficGenerator, EveryFleetPlateIsAValidUniqueHenanPlateOfItsKind) {
  const SimWorld& w = steel_world();
  EXPECT_GE(w.fleet.size(), 50u);
  EXPECT_NEAR(static_cast<double>(w.fleet.size()), expected_arrivals(steel_week()) / 3, 1.0);
  std::set<std::string> plates;
  for (const SimVehicle& v : w.fleet) {
    auto p = rules::parse_plate(v.plate);
    ASSERT_TRUE(p.ok()) << v.plate << ": " << p.error();
    EXPECT_EQ(p.value().text, v.plate);
    EXPECT_EQ(p.value().province, "豫");
    EXPECT_TRUE(plates.insert(v.plate).second) << v.plate << " twice";
    switch (v.plate_color) {
      case gate::v1::PLATE_COLOR_GREEN:
        EXPECT_EQ(p.value().kind, rules::PlateKind::kNewEnergySmall) << v.plate;
        break;
      case gate::v1::PLATE_COLOR_YELLOW_GREEN:
        EXPECT_EQ(p.value().kind, rules::PlateKind::kNewEnergyLarge) << v.plate;
        break;
      default:
        EXPECT_EQ(p.value().kind, rules::PlateKind::kOrdinary) << v.plate;
    }
    if (rules::is_new_energy(p.value())) {
      EXPECT_EQ(p.value().pure_electric, v.fuel == gate::v1::FUEL_TYPE_ELECTRIC) << v.plate;
    }
    EXPECT_NE(v.stage, gate::v1::EMISSION_STAGE_UNSPECIFIED);
    EXPECT_NE(v.fuel, gate::v1::FUEL_TYPE_UNSPECIFIED);
  }
}

TEST(TrafficGenerator, ArrivalsAreTimeOrderedInsideTheWindowOverTheLanes) {
  const auto& s = steel_week();
  const SimWorld& w = steel_world();
  const std::int64_t from = start_unix_ms(s);
  const std::int64_t until = from + std::int64_t{s.duration_hours()} * 3600 * 1000;
  ASSERT_FALSE(w.arrivals.empty());
  std::int64_t last = from;
  std::size_t l1 = 0;
  for (const SimArrival& a : w.arrivals) {
    EXPECT_GE(a.time_unix_ms, last);
    EXPECT_LT(a.time_unix_ms, until);
    last = a.time_unix_ms;
    EXPECT_EQ(a.gate_id, "HN-JZ-DEMO-G1");
    EXPECT_TRUE(a.lane_id == "L1" || a.lane_id == "L2") << a.lane_id;
    l1 += a.lane_id == "L1" ? 1 : 0;
    ASSERT_LT(a.vehicle, w.fleet.size());
  }
  EXPECT_NEAR(static_cast<double>(l1), w.arrivals.size() / 2.0, 1.0);
}

TEST(TrafficGenerator, DailyCountsMatchTheConfiguredTotal) {
  const auto& s = steel_week();
  double per_day = 0;
  for (const auto& r : s.arrivals().hours())
    per_day += (r.to_hour() - r.from_hour()) * r.per_hour();
  ASSERT_DOUBLE_EQ(per_day, 7000);
  std::array<int, 7> days{};
  for (const SimArrival& a : steel_world().arrivals) {
    ++days[static_cast<std::size_t>((a.time_unix_ms - start_unix_ms(s)) / 86'400'000)];
  }
  for (std::size_t d = 0; d < days.size(); ++d) {
    const double expected = per_day + (d == 0 ? 120 : 0);  // Monday's ore convoy
    EXPECT_NEAR(days[d], expected, 0.05 * expected) << "day " << d;
  }
  EXPECT_DOUBLE_EQ(expected_arrivals(s), 7 * 7000 + 120);
}

TEST(TrafficGenerator, NewEnergyShareFollowsTheScenario) {
  const SimWorld& w = steel_world();
  std::size_t ne = 0;
  for (const SimArrival& a : w.arrivals) ne += w.fleet[a.vehicle].new_energy ? 1 : 0;
  const double share = static_cast<double>(ne) / static_cast<double>(w.arrivals.size());
  EXPECT_NEAR(share, steel_week().fleet().new_energy_share(), 0.03);
}

TEST(TrafficGenerator, HourOfDayProfileFollowsTheRates) {
  const auto& s = steel_week();
  std::array<int, 24> hours{};
  for (const SimArrival& a : steel_world().arrivals) ++hours[local_hour(a.time_unix_ms)];
  for (int h = 0; h < 24; ++h) {
    double expected = 0;
    for (int d = 0; d < 7; ++d) {
      expected += arrival_rate_per_hour(s, *parse_scenario_time(s.start()) + d * 86400 + h * 3600);
    }
    if (h == 9) {
      ASSERT_DOUBLE_EQ(expected, 7 * 380 + 120);
    }
    EXPECT_NEAR(hours[h], expected, 0.12 * expected) << "hour " << h;
  }
  int night = 0;
  int day = 0;
  for (int h = 0; h < 6; ++h) night += hours[h];
  for (int h = 8; h < 18; ++h) day += hours[h];
  EXPECT_LT(night / 6.0, 0.5 * day / 10.0);  // 150 vs 380 per hour
}

TEST(TrafficGenerator, BurstAddsArrivalsInItsWindow) {
  const auto& s = steel_week();
  std::array<int, 7> nine_to_ten{};
  for (const SimArrival& a : steel_world().arrivals) {
    if (local_hour(a.time_unix_ms) != 9) continue;
    ++nine_to_ten[static_cast<std::size_t>((a.time_unix_ms - start_unix_ms(s)) / 86'400'000)];
  }
  double others = 0;
  for (std::size_t d = 1; d < 7; ++d) others += nine_to_ten[d];
  others /= 6;
  EXPECT_NEAR(others, 380, 40);
  EXPECT_GT(nine_to_ten[0], others + 60);  // 120 extra expected
}

TEST(TrafficGenerator, CameraReadsFollowReadQualityAndBehaviour) {
  const auto& s = steel_week();
  const SimWorld& w = steel_world();
  const double n = static_cast<double>(w.arrivals.size());
  int misread = 0, low = 0, duplicate = 0, tailgating = 0, back_out = 0;
  for (const SimArrival& a : w.arrivals) {
    const SimVehicle& v = w.fleet[a.vehicle];
    EXPECT_EQ(a.read_color, v.plate_color);
    if (a.misread) {
      ++misread;
      EXPECT_NE(a.read_plate, v.plate);
      EXPECT_EQ(rules::utf8_length(a.read_plate), rules::utf8_length(v.plate));
    } else {
      EXPECT_EQ(a.read_plate, v.plate);
    }
    if (a.low_confidence) {
      ++low;
      EXPECT_GE(a.confidence, s.reads().low_confidence().min());
      EXPECT_LE(a.confidence, s.reads().low_confidence().max());
    } else {
      EXPECT_GE(a.confidence, 0.9);
      EXPECT_LE(a.confidence, 1.0);
    }
    if (a.tailgating) {
      ++tailgating;
      EXPECT_EQ(a.reads, 0);
      EXPECT_FALSE(a.backs_out);
    } else {
      EXPECT_TRUE(a.reads == 1 || a.reads == 2);
      duplicate += a.reads == 2 ? 1 : 0;
    }
    back_out += a.backs_out ? 1 : 0;
  }
  EXPECT_NEAR(misread / n, s.reads().misread_share(), 0.5 * s.reads().misread_share());
  EXPECT_NEAR(low / n, s.reads().low_confidence_share(), 0.3 * s.reads().low_confidence_share());
  EXPECT_NEAR(duplicate / n, s.reads().duplicate_read_share(), 0.01);
  EXPECT_GT(tailgating, 0);
  EXPECT_LT(tailgating / n, 3 * s.behaviour().tailgating_share());
  EXPECT_NEAR(back_out / n, s.behaviour().back_out_share(), 0.6 * s.behaviour().back_out_share());
}

TEST(TrafficGenerator, PerHourRatesWithoutReadsOrBehaviourGivePerfectReads) {
  std::string text = R"(
name: "tiny"
start: "2026-11-23 00:30"
duration_hours: 24
gates { gate_id: "G1" lane_ids: ["A"] }
gates { gate_id: "G2" lane_ids: ["B", "C"] }
arrivals {
  per_hour: [0, 0, 0, 0, 0, 0, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 0, 0, 0, 0, 0, 0]
}
fleet {
  kinds {
    name: "electric pickup" weight: 1 plate_color: PLATE_COLOR_GREEN
    vehicle_class: VEHICLE_CLASS_IN_PLANT
    stages { stage: EMISSION_STAGE_ELECTRIC weight: 1 }
    fuels { fuel: FUEL_TYPE_ELECTRIC weight: 1 }
  }
  kinds {
    name: "van" weight: 1 plate_color: PLATE_COLOR_BLUE vehicle_class: VEHICLE_CLASS_TRANSPORT
    stages { stage: EMISSION_STAGE_CHINA_VI weight: 1 }
    fuels { fuel: FUEL_TYPE_PETROL weight: 1 }
  }
}
seed: 7
)";
  auto r = parse_scenario(text, "tiny.textproto");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_DOUBLE_EQ(expected_arrivals(r.value()), 720);
  const SimWorld w = generate_world(r.value());
  EXPECT_EQ(w.fleet.size(), 240u);
  EXPECT_NEAR(static_cast<double>(w.arrivals.size()), 720, 4 * std::sqrt(720.0));
  const std::array<const char*, 3> lanes = {"A", "B", "C"};
  for (std::size_t i = 0; i < w.arrivals.size(); ++i) {
    const SimArrival& a = w.arrivals[i];
    const int h = local_hour(a.time_unix_ms);
    EXPECT_TRUE(h >= 6 && h < 18) << h;
    EXPECT_EQ(a.lane_id, lanes[i % 3]);
    EXPECT_EQ(a.gate_id, i % 3 == 0 ? "G1" : "G2");
    EXPECT_FALSE(a.misread || a.low_confidence || a.tailgating || a.backs_out);
    EXPECT_EQ(a.read_plate, w.fleet[a.vehicle].plate);
    EXPECT_EQ(a.reads, 1);
  }
  std::size_t green = 0;  // no new_energy_share: the kind weights (1:1) decide alone
  for (const SimVehicle& v : w.fleet) green += v.new_energy ? 1 : 0;
  EXPECT_NEAR(static_cast<double>(green), 120, 30);
}

TEST(PlateGenerator, MisreadsAreValidDifferentPlatesOrInvalidAsAsked) {
  SimRandom rng(1);
  for (auto color : {gate::v1::PLATE_COLOR_BLUE, gate::v1::PLATE_COLOR_YELLOW,
                     gate::v1::PLATE_COLOR_GREEN, gate::v1::PLATE_COLOR_YELLOW_GREEN}) {
    for (int i = 0; i < 500; ++i) {
      const std::string plate = make_plate(color, i % 2 == 0, rng);
      ASSERT_TRUE(rules::parse_plate(plate).ok()) << plate;
      const std::string valid = misread_plate(plate, 0.0, rng);
      EXPECT_NE(valid, plate);
      EXPECT_TRUE(rules::parse_plate(valid).ok()) << valid;
      const std::string invalid = misread_plate(plate, 1.0, rng);
      EXPECT_FALSE(rules::parse_plate(invalid).ok()) << invalid;
    }
  }
}

TEST(SimRandom, SamplersStayInRangeAndFollowTheirWeights) {
  SimRandom rng(42);
  std::array<int, 3> counts{};
  double sum = 0;
  for (int i = 0; i < 30000; ++i) {
    const double u = rng.uniform01();
    ASSERT_TRUE(u >= 0 && u < 1);
    ASSERT_LT(rng.below(7), 7u);
    ++counts[rng.weighted({1, 0, 3})];
    sum += rng.exponential(2.0);
  }
  EXPECT_EQ(counts[1], 0);
  EXPECT_NEAR(counts[2] / 30000.0, 0.75, 0.02);
  EXPECT_NEAR(sum / 30000, 0.5, 0.02);
  SimRandom a(5), b(5);
  for (int i = 0; i < 100; ++i) ASSERT_EQ(a.uniform01(), b.uniform01());
}

// A gate with its own kind weights gets its trucks by them: the coal gate of the shipped
// three-gate scenario mostly diesel, its product gate mostly electric; the fleet is the plant's.
TEST(TrafficGenerator, GateKindWeightsShapeEachGatesTraffic) {
  auto s =
      load_scenario(std::string(GATE_SOURCE_DIR) + "/sim/scenarios/plant-three-gates.textproto");
  ASSERT_TRUE(s.ok()) << s.error();
  const SimWorld w = generate_world(s.value());
  std::map<std::string, std::pair<int, int>> electric_of;  // gate -> (electric, all)
  for (const auto& a : w.arrivals) {
    auto& [electric, all] = electric_of[a.gate_id];
    electric += w.fleet[a.vehicle].new_energy;
    ++all;
  }
  auto share = [&](const std::string& gate) {
    const auto& [electric, all] = electric_of[gate];
    EXPECT_GT(all, 300) << gate;
    return all > 0 ? static_cast<double>(electric) / all : 0.0;
  };
  EXPECT_NEAR(share("COAL"), 0.20, 0.06);
  EXPECT_NEAR(share("PRODUCT"), 0.90, 0.05);
  EXPECT_NEAR(share("RAW"), 0.55, 0.07);
  // The same seed gives the same world.
  const SimWorld again = generate_world(s.value());
  ASSERT_EQ(again.arrivals.size(), w.arrivals.size());
  EXPECT_TRUE(same(again.arrivals.back(), w.arrivals.back()));
}

}  // namespace
}  // namespace gate::sim
