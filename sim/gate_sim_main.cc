// gate-sim: the world outside a gate controller. It plays a barrier I/O module (Modbus TCP
// slave with loop detectors), a smart camera (HTTP push) and the regional platform (HTTP),
// drives a scenario of trucks through gated, and reports what happened. It talks to gated
// only over these real protocols.
#include <signal.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "sim/conformance/scenario_command.h"
#include "sim/devices/barrier_slave.h"
#include "sim/devices/led_display.h"
#include "sim/devices/relay_camera_command.h"
#include "sim/devices/stop_signal.h"
#include "sim/devices/truck_arrivals.h"
#include "sim/devices/virtual_camera.h"
#include "sim/platform/mock_platform.h"
#include "sim/platform/platform_command.h"
#include "sim/platform/profile_platform_command.h"

namespace {

using namespace gate;
using Clock = std::chrono::steady_clock;

constexpr const char* kUsage = R"(usage: gate-sim run --trucks FILE --camera-url URL [options]

Starts a Modbus TCP barrier module and a mock platform, waits for gated's camera endpoint,
then drives each truck of the scenario through the lane: entry loop, camera push(es), wait
for the barrier, drive under the boom. Prints a summary; --report writes it as JSON.

  --trucks FILE            scenario trucks CSV (sim/scenarios/<name>/trucks.csv)
  --camera-url URL         gated's camera receiver, e.g. http://127.0.0.1:18080
  --lane ID                lane id to push for (default L1)
  --modbus-port N          port of the simulated barrier module (default 15020)
  --platform-port N        port of the mock platform (default 18090)
  --platform-profile P     http (default; base URL http[s]://127.0.0.1:N/api/v1) or tcp
  --platform-tls-cert F    with --platform-tls-key: the platform speaks TLS
  --platform-tls-key F
  --platform-app-key K     with --platform-secret-file: signatures are required
  --platform-secret-file F
  --platform-db FILE       the platform stores what it receives in this SQLite file
  --platform-anchors-out F the platform appends the anchors gates send to F (JSON lines)
  --platform-fault M:A:N   platform fault M (down, slow, 500, garbage, drop) from truck A for N
  --decision-wait-ms N     how long a truck waits for the barrier before turning away (500)
  --modbus-offline A:N     the barrier module vanishes before truck A for N trucks
  --modbus-fault M:A:N     the barrier module misbehaves from truck A for N trucks: M is busy
                           (exception 06), late (answers after 1 s), wrong-unit (answers as
                           another unit id) or illegal-address (exception 02)
  --platform-down A:N      the platform answers 503 from truck A for N trucks
  --upload-wait-ms N       how long to wait for the platform to receive everything (20000)
  --report FILE            write the run as JSON (coil history, trucks, platform records)
  --stay                   keep serving Modbus and the platform after the run, until SIGINT
  --quiet                  no per-truck lines

usage: gate-sim scenario FILE --out DIR …  play a scenario file against gated and write the
       conformance report (gate-sim scenario --help)
usage: gate-sim platform …  the mock platform alone (gate-sim platform --help)
usage: gate-sim profile-platform --profile FILE --settings FILE …  a platform speaking a
       field-map profile strictly (gate-sim profile-platform --help)
usage: gate-sim relay-camera --port N …  a camera whose relay drives the barrier
       (Hikvision/Dahua, Digest; gate-sim relay-camera --help)
)";

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

template <class Pred>
bool wait_for(Pred pred, int timeout_ms, int step_ms = 5) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (Clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(step_ms));
  }
  return pred();
}

