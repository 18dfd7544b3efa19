// decide() on the hot path: a 100,000-vehicle ledger and the full Henan (Jiaozuo) policy set
// compiled for a steel plant of grade B that is a key double-high enterprise (the profile that
// binds the most rule sets). Each iteration looks a plate read up in the ledger index and
// decides it, as the lane does. Target: under 5 µs per decision.
//
//   build/bench/decide_bench [--benchmark_filter=…]
#include <benchmark/benchmark.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "firmware-host/ledger/ledger_index.h"
#include "firmware-host/policy/policy_file.h"
#include "rules/decide.h"

namespace {

using namespace gate;

constexpr int kLedger = 100000;
constexpr int kReads = 8192;  // distinct reads cycled through (cache behaviour of a busy gate)

const char* kLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ";

std::string plate(std::mt19937& rng, bool nev) {
  std::string p = "豫";
  p += kLetters[rng() % 24];
  for (int i = 0; i < 5; ++i) p += static_cast<char>('0' + rng() % 10);
  if (nev) p += "D";
  return p;
}

// A plausible mix: 45 % new-energy trucks, China IV-VI diesel and gas trucks, in-plant
// vehicles, machinery, some with exemptions; validity periods on all.
struct World {
  std::shared_ptr<const rules::PolicyEngine> engine;
  host::LedgerIndex ledger;
  std::vector<gate::v1::PlateRead> reads;
  std::vector<const gate::v1::Vehicle*> vehicles;  // resolved, for the decide-only figure
  rules::ShareState share;
  rules::PlatformLists lists;
};

World& world() {
  static World* w = [] {
    auto* w = new World;
    gate::v1::EnterpriseProfile p;
    p.set_industry("steel");
    p.set_grade(gate::v1::PERFORMANCE_GRADE_B);
    p.set_double_high(true);
    auto e = host::load_policy_engine(
        std::string(GATE_SOURCE_DIR) + "/rules/policies/henan-jiaozuo-2025.textproto", p);
    if (!e.ok()) {
      std::fprintf(stderr, "decide_bench: %s\n", e.error().c_str());
      std::exit(1);
    }
    w->engine = e.value();
    std::mt19937 rng(2025);
    std::vector<gate::v1::Vehicle> vs;
    vs.reserve(kLedger);
    std::vector<std::string> plates;
    while (static_cast<int>(vs.size()) < kLedger) {
      gate::v1::Vehicle v;
      const int kind = static_cast<int>(rng() % 100);
      const bool nev = kind < 45;
      v.set_plate(plate(rng, nev));
      v.set_vehicle_class(kind < 85   ? gate::v1::VEHICLE_CLASS_TRANSPORT
                          : kind < 95 ? gate::v1::VEHICLE_CLASS_IN_PLANT
                                      : gate::v1::VEHICLE_CLASS_NON_ROAD_MACHINERY);
      if (nev) {
        v.set_plate_color(gate::v1::PLATE_COLOR_YELLOW_GREEN);
        v.set_emission_stage(gate::v1::EMISSION_STAGE_ELECTRIC);
        v.set_fuel_type(gate::v1::FUEL_TYPE_ELECTRIC);
      } else {
        v.set_plate_color(gate::v1::PLATE_COLOR_YELLOW);
        v.set_emission_stage(
            static_cast<gate::v1::EmissionStage>(gate::v1::EMISSION_STAGE_CHINA_IV + rng() % 3));
        v.set_fuel_type(rng() % 4 == 0 ? gate::v1::FUEL_TYPE_NATURAL_GAS
                                       : gate::v1::FUEL_TYPE_DIESEL);
      }
      if (kind % 17 == 0) {
        v.set_exemption(gate::v1::EXEMPTION_KIND_HAZARDOUS_GOODS);
        v.set_exemption_basis("危运证 豫交运管许可焦字410800000001");
      }
      v.set_registration_code("HN" + std::to_string(vs.size()));
      v.set_machinery_registration(gate::v1::MACHINERY_REGISTRATION_REGISTERED);
      v.set_test_report_valid_until("2027-12-31");
      v.set_positioning(gate::v1::POSITIONING_STATUS_OK);
      v.set_valid_from("2025-01-01");
      v.set_valid_until("2027-12-31");
      plates.push_back(v.plate());
      vs.push_back(std::move(v));
    }
    w->ledger.reset(std::move(vs));
    for (int i = 0; i < kReads; ++i) {
      gate::v1::PlateRead r;
      // 5 % of reads are trucks not in the ledger.
      r.set_plate_text(i % 20 == 0 ? plate(rng, false) : plates[rng() % plates.size()]);
      const auto* v = w->ledger.find(r.plate_text());
      r.set_color(v ? v->plate_color() : gate::v1::PLATE_COLOR_YELLOW);
      r.set_confidence(0.9);
      r.set_direction(gate::v1::DIRECTION_IN);
      r.set_lane_id("L1");
      w->reads.push_back(std::move(r));
      w->vehicles.push_back(v);
    }
    // Mid-morning tallies: 180 released, 150 green, 170 China V+.
    w->share.counts["green"] = {180, 150};
    w->share.counts["grade"] = {180, 170};
    for (int i = 0; i < 500; ++i) w->lists.excess_emission.insert(plate(rng, false));
    w->lists.version = "bench";
    return w;
  }();
  return *w;
}

gate::v1::AlertLevel level_of(int64_t arg) {
  return static_cast<gate::v1::AlertLevel>(gate::v1::ALERT_LEVEL_NONE + arg);
}

// Ledger lookup + decide, as LaneController::process does it.
void BM_LookupAndDecide(benchmark::State& state) {
  World& w = world();
  const auto level = level_of(state.range(0));
  std::size_t i = 0;
  int64_t held = 0, refused = 0;
  for (auto _ : state) {
    const auto& read = w.reads[i++ % w.reads.size()];
    const gate::v1::Vehicle* v = w.ledger.find(read.plate_text());
    rules::DecisionContext ctx{level, "2026-03-02", &w.lists, &w.share, false};
    gate::v1::Decision d = rules::decide(*w.engine, rules::DecisionInput{read, v, ctx});
    held += d.verdict() == gate::v1::VERDICT_HOLD;
    refused += d.verdict() == gate::v1::VERDICT_REFUSE;
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["refused_%"] = 100.0 * refused / static_cast<double>(state.iterations());
  state.counters["held_%"] = 100.0 * held / static_cast<double>(state.iterations());
  state.SetLabel(std::string("alert ") + gate::v1::AlertLevel_Name(level) + ", ledger " +
                 std::to_string(w.ledger.size()));
}
BENCHMARK(BM_LookupAndDecide)->DenseRange(0, 3)->Unit(benchmark::kNanosecond);

// decide() alone (the vehicle already resolved).
void BM_DecideOnly(benchmark::State& state) {
  World& w = world();
  std::size_t i = 0;
  for (auto _ : state) {
    const std::size_t k = i++ % w.reads.size();
    rules::DecisionContext ctx{gate::v1::ALERT_LEVEL_ORANGE, "2026-03-02", &w.lists, &w.share,
                               false};
    gate::v1::Decision d =
        rules::decide(*w.engine, rules::DecisionInput{w.reads[k], w.vehicles[k], ctx});
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecideOnly)->Unit(benchmark::kNanosecond);

// decide() on 64 reads that stay in the CPU caches: the cost of the rules themselves, without
// the memory misses of a 100,000-vehicle ledger.
void BM_DecideWarm(benchmark::State& state) {
  World& w = world();
  std::size_t i = 0;
  for (auto _ : state) {
    const std::size_t k = i++ % 64;
    rules::DecisionContext ctx{gate::v1::ALERT_LEVEL_ORANGE, "2026-03-02", &w.lists, &w.share,
                               false};
    gate::v1::Decision d =
        rules::decide(*w.engine, rules::DecisionInput{w.reads[k], w.vehicles[k], ctx});
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecideWarm)->Unit(benchmark::kNanosecond);

// The rule index alone: finding the rules in force for a date.
void BM_RulesForDate(benchmark::State& state) {
  World& w = world();
  const char* dates[] = {"2025-06-01", "2025-09-30", "2025-10-01", "2025-12-01", "2026-03-02"};
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(w.engine->rules_for(dates[i++ % 5]));
}
BENCHMARK(BM_RulesForDate)->Unit(benchmark::kNanosecond);

}  // namespace

BENCHMARK_MAIN();
