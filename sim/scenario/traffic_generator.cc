#include "sim/scenario/traffic_generator.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>
#include <utility>

#include "sim/scenario/plate_generator.h"
#include "sim/scenario/scenario_time.h"

namespace gate::sim {
namespace {

// Independent streams, so that e.g. changing the read quality does not change the fleet.
constexpr std::uint64_t kArrivalStream = 0x9E3779B97F4A7C15ULL;
constexpr std::uint64_t kCameraStream = 0xD1B54A32D192ED03ULL;
// Share of misreads that do not even parse as a plate.
constexpr double kInvalidMisreadShare = 0.3;

struct Window {
  std::int64_t from = 0;  // local seconds
  std::int64_t until = 0;
};

Window window_of(const gate::v1::Scenario& s) {
  const std::int64_t from = parse_scenario_time(s.start()).value_or(0);
  return {from, from + std::int64_t{s.duration_hours()} * 3600};
}

// [from, until) pieces of the window over which the rate is constant: cut at every hour and
// at every burst's start and end.
std::vector<Window> constant_rate_pieces(const gate::v1::Scenario& s) {
  const Window w = window_of(s);
  std::vector<std::int64_t> cuts = {w.from, w.until};
  for (std::int64_t h = (w.from / 3600 + 1) * 3600; h < w.until; h += 3600) cuts.push_back(h);
  for (const auto& b : s.arrivals().bursts()) {
    const std::int64_t at = parse_scenario_time(b.at()).value_or(w.from);
    for (std::int64_t t : {at, at + std::int64_t{b.duration_minutes()} * 60}) {
      if (t > w.from && t < w.until) cuts.push_back(t);
    }
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::vector<Window> pieces;
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) pieces.push_back({cuts[i], cuts[i + 1]});
  return pieces;
}

bool is_new_energy_color(gate::v1::PlateColor c) {
  return c == gate::v1::PLATE_COLOR_GREEN || c == gate::v1::PLATE_COLOR_YELLOW_GREEN;
}

// Kind weights, rescaled so that the new-energy kinds make up new_energy_share when given.
std::vector<double> kind_weights(const gate::v1::FleetMix& fleet) {
  std::vector<double> w;
  double ne_total = 0;
  double other_total = 0;
  for (const auto& k : fleet.kinds()) {
    w.push_back(std::max(0.0, k.weight()));
    (is_new_energy_color(k.plate_color()) ? ne_total : other_total) += w.back();
  }
  if (!fleet.has_new_energy_share()) return w;
  const double share = fleet.new_energy_share();
  for (int i = 0; i < fleet.kinds_size(); ++i) {
    const bool ne = is_new_energy_color(fleet.kinds(i).plate_color());
    const double total = ne ? ne_total : other_total;
    w[static_cast<std::size_t>(i)] =
        total > 0 ? w[static_cast<std::size_t>(i)] / total * (ne ? share : 1 - share) : 0;
  }
  return w;
}

template <class Repeated>
std::vector<double> weights_of(const Repeated& items) {
  std::vector<double> w;
  for (const auto& item : items) w.push_back(std::max(0.0, item.weight()));
  return w;
}

void read_by_camera(const gate::v1::Scenario& s, const SimVehicle& v, SimRandom& rng,
                    SimArrival& a) {
  const auto& q = s.reads();
  a.read_color = v.plate_color;
  a.misread = rng.chance(q.misread_share());
  a.read_plate = a.misread ? misread_plate(v.plate, kInvalidMisreadShare, rng) : v.plate;
  a.low_confidence = rng.chance(q.low_confidence_share());
  a.confidence = a.low_confidence ? rng.uniform(q.low_confidence().min(), q.low_confidence().max())
                                  : rng.uniform(0.9, 1.0);
  a.reads = rng.chance(q.duplicate_read_share()) ? 2 : 1;
  a.tailgating = rng.chance(s.behaviour().tailgating_share());
  a.backs_out = !a.tailgating && rng.chance(s.behaviour().back_out_share());
  if (a.tailgating) a.reads = 0;
}

// How one gate's trucks are drawn from the fleet: by the gate's own kind weights, then a vehicle
// of the drawn kind; empty weights = a vehicle of the whole fleet.
struct GateDraw {
  std::vector<double> weights;                    // per fleet kind
  std::vector<std::vector<std::size_t>> by_kind;  // fleet indexes per fleet kind
};

GateDraw gate_draw(const gate::v1::Scenario& s, const gate::v1::SimGate& g,
                   const std::vector<SimVehicle>& fleet) {
  GateDraw d;
  if (g.kinds_size() == 0) return d;
  d.weights.assign(static_cast<std::size_t>(s.fleet().kinds_size()), 0.0);
  d.by_kind.resize(d.weights.size());
  for (std::size_t i = 0; i < fleet.size(); ++i) d.by_kind[fleet[i].kind].push_back(i);
  for (const auto& w : g.kinds()) {
    for (int k = 0; k < s.fleet().kinds_size(); ++k) {
      // A kind the fleet has no vehicle of cannot be drawn.
      if (s.fleet().kinds(k).name() == w.kind() && !d.by_kind[static_cast<std::size_t>(k)].empty())
        d.weights[static_cast<std::size_t>(k)] = std::max(0.0, w.weight());
    }
  }
  if (std::all_of(d.weights.begin(), d.weights.end(), [](double w) { return w <= 0; }))
    d.weights.clear();
  return d;
}

std::size_t draw_vehicle(const GateDraw& d, std::size_t fleet_size, SimRandom& rng) {
  if (d.weights.empty()) return static_cast<std::size_t>(rng.below(fleet_size));
  const auto& of_kind = d.by_kind[rng.weighted(d.weights)];
  return of_kind[static_cast<std::size_t>(rng.below(of_kind.size()))];
}

}  // namespace

double arrival_rate_per_hour(const gate::v1::Scenario& s, std::int64_t local_seconds) {
  const auto& arr = s.arrivals();
  const int hour = static_cast<int>(((local_seconds / 3600) % 24 + 24) % 24);
  double rate = 0;
  if (arr.per_hour_size() == 24) {
    rate = arr.per_hour(hour);
  } else {
    for (const auto& r : arr.hours()) {
      if (hour >= r.from_hour() && hour < r.to_hour()) rate += r.per_hour();
    }
  }
  for (const auto& b : arr.bursts()) {
    const auto at = parse_scenario_time(b.at());
    if (at && local_seconds >= *at && local_seconds < *at + std::int64_t{b.duration_minutes()} * 60)
      rate += b.extra_per_hour();
  }
  return std::max(0.0, rate);
}

double expected_arrivals(const gate::v1::Scenario& s) {
  double total = 0;
  for (const Window& p : constant_rate_pieces(s)) {
    total += arrival_rate_per_hour(s, p.from) * static_cast<double>(p.until - p.from) / 3600.0;
  }
  return total;
}

std::vector<SimVehicle> generate_fleet(const gate::v1::Scenario& s, SimRandom& rng) {
  const auto size = static_cast<std::size_t>(std::max(50.0, std::ceil(expected_arrivals(s) / 3)));
  const std::vector<double> kinds = kind_weights(s.fleet());
  std::vector<SimVehicle> fleet;
  fleet.reserve(size);
  std::unordered_set<std::string> plates;
  for (std::size_t i = 0; i < size; ++i) {
    SimVehicle v;
    v.kind = rng.weighted(kinds);
    const auto& kind = s.fleet().kinds(static_cast<int>(v.kind));
    v.plate_color = kind.plate_color();
    v.vehicle_class = kind.vehicle_class();
    v.stage = kind.stages(static_cast<int>(rng.weighted(weights_of(kind.stages())))).stage();
    v.fuel = kind.fuels(static_cast<int>(rng.weighted(weights_of(kind.fuels())))).fuel();
    v.new_energy = is_new_energy_color(v.plate_color);
    do {
      v.plate = make_plate(v.plate_color, v.fuel == gate::v1::FUEL_TYPE_ELECTRIC, rng);
    } while (!plates.insert(v.plate).second);
    v.on_ledger = !rng.chance(s.fleet().off_ledger_share());
    v.excess_emission_listed = rng.chance(s.fleet().excess_emission_listed_share());
    fleet.push_back(std::move(v));
  }
  return fleet;
}

SimWorld generate_world(const gate::v1::Scenario& s) {
  SimWorld world;
  SimRandom fleet_rng(s.seed());
  world.fleet = generate_fleet(s, fleet_rng);

  struct LaneOf {
    const std::string* gate;
    const std::string* lane;
    std::size_t draw;  // index into draws
  };
  std::vector<LaneOf> lanes;
  std::vector<GateDraw> draws;
  for (const auto& g : s.gates()) {
    draws.push_back(gate_draw(s, g, world.fleet));
    for (const auto& l : g.lane_ids()) lanes.push_back({&g.gate_id(), &l, draws.size() - 1});
  }
  if (lanes.empty() || world.fleet.empty()) return world;

  SimRandom time_rng(s.seed() ^ kArrivalStream);
  SimRandom camera_rng(s.seed() ^ kCameraStream);
  // A truck that has just been through cannot be back at once: a round trip takes time, and a
  // gate treats a second read of a plate within its debounce window as the same passage.
  constexpr std::int64_t kMinTurnaroundMs = 20 * 60 * 1000;
  std::vector<std::int64_t> last_seen(world.fleet.size(), INT64_MIN / 2);
  for (const Window& p : constant_rate_pieces(s)) {
    const double per_second = arrival_rate_per_hour(s, p.from) / 3600.0;
    if (per_second <= 0) continue;
    double t = static_cast<double>(p.from);
    for (;;) {
      t += time_rng.exponential(per_second);
      const auto local_ms = static_cast<std::int64_t>(std::floor(t * 1000.0));
      if (local_ms >= p.until * 1000) break;
      SimArrival a;
      a.time_unix_ms = local_ms - kLocalUtcOffsetSeconds * 1000;
      const auto& lane = lanes[world.arrivals.size() % lanes.size()];
      a.gate_id = *lane.gate;
      a.lane_id = *lane.lane;
      const GateDraw& draw = draws[lane.draw];
      a.vehicle = draw_vehicle(draw, world.fleet.size(), camera_rng);
      for (int tries = 0; tries < 20 && a.time_unix_ms - last_seen[a.vehicle] < kMinTurnaroundMs;
           ++tries) {
        a.vehicle = draw_vehicle(draw, world.fleet.size(), camera_rng);
      }
      last_seen[a.vehicle] = a.time_unix_ms;
      read_by_camera(s, world.fleet[a.vehicle], camera_rng, a);
      world.arrivals.push_back(std::move(a));
    }
  }
  return world;
}

}  // namespace gate::sim
