// Drains a backlog of 100,000 outbox records (50,000 passages, each a decision and an outcome
// record) from a real gated to `gate-sim platform` on loopback, TLS and signed, and reports
// records/s and gated's peak resident memory (VmHWM). Targets: ≥ 5,000 records/s, ≤ 64 MB.
// And through platform profiles to `gate-sim profile-platform` (one call per record, token
// login), each passage with two 150 KB photos: transport-control/1 with each photo a message of
// its own (GATE_BENCH_PROFILE_PASSAGES passages, default 33,334: 100,002 records), and the
// made-up profile with the main photo inline re-encoded under 20 KB (GATE_BENCH_INLINE_PASSAGES,
// default 2,000): records/s, MB/s of photos as sent, gated's peak RSS and its private (anonymous)
// part, sampled: most of gated's resident set is the file-backed pages of shared libraries.
// Run: build/bench/uplink_drain_bench [--benchmark_filter=http|profile] [--seed-to FILE]
#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include "drivers/http/http_client.h"

#include "drivers/uplink/platform_profile.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/photo_store.h"
#include "tests/support/process.h"
#include "tests/support/tls_fixture.h"

namespace {

using namespace gate;
using Clock = std::chrono::steady_clock;

const std::string kBin = GATE_BIN_DIR;
constexpr int kPassages = 50000;
constexpr int64_t kRecords = 2 * kPassages;

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

gate::v1::Passage passage(int i, int64_t t) {
  gate::v1::Passage p;
  p.set_gate_id("BENCH-G1");
  p.set_lane_id("L1");
  p.set_direction(gate::v1::DIRECTION_IN);
  p.set_time_unix_ms(t);
  auto* r = p.mutable_read();
  char plate[32];
  std::snprintf(plate, sizeof plate, "豫H%05d", i % 100000);
  r->set_plate_text(plate);
  r->set_color(gate::v1::PLATE_COLOR_YELLOW);
  r->set_confidence(0.93);
  r->set_camera_id("cam-1");
  r->set_image_sha256(std::string(64, 'a'));
  r->set_source("generic");
  p.set_vehicle_known(true);
  auto* v = p.mutable_vehicle();
  v->set_plate(plate);
  v->set_plate_color(gate::v1::PLATE_COLOR_YELLOW);
  v->set_vehicle_class(gate::v1::VEHICLE_CLASS_TRANSPORT);
  v->set_vin("LZZ5ELND3KW123456");
  v->set_engine_no("E-42");
  v->set_registration_date("2020-05-01");
  v->set_emission_stage(gate::v1::EMISSION_STAGE_CHINA_VI);
  v->set_fuel_type(gate::v1::FUEL_TYPE_DIESEL);
  v->set_fleet("中原钢运");
  auto* d = p.mutable_decision();
  d->set_verdict(gate::v1::VERDICT_PASS);
  d->set_rule_id("pass.all_rules");
  d->set_reason("准予通行");
  d->set_policy_version("bench-1");
  d->set_explanation("bench");
  p.set_alert_level(gate::v1::ALERT_LEVEL_NONE);
  p.set_outcome(gate::v1::PASSAGE_OUTCOME_PENDING);
  return p;
}

// The backlog is written through GateStore (the real commit path) on tmpfs, where fsync is
// free, then copied next to the run: gated drains it from the ordinary disk.
std::string seeded_database() {
  static std::string seeded;
  if (!seeded.empty()) return seeded;
  const std::string dir = "/dev/shm/gate-bench-seed-" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  seeded = dir + "/gate.db";
  {
    auto store = host::GateStore::Open(seeded);
    if (!store.ok()) throw std::runtime_error(store.error());
    // A week-long outage at a busy gate (about 7,000 trucks a day), ending now.
    const int64_t span = 7 * 24 * 3600 * 1000LL;
    const int64_t t0 = now_ms() - span;
    for (int i = 0; i < kPassages; ++i) {
      const int64_t t = t0 + span / kPassages * i;
      auto p = passage(i, t);
      auto seq = store.value()->commit_passage(p, t);
      if (!seq.ok()) throw std::runtime_error(seq.error());
      if (Status st =
              store.value()->set_outcome(seq.value(), gate::v1::PASSAGE_OUTCOME_PASSED, t + 9000);
          !st.ok()) {
        throw std::runtime_error(st.message());
      }
    }
  }
  return seeded;
}

// A /proc/PID/status figure in kB ("VmHWM:" the peak resident set; "RssAnon:" its private part
// now, without the file-backed pages of shared libraries), or -1.
int64_t status_kb(int pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field, 0) == 0) return std::stoll(line.substr(field.size()));
  }
  return -1;
}

