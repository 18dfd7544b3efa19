// The uplink's delivery metrics on a year-old outbox (figures in README "Measured"):
// GateStore::outbox_stats over N rows (default 700,000: a busy gate's year, ~1,900 records a
// day) with a backlog of 10, as the uplink reads it every 2 s (since = now: the backlog only),
// with each log line (since = 0: the whole history), and the single full-scan query it replaced.
//
//   build/bench/outbox_stats_bench [--rows=N] [--benchmark_filter=…]
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>

#include "firmware-host/store/gate_store.h"

namespace {

using gate::host::GateStore;

constexpr int64_t kT0 = 1'700'000'000'000;
constexpr int64_t kEveryMs = 45'000;
int64_t g_rows = 700'000;

GateStore& store() {
  static std::unique_ptr<GateStore> s = [] {
    const auto path = std::filesystem::temp_directory_path() /
                      ("outbox_stats_bench_" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path);
    auto opened = GateStore::Open(path.string());
    if (!opened.ok()) {
      std::fprintf(stderr, "outbox_stats_bench: %s\n", opened.error().c_str());
      std::exit(1);
    }
    auto& db = opened.value()->db();
    // Outbox rows only (no passages behind them): what the metrics read.
    const std::string fill =
        "PRAGMA foreign_keys=OFF; BEGIN; "
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
        std::to_string(g_rows) +
        ") INSERT INTO outbox(passage_seq, kind, created_unix_ms, acked_unix_ms) "
        "SELECT i, 'passage', " +
        std::to_string(kT0) + " + i * " + std::to_string(kEveryMs) +
        ", CASE WHEN i <= " + std::to_string(g_rows - 10) + " THEN " + std::to_string(kT0) +
        " + i * " + std::to_string(kEveryMs) + " + 300 END FROM n; COMMIT;";
    if (auto st = db.exec(fill); !st.ok()) {
      std::fprintf(stderr, "outbox_stats_bench: %s\n", st.message().c_str());
      std::exit(1);
    }
    std::filesystem::remove(path);  // unlinked; the open connection keeps it until exit
    std::printf("outbox rows: %lld (10 pending)\n", static_cast<long long>(g_rows));
    return std::move(opened).value();
  }();
  return *s;
}

int64_t now_ms() {
  return kT0 + (g_rows + 1) * kEveryMs;
}

void BM_OutboxStats_BacklogOnly(benchmark::State& state) {
  auto& s = store();
  for (auto _ : state) {
    auto r = s.outbox_stats(60'000, now_ms());
    if (!r.ok() || r.value().pending != 10) state.SkipWithError("wrong backlog");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_OutboxStats_BacklogOnly)->Unit(benchmark::kMillisecond);

void BM_OutboxStats_LastDay(benchmark::State& state) {
  auto& s = store();
  for (auto _ : state) {
    auto r = s.outbox_stats(60'000, now_ms() - 86'400'000);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_OutboxStats_LastDay)->Unit(benchmark::kMillisecond);

void BM_OutboxStats_WholeHistory(benchmark::State& state) {
  auto& s = store();
  for (auto _ : state) {
    auto r = s.outbox_stats(60'000, 0);
    if (!r.ok() || r.value().acked != g_rows - 10) state.SkipWithError("wrong acked count");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_OutboxStats_WholeHistory)->Unit(benchmark::kMillisecond);

// The one query outbox_stats ran before (every row read at each check), for the ratio.
void BM_FullScanBefore(benchmark::State& state) {
  auto& s = store();
  for (auto _ : state) {
    auto q = s.db().prepare(
        "SELECT SUM(acked_unix_ms IS NULL AND parked_unix_ms IS NULL), "
        "SUM(acked_unix_ms IS NOT NULL AND created_unix_ms >= ?), "
        "MIN(CASE WHEN acked_unix_ms IS NULL AND parked_unix_ms IS NULL "
        "THEN created_unix_ms END), "
        "SUM(acked_unix_ms IS NULL AND parked_unix_ms IS NOT NULL), "
        "SUM(acked_unix_ms IS NOT NULL AND created_unix_ms >= ? "
        "AND acked_unix_ms - created_unix_ms <= ?) FROM outbox NOT INDEXED");
    q.value().bind(1, int64_t{0}).bind(2, int64_t{0}).bind(3, int64_t{60'000});
    auto r = q.value().step();
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_FullScanBefore)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--rows=", 7) == 0) g_rows = std::atoll(argv[i] + 7);
  }
  benchmark::Initialize(&argc, argv);
  store();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