void sleep_ms(int ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

struct Window {
  int start = -1;
  int count = 0;
  bool contains(int i) const { return start >= 0 && i >= start && i < start + count; }
};

bool parse_window(const std::string& s, Window* w) {
  auto colon = s.find(':');
  if (colon == std::string::npos) return false;
  try {
    w->start = std::stoi(s.substr(0, colon));
    w->count = std::stoi(s.substr(colon + 1));
  } catch (...) {
    return false;
  }
  return w->start >= 0 && w->count > 0;
}

struct TruckResult {
  std::string plate;
  std::string note;
  int status = 0;  // HTTP status of the last push, 0 if none got through
  bool opened = false;
};

// What `gate-sim run` was asked to do, from its options.
struct RunPlan {
  std::vector<sim::TruckArrival> trucks;
  drivers::HttpUrl camera_url;
  Window modbus_off, modbus_fault, platform_down, platform_fault;
  sim::MockPlatform::Mode fault_mode = sim::MockPlatform::Mode::kNormal;
  sim::BarrierFault modbus_fault_mode = sim::BarrierFault::kNone;
  int decision_wait = 500, upload_wait = 20000, modbus_port = 15020, platform_port = 18090;
  std::string lane;
};

// The fault windows; prints what is wrong and returns false (exit 2).
bool parse_fault_windows(const std::map<std::string, std::string>& opt, RunPlan& plan) {
  if (opt.count("--platform-fault")) {
    const std::string& f = opt.at("--platform-fault");
    auto colon = f.find(':');
    auto mode = sim::MockPlatform::mode_from_name(f.substr(0, colon));
    if (colon == std::string::npos || !mode.ok() ||
        !parse_window(f.substr(colon + 1), &plan.platform_fault)) {
      std::cerr << "gate-sim: --platform-fault wants MODE:TRUCK:COUNT, e.g. 500:10:5\n";
      return false;
    }
    plan.fault_mode = mode.value();
  }
  if (opt.count("--modbus-fault")) {
    const std::string& f = opt.at("--modbus-fault");
    auto colon = f.find(':');
    auto mode = sim::barrier_fault_from_name(f.substr(0, colon));
    if (colon == std::string::npos || !mode || *mode == sim::BarrierFault::kNone ||
        !parse_window(f.substr(colon + 1), &plan.modbus_fault)) {
      std::cerr << "gate-sim: --modbus-fault wants MODE:TRUCK:COUNT with MODE busy, late, "
                   "wrong-unit or illegal-address, e.g. busy:10:5\n";
      return false;
    }
    plan.modbus_fault_mode = *mode;
  }
  if (opt.count("--modbus-offline") &&
      !parse_window(opt.at("--modbus-offline"), &plan.modbus_off)) {
    std::cerr << "gate-sim: --modbus-offline wants TRUCK:COUNT, e.g. 10:5\n";
    return false;
  }
  if (opt.count("--platform-down") &&
      !parse_window(opt.at("--platform-down"), &plan.platform_down)) {
    std::cerr << "gate-sim: --platform-down wants TRUCK:COUNT, e.g. 10:5\n";
    return false;
  }
  return true;
}

// The run's options; prints what is wrong and returns nullopt (exit 2).
std::optional<RunPlan> parse_run_plan(const std::map<std::string, std::string>& opt) {
  auto get = [&](const char* k, const std::string& def) {
    auto it = opt.find(k);
    return it == opt.end() ? def : it->second;
  };
  if (!opt.count("--trucks") || !opt.count("--camera-url")) {
    std::cerr << "gate-sim: --trucks and --camera-url are required\n" << kUsage;
    return std::nullopt;
  }
  RunPlan plan;
  auto trucks = sim::load_trucks(opt.at("--trucks"));
  if (!trucks.ok()) {
    std::cerr << "gate-sim: " << trucks.error() << "\n";
    return std::nullopt;
  }
  plan.trucks = trucks.value();
  auto url = drivers::parse_http_url(opt.at("--camera-url"));
  if (!url.ok()) {
    std::cerr << "gate-sim: --camera-url: " << url.error() << "\n";
    return std::nullopt;
  }
  plan.camera_url = url.value();
  if (!parse_fault_windows(opt, plan)) return std::nullopt;
  try {
    plan.decision_wait = std::stoi(get("--decision-wait-ms", "500"));
    plan.upload_wait = std::stoi(get("--upload-wait-ms", "20000"));
    plan.modbus_port = std::stoi(get("--modbus-port", "15020"));
    plan.platform_port = std::stoi(get("--platform-port", "18090"));
  } catch (...) {
    std::cerr << "gate-sim: numeric option expected\n";
    return std::nullopt;
  }
  plan.lane = get("--lane", "L1");
  return plan;
}

// The world of a run: the barrier module, and the mock platform served by its own thread.
struct RunWorld {
  std::unique_ptr<sim::BarrierSlave> barrier;
  std::unique_ptr<boost::asio::io_context> io;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work;
  std::unique_ptr<sim::MockPlatform> platform;
  std::thread io_thread;

  void stop() {
    work.reset();
    io->stop();
    io_thread.join();
  }
};

// Starts the barrier module and the platform and says where they listen; prints what went
// wrong and returns the exit status otherwise.
std::optional<int> start_world(const std::map<std::string, std::string>& opt, const RunPlan& plan,
                               RunWorld& w) {
  sim::BarrierSlaveOptions so;
  so.port = static_cast<uint16_t>(plan.modbus_port);
  auto slave = sim::BarrierSlave::Start(so);
  if (!slave.ok()) {
    std::cerr << "gate-sim: " << slave.error() << "\n";
    return 1;
  }
  w.barrier = std::move(slave).value();
  w.io = std::make_unique<boost::asio::io_context>();
  w.work.emplace(boost::asio::make_work_guard(*w.io));
  auto popt = sim::platform_options(opt, "--platform-");
  if (!popt.ok()) {
    std::cerr << "gate-sim: " << popt.error() << "\n";
    return 2;
  }
  const std::string profile =
      opt.count("--platform-profile") ? opt.at("--platform-profile") : "http";
  if (profile != "http" && profile != "tcp") {
    std::cerr << "gate-sim: --platform-profile must be http or tcp\n";
    return 2;
  }
  (profile == "tcp" ? popt.value().tcp_port : popt.value().http_port) = plan.platform_port;
  auto platform = sim::MockPlatform::Start(popt.value());
  if (!platform.ok()) {
    std::cerr << "gate-sim: " << platform.error() << "\n";
    return 1;
  }
  w.platform = std::move(platform).value();
  w.io_thread = std::thread([io = w.io.get()] { io->run(); });
  const bool tls = !popt.value().tls_cert_file.empty();
  std::cout << "gate-sim: barrier module on 127.0.0.1:" << w.barrier->port()
            << " (Modbus TCP), platform on "
            << (profile == "tcp" ? (tls ? "tls://127.0.0.1:" : "tcp://127.0.0.1:") +
                                       std::to_string(w.platform->tcp_port())
                                 : (tls ? "https://127.0.0.1:" : "http://127.0.0.1:") +
                                       std::to_string(w.platform->http_port()) + "/api/v1")
            << std::endl;
  return std::nullopt;
}

// One truck through the lane: entry loop, camera push(es), wait for the barrier, drive under
// the boom (or turn away).
TruckResult drive_truck(const sim::TruckArrival& t, const RunPlan& plan, sim::BarrierSlave& bar,
                        sim::VirtualCamera& camera) {
  TruckResult r{t.plate, t.note};
  bar.set_plate_at_gate(t.plate);
  bar.set_entry_loop(true);
  const int opens_before = bar.open_count();
  for (int k = 0; k < t.reads; ++k) {
    auto st = camera.push(t, now_ms());
    if (!st.ok()) {
      std::cerr << "gate-sim: push for " << t.plate << " failed: " << st.error() << "\n";
    } else {
      r.status = st.value();
    }
  }
  r.opened = wait_for([&] { return bar.open_count() > opens_before; }, plan.decision_wait);
  if (r.opened) {
    wait_for([&] { return bar.boom_up(); }, 2000);
    bar.set_entry_loop(false);
    bar.set_boom_loop(true);
    sleep_ms(150);  // three polls of the module: the loop is seen
    bar.set_boom_loop(false);
    sleep_ms(120);  // the falling edge is seen, the lane is free again
  } else {
    bar.set_entry_loop(false);
  }
  bar.set_plate_at_gate("");
  return r;
}

// Every truck in turn, with the module and platform faults of its window in force.
std::vector<TruckResult> drive_trucks(const RunPlan& plan, RunWorld& w, bool quiet) {
  auto& bar = *w.barrier;
  auto& plat = *w.platform;
  sim::VirtualCamera camera(plan.camera_url, plan.lane, "SIM-CAM-" + plan.lane);
  const auto& list = plan.trucks;
  std::vector<TruckResult> results;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& t = list[i];
    const int idx = static_cast<int>(i);
    bar.set_offline(plan.modbus_off.contains(idx));
    bar.set_fault(plan.modbus_fault.contains(idx) ? plan.modbus_fault_mode
                                                  : sim::BarrierFault::kNone);
    plat.set_mode(plan.platform_down.contains(idx)    ? sim::MockPlatform::Mode::kDown
                  : plan.platform_fault.contains(idx) ? plan.fault_mode
                                                      : sim::MockPlatform::Mode::kNormal);
    TruckResult r = drive_truck(t, plan, bar, camera);
    if (!quiet) {
      std::cout << "gate-sim: truck " << (i + 1) << "/" << list.size() << " " << t.plate << " "
                << (r.opened ? "barrier opened" : "barrier stayed closed")
                << (t.note.empty() ? "" : "  (" + t.note + ")") << std::endl;
    }
    results.push_back(r);
  }
  bar.set_offline(false);
  bar.set_fault(sim::BarrierFault::kNone);
  plat.set_mode(sim::MockPlatform::Mode::kNormal);
  return results;
}