int64_t peak_rss_kb(int pid) {
  return status_kb(pid, "VmHWM:");
}

int64_t platform_records(int control_port) {
  drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(control_port), "/"};
  auto r = drivers::http_request(url, "GET", "/mock/report", "", "", 5000);
  if (!r.ok()) return -1;
  auto j = nlohmann::json::parse(r.value().body, nullptr, false);
  return j.is_object() ? j.value("records", int64_t{-1}) : -1;
}

void BM_DrainBacklog(benchmark::State& state, bool tcp, int batch_size) {
  const std::string seed = seeded_database();
  for (auto _ : state) {
    const std::string dir = testing::make_temp_dir();
    std::filesystem::copy_file(seed, dir + "/gate.db");
    auto tls = testing::make_tls_files(dir);
    testing::write_file(dir + "/secret", "bench-secret-0123456789abcdef\n");
    ::chmod((dir + "/secret").c_str(), 0600);
    const int port = testing::free_port(), control = testing::free_port();
    testing::ChildProcess platform(
        {kBin + "/gate-sim", "platform", tcp ? "--tcp-port" : "--port", std::to_string(port),
         "--tls-cert", tls.server_cert, "--tls-key", tls.server_key, "--app-key", "gate-bench",
         "--secret-file", dir + "/secret", "--db", dir + "/platform.db", "--control-port",
         std::to_string(control)},
        dir + "/platform.out", dir + "/platform.err");
    testing::wait_until([&] { return platform_records(control) >= 0; }, 10000);
    const std::string url = tcp ? "tls://127.0.0.1:" + std::to_string(port)
                                : "https://127.0.0.1:" + std::to_string(port) + "/api/v1";
    testing::write_file(
        dir + "/gated.textproto",
        "gate_id: \"BENCH-G1\"\ndatabase_path: \"gate.db\"\nutc_offset_minutes: 480\n"
        "camera { listen_address: \"127.0.0.1\" port: " +
            std::to_string(testing::free_port()) +
            " }\n"
            "lanes { lane_id: \"L1\" barrier { tcp { host: \"127.0.0.1\" port: " +
            std::to_string(testing::free_port()) +
            " } } }\n"
            "uplink { profile: " +
            (tcp ? "UPLINK_PROFILE_TCP_JSON" : "UPLINK_PROFILE_HTTP_JSON") + " url: \"" + url +
            "\" app_key: \"gate-bench\" app_secret_file: \"secret\" ca_file: \"ca.pem\" "
            "batch_size: " +
            std::to_string(batch_size) +
            " timeout_ms: 10000 }\n"
            "policy { version: \"bench-1\" }\n");
    testing::ChildProcess gated({kBin + "/gated", "--config", dir + "/gated.textproto"},
                                dir + "/gated.out", dir + "/gated.err");
    // From the first record at the platform to the last: the drain, without gated's start-up.
    if (!testing::wait_until([&] { return platform_records(control) > 0; }, 60000)) {
      state.SkipWithError("no record reached the platform; see gated.err");
      std::cerr << testing::read_file(dir + "/gated.err");
      break;
    }
    const auto t0 = Clock::now();
    const int64_t first = platform_records(control);
    int64_t peak_kb = 0;
    const bool done = testing::wait_until(
        [&] {
          peak_kb = std::max(peak_kb, peak_rss_kb(gated.pid()));
          return platform_records(control) >= kRecords;
        },
        600000);
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    peak_kb = std::max(peak_kb, peak_rss_kb(gated.pid()));
    gated.stop();
    platform.stop();
    if (!done) {
      state.SkipWithError("the platform did not get every record within 10 minutes");
      break;
    }
    state.SetIterationTime(secs);
    state.counters["records"] = static_cast<double>(kRecords);
    state.counters["records_per_s"] = static_cast<double>(kRecords - first) / secs;
    state.counters["gated_peak_rss_MB"] = static_cast<double>(peak_kb) / 1024.0;
    testing::remove_tree(dir);
  }
}

// A platform profile to drain through: its file, the plant's settings and how many passages.
struct BenchProfile {
  std::string file;
  std::vector<std::pair<std::string, std::string>> settings;
  int passages;
};

int env_count(const char* name, int fallback) {
  const char* n = std::getenv(name);
  return n ? std::max(1, std::atoi(n)) : fallback;
}

