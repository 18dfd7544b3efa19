// The plant-wide share's cost (docs/plant.md §3).
//  1. The decision: decide() with the gate's own share tallies against decide() with this gate's
//     lease fetched from PlantShareLeases as gated does at every decision: ns per decision,
//     p50/p99, in one run (the plant is never asked in the decision path).
//  2. Admissions through the plant's allowance: settlements (one transaction: a passage inserted,
//     the tally row locked, the lease re-granted) against a private PostgreSQL cluster on
//     loopback, one gate alone, then three gates contending on the same tally row, each on its
//     own connection: settlements per second and p50/p99 per settlement. Each settlement carries
//     one release (alternately green and diesel), so it is one admission.
//
//   build/bench/plant_share_bench [settlements per gate, default 1000]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "firmware-host/plant/plant_passages.h"
#include "firmware-host/plant/plant_schema.h"
#include "firmware-host/plant/plant_share_leases.h"
#include "firmware-host/plant/plant_share_settlement.h"
#include "firmware-host/policy/policy_file.h"
#include "rules/decide.h"
#include "tests/support/pg_cluster.h"

namespace {

using namespace gate;
using Clock = std::chrono::steady_clock;

struct Figures {
  double p50 = 0, p99 = 0;
};

Figures percentiles(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  if (v.empty()) return {};
  return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 99 / 100)]};
}

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "plant_share_bench: %s\n", what.c_str());
  std::exit(1);
}

gate::v1::Vehicle diesel() {
  gate::v1::Vehicle v;
  v.set_plate("豫H30001");
  v.set_plate_color(gate::v1::PLATE_COLOR_YELLOW);
  v.set_vehicle_class(gate::v1::VEHICLE_CLASS_TRANSPORT);
  v.set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_VI);
  v.set_fuel_type(gate::v1::FUEL_TYPE_DIESEL);
  v.set_valid_from("2025-01-01");
  v.set_valid_until("2099-12-31");
  return v;
}

// ns per decide() of a diesel truck: with the gate's own tallies, and with its plant lease.
void decision_figures() {
  gate::v1::EnterpriseProfile p;
  p.set_industry("steel");
  p.set_grade(gate::v1::PERFORMANCE_GRADE_B);
  p.set_double_high(true);
  p.set_location("jiaozuo/xiuwu");
  auto e = host::load_policy_engine(
      std::string(GATE_SOURCE_DIR) + "/rules/policies/henan-jiaozuo-2025.textproto", p);
  if (!e.ok()) die(e.error());
  const gate::v1::Vehicle v = diesel();
  gate::v1::PlateRead read;
  read.set_plate_text(v.plate());
  read.set_color(v.plate_color());
  read.set_confidence(0.9);
  read.set_direction(gate::v1::DIRECTION_IN);
  read.set_lane_id("L1");
  host::PlantShareLeases leases;
  host::PlantShareSettlement s;
  s.day = "2026-03-02";
  s.leases["green"] = {{900, 890}, 60000};
  s.leases["grade"] = {{900, 899}, 60000};
  leases.settled(s);
  constexpr int kRuns = 200000;
  for (bool plant : {false, true, false, true}) {
    std::vector<double> ns;
    ns.reserve(kRuns);
    rules::ShareState st;
    st.counts["green"] = {1000, 990};  // both ways admitted: the same path through decide()
    st.counts["grade"] = {1000, 999};
    int64_t passed = 0;
    for (int i = 0; i < kRuns; ++i) {
      const auto t0 = Clock::now();
      st.plant_wide = plant;
      if (plant) st.plant = leases.leases("2026-03-02");
      rules::DecisionContext ctx{gate::v1::ALERT_LEVEL_NONE, "2026-03-02", nullptr, &st, false};
      const auto d = rules::decide(*e.value(), rules::DecisionInput{read, &v, ctx});
      ns.push_back(std::chrono::duration<double, std::nano>(Clock::now() - t0).count());
      passed += d.verdict() == gate::v1::VERDICT_PASS;
    }
    const Figures f = percentiles(ns);
    std::printf("decision, %-32s p50 %7.0f ns  p99 %7.0f ns  (%lld of %d passed)\n",
                plant ? "plant lease (fetched each time):" : "gate's own share:", f.p50, f.p99,
                static_cast<long long>(passed), kRuns);
  }
}

// `n` settlements of one release each by gate `gate`; latencies in ms appended to `ms`.
void settle_many(const std::string& conninfo, const std::string& gate, int n,
                 std::vector<double>& ms) {
  auto db = drivers::pg::Connection::Connect(conninfo);
  if (!db.ok()) die(db.error());
  rules::CompiledShareRule r;
  r.counter = "green";
  r.target_bp = 5000;
  r.mode = gate::v1::SHARE_MODE_STRICT;
  for (int i = 1; i <= n; ++i) {
    gate::v1::Passage p;
    p.set_seq(i);
    p.set_gate_id(gate);
    p.set_lane_id("L1");
    p.set_time_unix_ms(1795276800000 + i);
    p.set_outcome(gate::v1::PASSAGE_OUTCOME_PASSED);
    p.mutable_read()->set_plate_text("豫H" + std::to_string(10000 + i));
    host::PlantShareRound round;
    round.today = "2026-11-22";
    round.rules[round.today] = {r};
    round.requested_trucks = 1;
    round.releases[i] = {round.today, {{"green", {1, i % 2}}}};
    auto settle = [&](const std::vector<int64_t>& added) -> Status {
      auto s = host::settle_plant_share(*db.value(), gate, round, added);
      return s.ok() ? Status::Ok() : Status(Error{s.error()});
    };
    const auto t0 = Clock::now();
    auto done = host::push_passages(*db.value(), gate, {p}, 480, settle);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (!done.ok()) die(gate + ": " + done.error());
  }
}

void settlement_figures(int n) {
  auto c = testing::PgCluster::Start();
  if (!c.ok()) die(c.error());
  for (int gates : {1, 3}) {
    auto info = c.value()->create_database("bench_" + std::to_string(gates));
    if (!info.ok()) die(info.error());
    {
      auto db = drivers::pg::Connection::Connect(info.value());
      if (!db.ok() || !host::apply_plant_migrations(*db.value()).ok()) die("migrating");
    }
    std::vector<std::vector<double>> ms(gates);
    std::vector<std::thread> threads;
    const auto t0 = Clock::now();
    for (int g = 0; g < gates; ++g) {
      threads.emplace_back(
          [&, g] { settle_many(info.value(), "G" + std::to_string(g + 1), n, ms[g]); });
    }
    for (auto& t : threads) t.join();
    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
    std::vector<double> all;
    for (const auto& v : ms) all.insert(all.end(), v.begin(), v.end());
    const Figures f = percentiles(all);
    std::printf(
        "settlements, %d gate(s) contending: %6.0f admissions/s  p50 %6.2f ms  p99 "
        "%6.2f ms  (%zu settlements in %.2f s)\n",
        gates, static_cast<double>(all.size()) / s, f.p50, f.p99, all.size(), s);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 1000;
  decision_figures();
  settlement_figures(n);
  return 0;
}