// What the platform received, counted for the summary.
struct PlatformTally {
  int decisions = 0, outcomes = 0, backfill = 0, pass = 0, refuse = 0, hold = 0;
  std::map<std::string, int> reasons;  // refusals and holds by "rule  reason"
};

PlatformTally tally_records(const std::vector<sim::ReceivedRecord>& records) {
  PlatformTally t;
  for (const auto& rec : records) {
    if (rec.kind == "decision") {
      ++t.decisions;
      if (rec.verdict == "pass" || rec.verdict == "manual_pass") ++t.pass;
      // A held truck (green-share hold queue) did not pass: it is counted with the refusals.
      if (rec.verdict == "refuse" || rec.verdict == "hold") {
        ++(rec.verdict == "hold" ? t.hold : t.refuse);
        t.reasons[rec.rule + "  " + rec.reason]++;
      }
    } else {
      ++t.outcomes;
    }
    t.backfill += rec.backfill;
  }
  return t;
}

// Prints the summary; true when every truck is accounted for (passed + refused + held = sent
// and every accepted event reached the platform).
bool print_summary(const std::vector<TruckResult>& results, double secs, int accepted, int opened,
                   const PlatformTally& t, const sim::MockPlatform& plat) {
  std::cout << "\n=== gate-sim summary ===\n"
            << "trucks sent:            " << results.size() << " in " << static_cast<int>(secs)
            << " s (" << accepted << " events accepted by gated)\n"
            << "barrier opened:         " << opened << "\n"
            << "barrier stayed closed:  " << results.size() - opened << "\n"
            << "platform received:      " << t.decisions << " passage records (" << t.pass
            << " pass, " << t.refuse << " refuse, " << t.hold << " hold), " << t.outcomes
            << " outcome updates, " << t.backfill << " flagged backfill, " << plat.duplicates()
            << " duplicates ignored, " << plat.conflicting_duplicates() << " conflicting\n";
  std::cout << "refusals by rule (from the platform's records):\n";
  for (const auto& [k, n] : t.reasons) std::cout << "  " << n << "  " << k << "\n";
  const bool all_accounted =
      t.pass + t.refuse + t.hold == static_cast<int>(results.size()) && t.decisions == accepted;
  std::cout << (all_accounted ? "every truck accounted for: passed + refused + held = sent\n"
                              : "NOT all trucks accounted for: passed + refused + held != sent\n");
  return all_accounted;
}