// transport-control/1 sends each photo as a sharePhotoInfo message of its own (≤ 200 KB: the
// 150 KB photos go as they are); made-up/3 sends the main photo inline, re-encoded under 20 KB.
BenchProfile bench_profile(const std::string& name) {
  if (name == "transport-control") {
    return {std::string(GATE_SOURCE_DIR) + "/deploy/platforms/transport-control.textproto",
            {{"organ", "B"},
             {"username", "u"},
             {"password", "p"},
             {"enterprise_code", "E"},
             {"enterprise_name", "N"},
             {"gate_code", "G"}},
            env_count("GATE_BENCH_PROFILE_PASSAGES", 33334)};
  }
  return {std::string(GATE_SOURCE_DIR) + "/tests/integration/data/made-up-platform.textproto",
          {{"account", "a"}, {"secret", "s"}, {"site", "JZ-7"}},
          env_count("GATE_BENCH_INLINE_PASSAGES", 2000)};
}

// About 150 KB of JPEG: a camera picture's size.
std::string photo_150k() {
  cv::Mat img(330, 440, CV_8UC3);
  cv::randu(img, cv::Scalar::all(0), cv::Scalar::all(255));
  std::vector<uchar> out;
  cv::imencode(".jpg", img, out, {cv::IMWRITE_JPEG_QUALITY, 90});
  return std::string(out.begin(), out.end());
}

// A backlog of `n` passages, each with two 150 KB photos (the picture and the plate close-up) in
// the store beside the database, queued as the profile sends photos: inline in the passage, or as
// photo records of their own.
std::string seeded_photo_database(int n, bool photo_records, int64_t* photo_bytes) {
  const std::string dir = "/dev/shm/gate-bench-photo-seed-" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string db = dir + "/gate.db";
  const std::string jpeg = photo_150k(), closeup = photo_150k();
  *photo_bytes = static_cast<int64_t>(jpeg.size());
  auto sha = host::PhotoStore(db + ".photos").put(jpeg);
  if (!sha.ok()) throw std::runtime_error(sha.error());
  auto closeup_sha = host::PhotoStore(db + ".photos").put(closeup);
  if (!closeup_sha.ok()) throw std::runtime_error(closeup_sha.error());
  auto store = host::GateStore::Open(db);
  if (!store.ok()) throw std::runtime_error(store.error());
  store.value()->queue_photo_records(photo_records);
  const int64_t span = 24 * 3600 * 1000LL;
  const int64_t t0 = now_ms() - span;
  for (int i = 0; i < n; ++i) {
    const int64_t t = t0 + span / n * i;
    auto p = passage(i, t);
    p.mutable_read()->set_image_sha256(sha.value());
    p.mutable_read()->set_closeup_sha256(closeup_sha.value());
    auto seq = store.value()->commit_passage(p, t);
    if (!seq.ok()) throw std::runtime_error(seq.error());
  }
  return dir;
}

nlohmann::json profile_report(int port) {
  drivers::HttpUrl url{"127.0.0.1", static_cast<uint16_t>(port), "/"};
  auto r = drivers::http_request(url, "GET", "/mock/report", "", "", 5000);
  if (!r.ok()) return nlohmann::json::object();
  auto j = nlohmann::json::parse(r.value().body, nullptr, false);
  return j.is_object() ? j : nlohmann::json::object();
}

// gated's config for draining `dir`/gate.db through `bp` to the platform on `port`.
std::string profile_gated_config(const BenchProfile& bp, int port) {
  std::string settings;
  for (const auto& [k, v] : bp.settings) {
    settings += " platform_settings { key: \"" + k + "\" value: \"" + v + "\" }";
  }
  return "gate_id: \"BENCH-G1\"\ndatabase_path: \"gate.db\"\nutc_offset_minutes: 480\n"
         "camera { listen_address: \"127.0.0.1\" port: " +
         std::to_string(testing::free_port()) +
         " }\n"
         "lanes { lane_id: \"L1\" barrier { tcp { host: \"127.0.0.1\" port: " +
         std::to_string(testing::free_port()) +
         " } } }\n"
         "uplink { url: \"http://127.0.0.1:" +
         std::to_string(port) + "\" profile_file: \"" + bp.file + "\"" + settings +
         " timeout_ms: 10000 }\npolicy { version: \"bench-1\" }\n";
}

