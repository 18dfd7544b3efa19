// Times offline verification of an audit chain: N passages (each with an outcome event, so
// 2N chain entries) written through GateStore, then verify_gate_records() over all of them.
// Building uses synchronous=OFF (a benchmark fixture, not gated's setting) so it takes minutes,
// not hours of fsyncs. Prints entries/s and passages/s of verification.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "firmware-host/audit/chain_verifier.h"
#include "firmware-host/audit/daily_seal.h"
#include "firmware-host/audit/signing_key.h"
#include "firmware-host/store/gate_store.h"

using namespace gate;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  const int64_t n = argc > 1 ? std::atoll(argv[1]) : 1000000;
  char tmpl[] = "/tmp/verify-bench-XXXXXX";
  const std::string dir = mkdtemp(tmpl);
  const std::string db = dir + "/gate.db";
  auto key = host::SigningKey::LoadOrCreate(dir + "/gate.key");
  auto store = host::GateStore::Open(db);
  if (!key.ok() || !store.ok()) {
    std::fprintf(stderr, "setup failed\n");
    return 1;
  }
  (void)store.value()->db().exec("PRAGMA synchronous=OFF");
  const int64_t t0 = 1795305600000;  // 2026-11-22 08:00 +08:00
  auto build_start = Clock::now();
  for (int64_t i = 0; i < n; ++i) {
    gate::v1::Passage p;
    p.set_gate_id("HN-JZ-0001-G1");
    p.set_lane_id("L1");
    p.set_direction(gate::v1::DIRECTION_IN);
    const int64_t t = t0 + i * 20000;  // one truck every 20 s: ~4,300 a day
    p.set_time_unix_ms(t);
    p.mutable_read()->set_plate_text("豫H" + std::to_string(10000 + i % 90000));
    p.mutable_read()->set_color(gate::v1::PLATE_COLOR_YELLOW);
    p.mutable_read()->set_confidence(0.95);
    p.mutable_read()->set_camera_id("cam-1");
    p.mutable_read()->set_image_sha256(std::string(64, 'a'));
    p.set_vehicle_known(true);
    p.mutable_vehicle()->set_vin("LZZ5ELND3KW123456");
    p.mutable_vehicle()->set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_VI);
    p.mutable_decision()->set_verdict(gate::v1::VERDICT_PASS);
    p.mutable_decision()->set_rule_id("pass.all_rules");
    p.mutable_decision()->set_reason("放行 pass");
    p.mutable_decision()->set_policy_version("henan-2025");
    p.set_outcome(gate::v1::PASSAGE_OUTCOME_PENDING);
    auto seq = store.value()->commit_passage(p, t);
    if (!seq.ok() ||
        !store.value()->set_outcome(seq.value(), gate::v1::PASSAGE_OUTCOME_PASSED, t + 8000).ok()) {
      std::fprintf(stderr, "write failed at %lld\n", static_cast<long long>(i));
      return 1;
    }
    if ((i + 1) % 100000 == 0) std::fprintf(stderr, "built %lld\n", static_cast<long long>(i + 1));
  }
  const std::string today = "2099-01-01";
  auto sealed =
      host::seal_closed_days(store.value()->db(), key.value(), "HN-JZ-0001-G1", today, 480, t0);
  const double build_s = std::chrono::duration<double>(Clock::now() - build_start).count();
  store.value().reset();

  auto ro = host::GateStore::Open(db, true);
  host::VerifyOptions opt;
  opt.public_pem = key.value().public_pem();
  auto start = Clock::now();
  auto rep = host::verify_gate_records(*ro.value(), opt);
  const double secs = std::chrono::duration<double>(Clock::now() - start).count();
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  if (!rep.ok() || !rep.value().ok) {
    std::fprintf(stderr, "verification failed: %s\n",
                 rep.ok() ? rep.value().failure.c_str() : rep.error().c_str());
    return 1;
  }
  std::printf("passages: %lld, chain entries: %lld, seals: %lld (built in %.1f s)\n",
              static_cast<long long>(n), static_cast<long long>(rep.value().chain_entries),
              static_cast<long long>(rep.value().seals), build_s);
  std::printf("verify: %.2f s, %.0f chain entries/s, %.0f passages/s, peak RSS %ld MB\n", secs,
              rep.value().chain_entries / secs, n / secs, ru.ru_maxrss / 1024);
  (void)sealed;
  std::filesystem::remove_all(dir);
  return 0;
}