// --report: the run as JSON (trucks, coil history, platform records).
void write_report(const std::string& path, const std::vector<TruckResult>& results, double secs,
                  int accepted, int opened, const std::vector<sim::CoilWrite>& coils,
                  const std::vector<sim::ReceivedRecord>& records, const sim::MockPlatform& plat) {
  nlohmann::json rep;
  rep["sent"] = results.size();
  rep["accepted"] = accepted;
  rep["opened"] = opened;
  rep["seconds"] = secs;
  for (const auto& r : results) {
    rep["trucks"].push_back(
        {{"plate", r.plate}, {"status", r.status}, {"opened", r.opened}, {"note", r.note}});
  }
  rep["coil_history"] = nlohmann::json::array();
  for (const auto& c : coils) {
    rep["coil_history"].push_back({{"time_unix_ms", c.time_unix_ms},
                                   {"address", c.address},
                                   {"value", c.value},
                                   {"plate", c.plate_at_gate}});
  }
  rep["platform"]["duplicates"] = plat.duplicates();
  rep["platform"]["conflicting_duplicates"] = plat.conflicting_duplicates();
  rep["platform"]["records"] = nlohmann::json::array();
  for (const auto& rec : records) {
    rep["platform"]["records"].push_back({{"key", rec.key},
                                          {"kind", rec.kind},
                                          {"plate", rec.plate},
                                          {"verdict", rec.verdict},
                                          {"rule", rec.rule},
                                          {"outcome", rec.outcome},
                                          {"backfill", rec.backfill}});
  }
  std::ofstream out(path);
  out << rep.dump(2) << "\n";
  if (!out) std::cerr << "gate-sim: cannot write report " << path << "\n";
}