// Drains a backlog of passages with 150 KB photos through a platform profile to `gate-sim
// profile-platform`: records/s (passages and photo messages alike), MB/s of photos as sent
// (base64), gated's peak RSS.
void BM_DrainProfileWithPhotos(benchmark::State& state, const std::string& name) {
  const BenchProfile bp = bench_profile(name);
  auto profile = drivers::uplink::load_platform_profile(bp.file);
  if (!profile.ok()) throw std::runtime_error(profile.error());
  const bool photo_records =
      profile.value().photos().mode() == gate::v1::PlatformPhotos::MODE_MESSAGE;
  int64_t photo_bytes = 0;
  const std::string seed = seeded_photo_database(bp.passages, photo_records, &photo_bytes);
  const int64_t expected = bp.passages * (photo_records ? 3 : 1);
  for (auto _ : state) {
    const std::string dir = testing::make_temp_dir();
    std::filesystem::copy(seed, dir, std::filesystem::copy_options::recursive);
    std::string settings_file;
    for (const auto& [k, v] : bp.settings) settings_file += k + "=" + v + "\n";
    testing::write_file(dir + "/settings.txt", settings_file);
    const int port = testing::free_port();
    testing::ChildProcess platform(
        {kBin + "/gate-sim", "profile-platform", "--profile", bp.file, "--settings",
         dir + "/settings.txt", "--port", std::to_string(port)},
        dir + "/platform.out", dir + "/platform.err");
    testing::wait_until([&] { return profile_report(port).contains("records"); }, 10000);
    testing::write_file(dir + "/gated.textproto", profile_gated_config(bp, port));
    testing::ChildProcess gated({kBin + "/gated", "--config", dir + "/gated.textproto"},
                                dir + "/gated.out", dir + "/gated.err");
    if (!testing::wait_until([&] { return profile_report(port).value("records", 0) > 0; }, 60000)) {
      state.SkipWithError("no record reached the platform; see gated.err");
      std::cerr << testing::read_file(dir + "/gated.err");
      break;
    }
    const auto t0 = Clock::now();
    const nlohmann::json first = profile_report(port);
    int64_t peak_kb = 0, peak_anon_kb = 0;
    const bool done = testing::wait_until(
        [&] {
          peak_kb = std::max(peak_kb, peak_rss_kb(gated.pid()));
          peak_anon_kb = std::max(peak_anon_kb, status_kb(gated.pid(), "RssAnon:"));
          return profile_report(port).value("records", 0) >= expected;
        },
        3600000);
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    const nlohmann::json last = profile_report(port);
    gated.stop();
    platform.stop();
    if (!done) {
      state.SkipWithError("the platform did not get every record within an hour");
      break;
    }
    const double records = last.value("records", 0) - first.value("records", 0);
    const double uri_mb =
        (last.value("photo_uri_bytes", int64_t{0}) - first.value("photo_uri_bytes", int64_t{0})) /
        1e6;
    state.SetIterationTime(secs);
    state.counters["passages"] = bp.passages;
    state.counters["records"] = static_cast<double>(expected);
    state.counters["duplicates"] = last.value("duplicates", 0);
    state.counters["photo_kB"] = static_cast<double>(photo_bytes) / 1000.0;
    state.counters["records_per_s"] = records / secs;
    state.counters["photo_MB_per_s"] = uri_mb / secs;
    state.counters["gated_peak_rss_MB"] = static_cast<double>(peak_kb) / 1024.0;
    state.counters["gated_peak_anon_MB"] = static_cast<double>(peak_anon_kb) / 1024.0;
    testing::remove_tree(dir);
  }
  std::filesystem::remove_all(seed);
}

BENCHMARK_CAPTURE(BM_DrainProfileWithPhotos, profile_transport_control_photo_messages,
                  std::string("transport-control"))
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_DrainProfileWithPhotos, profile_made_up_inline_20k, std::string("made-up"))
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kSecond);

BENCHMARK_CAPTURE(BM_DrainBacklog, http_json_batch100, false, 100)
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_DrainBacklog, http_json_batch250, false, 250)
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_DrainBacklog, tcp_json_inflight100, true, 100)
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kSecond);

}  // namespace

int main(int argc, char** argv) {
  // --seed-to FILE: only write the backlog database (for experiments by hand) and exit.
  if (argc == 3 && std::string(argv[1]) == "--seed-to") {
    std::filesystem::copy_file(seeded_database(), argv[2]);
    std::filesystem::remove_all("/dev/shm/gate-bench-seed-" + std::to_string(::getpid()));
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  // The seed lives on tmpfs for the run only.
  std::filesystem::remove_all("/dev/shm/gate-bench-seed-" + std::to_string(::getpid()));
  return 0;
}