int run(const std::map<std::string, std::string>& opt, bool stay, bool quiet) {
  const std::optional<RunPlan> plan = parse_run_plan(opt);
  if (!plan) return 2;
  RunWorld w;
  if (auto failed = start_world(opt, *plan, w)) return *failed;
  // gated may still be starting: its camera endpoint answering anything means it is up.
  bool up = wait_for(
      [&] {
        return drivers::http_request(plan->camera_url, "GET", "/", "", "text/plain", 500).ok();
      },
      30000, 100);
  if (!up) {
    std::cerr << "gate-sim: gated's camera endpoint " << opt.at("--camera-url")
              << " did not answer within 30 s; is gated running with that camera port?\n";
    w.stop();
    return 1;
  }
  const auto t0 = Clock::now();
  const std::vector<TruckResult> results = drive_trucks(*plan, w, quiet);
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();

  auto& plat = *w.platform;
  int accepted = 0, opened = 0;
  for (const auto& r : results) {
    accepted += r.status == 200;
    opened += r.opened;
  }
  auto count_decisions = [&] {
    int n = 0;
    for (const auto& rec : plat.records()) n += rec.kind == "decision";
    return n;
  };
  wait_for([&] { return count_decisions() >= accepted; }, plan->upload_wait, 50);
  sleep_ms(300);  // let the last outcome updates arrive too
  const auto records = plat.records();
  const auto coils = w.barrier->coil_history();
  const bool all_accounted =
      print_summary(results, secs, accepted, opened, tally_records(records), plat);
  if (opt.count("--report")) {
    write_report(opt.at("--report"), results, secs, accepted, opened, coils, records, plat);
  }
  if (stay) {
    std::cout << "gate-sim: still serving the barrier module and platform; Ctrl-C to stop"
              << std::endl;
    sim::wait_for_stop_signal();
  }
  w.stop();
  return all_accounted ? 0 : 3;
}

}  // namespace

int main(int argc, char** argv) {
  // Block the stop signals in every thread; --stay waits for them with sigwait.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);

  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "scenario") return sim::run_scenario_command(args);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "platform" && args.size() > 1 && (args[1] == "--help" || args[1] == "-h")) {
    std::cout << sim::kPlatformUsage;
    return 0;
  }
  if (args[0] == "display") return sim::run_display_command(args);
  if (args[0] == "relay-camera") return sim::run_relay_camera_command(args);
  if (args[0] == "profile-platform") return sim::run_profile_platform_command(args);
  if (args[0] != "run" && args[0] != "platform") {
    std::cerr << "gate-sim: unknown command '" << args[0] << "'\n" << kUsage;
    return 2;
  }
  std::map<std::string, std::string> opt;
  bool stay = false, quiet = false;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--stay") {
      stay = true;
    } else if (args[i] == "--quiet") {
      quiet = true;
    } else if (args[i].rfind("--", 0) == 0 && i + 1 < args.size()) {
      opt[args[i]] = args[i + 1];
      ++i;
    } else {
      std::cerr << "gate-sim: unexpected argument '" << args[i] << "'\n" << kUsage;
      return 2;
    }
  }
  if (args[0] == "platform") return sim::run_platform_command(opt);
  return run(opt, stay, quiet);
}
