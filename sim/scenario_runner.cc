#include "sim/scenario_runner.h"

#include <signal.h>
#include <unistd.h>

#include <google/protobuf/text_format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "drivers/http/http_client.h"
#include "drivers/uplink/code_tables.h"
#include "drivers/uplink/wire_time.h"
#include "sim/child_process.h"
#include "sim/fleet_ledger_csv.h"
#include "sim/mock_platform.h"
#include "sim/scenario.h"
#include "sim/scenario_file.h"
#include "sim/scenario_time.h"
#include "sim/virtual_camera.h"

namespace gate::sim {
namespace {

namespace fs = std::filesystem;
using gate::v1::Fault;
using gate::v1::FaultKind;

constexpr int kUtcOffsetMinutes = 480;
constexpr const char* kDefaultPolicy = "../../rules/policies/henan-jiaozuo-2025.textproto";

int64_t system_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}
int64_t system_ms() {
  return system_us() / 1000;
}
void sleep_ms(int64_t ms) {
  if (ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

// Unix ms of a scenario local time (validated scenarios only).
int64_t unix_ms_of(const std::string& local) {
  return (parse_scenario_time(local).value_or(0) - kLocalUtcOffsetSeconds) * 1000;
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// One gated under test and what it takes to start it again after a kill.
struct GateUnderTest {
  std::string gate_id;
  std::vector<std::string> lanes;
  std::string dir, config_path, db_path, log_path;
  int camera_port = 0;
  std::vector<std::string> argv;
  ChildProcess process;
  std::atomic<bool> down{false};
};

// Per-lane state shared between the lane's thread and the world thread (faults).
struct LaneWorld {
  std::string gate_id, lane_id;
  std::unique_ptr<BarrierSlave> barrier;
  GateUnderTest* gate = nullptr;
  std::atomic<bool> camera_silent{false};
  std::vector<std::size_t> arrivals;  // indexes into SimWorld::arrivals, in time order
};

struct LaneTiming {
  int64_t debounce_sim_ms = 0;
  int64_t passage_timeout_sim_ms = 0;
  int64_t decision_wait_real_ms = 0;  // how long a truck waits for the boom before leaving
  // How long a truck occupies the boom loop, and the empty loop behind it. A gate that misses
  // the occupancy waits out its passage timeout while the trucks behind it give up, and then
  // opens for a truck that is no longer there; a real truck covers the loop for seconds.
  int64_t boom_loop_real_ms = 0;
  int64_t loop_gap_real_ms = 0;
};

LaneTiming lane_timing(double rate) {
  LaneTiming t;
  // Settings are simulated time (the lane compares them with its clock); they must also leave
  // the simulated trucks enough real time to act.
  t.debounce_sim_ms = std::max<int64_t>(30000, static_cast<int64_t>(300 * rate));
  t.passage_timeout_sim_ms = std::max<int64_t>(60000, static_cast<int64_t>(1500 * rate));
  // Generous in real time: a truck that gives up before a slow (loaded) gate decides would
  // make the gate's later opening look like one for the next truck.
  t.decision_wait_real_ms = std::max<int64_t>(1500, static_cast<int64_t>(20000 / rate));
  // About 2.5 simulated seconds, and never shorter than ten polls of the module (15 ms) even
  // on a loaded machine: at 60 ms a scheduling stall of the gate's poll thread lost the truck.
  t.boom_loop_real_ms = std::clamp<int64_t>(static_cast<int64_t>(2500 / rate), 150, 2500);
  t.loop_gap_real_ms = 100;
  return t;
}

std::string gate_config_text(const GateUnderTest& g, const std::map<std::string, int>& lane_ports,
                             int platform_port, const std::string& policy_path,
                             const gate::v1::EnterpriseProfile& enterprise, const LaneTiming& t,
                             bool with_uplink) {
  std::string enterprise_text;
  google::protobuf::TextFormat::PrintToString(enterprise, &enterprise_text);
  std::string c = "# written by gate-sim scenario: a gate wired to the simulator on 127.0.0.1\n";
  c += "gate_id: " + quoted(g.gate_id) + "\n";
  c += "enterprise_name: " + quoted(enterprise.name()) + "\n";
  c += "database_path: " + quoted(g.db_path) + "\n";
  c += "utc_offset_minutes: " + std::to_string(kUtcOffsetMinutes) + "\n";
  c += "alert_level: ALERT_LEVEL_NONE\n";
  c += "camera { listen_address: \"127.0.0.1\" port: " + std::to_string(g.camera_port) + " }\n";
  for (const auto& lane : g.lanes) {
    c += "lanes {\n  lane_id: " + quoted(lane) + "\n  direction: DIRECTION_IN\n";
    c += "  debounce_ms: " + std::to_string(t.debounce_sim_ms) + "\n";
    c += "  passage_timeout_ms: " + std::to_string(t.passage_timeout_sim_ms) + "\n";
    c += "  barrier {\n    tcp { host: \"127.0.0.1\" port: " + std::to_string(lane_ports.at(lane)) +
         " }\n    slave_id: 1\n    open_coil: 0\n    pulse_ms: 60\n    entry_loop_input: 0\n"
         "    boom_loop_input: 1\n    response_timeout_ms: 300\n    poll_interval_ms: 15\n"
         "    reconnect_interval_ms: 100\n  }\n}\n";
  }
  if (with_uplink) {
    c += "uplink {\n  profile: UPLINK_PROFILE_HTTP_JSON\n  url: \"http://127.0.0.1:" +
         std::to_string(platform_port) +
         "/api/v1\"\n  batch_size: 100\n  interval_ms: 100\n  timeout_ms: 2000\n"
         "  heartbeat_interval_ms: 200\n  downlink_poll_interval_ms: 200\n"
         "  max_backoff_ms: 1000\n  metrics_log_interval_ms: 60000\n}\n";
  }
  c += "policy_file: " + quoted(policy_path) + "\n";
  c += "enterprise {\n" + enterprise_text + "}\n";
  return c;
}

bool camera_endpoint_up(int port) {
  drivers::HttpUrl url;
  url.host = "127.0.0.1";
  url.port = static_cast<uint16_t>(port);
  return drivers::http_request(url, "GET", "/", "", "text/plain", 300).ok();
}

bool wait_up(int port, int timeout_ms) {
  const int64_t deadline = system_ms() + timeout_ms;
  while (system_ms() < deadline) {
    if (camera_endpoint_up(port)) return true;
    sleep_ms(50);
  }
  return false;
}

// A timeline entry of the world thread.
struct WorldEvent {
  int64_t at_sim_ms = 0;
  std::function<void()> apply;
  bool alert_boundary = false;  // lanes hold their trucks until the gate has it
};

}  // namespace

std::string scenario_policy_path(const gate::v1::Scenario& scenario,
                                 const std::string& scenario_path) {
  const std::string rel = scenario.policy_file().empty() ? kDefaultPolicy : scenario.policy_file();
  if (!rel.empty() && rel[0] == '/') return rel;
  return (fs::absolute(scenario_path).parent_path() / rel).lexically_normal().string();
}

Result<ScenarioObservation> run_scenario(const gate::v1::Scenario& s, const ScenarioRunOptions& o) {
  ScenarioObservation obs;
  obs.world = generate_world(s);
  if (o.max_trucks > 0 && obs.world.arrivals.size() > o.max_trucks) {
    obs.world.arrivals.resize(o.max_trucks);
  }
  auto& arrivals = obs.world.arrivals;
  obs.trucks.resize(arrivals.size());
  for (std::size_t i = 0; i < arrivals.size(); ++i) obs.trucks[i].arrival = i;
  obs.policy_path = scenario_policy_path(s, o.scenario_path);
  const double rate =
      o.speed > 0 ? o.speed : (s.has_time_acceleration() ? s.time_acceleration() : 60);
  const LaneTiming timing = lane_timing(rate);

  std::error_code ec;
  fs::create_directories(o.out_dir, ec);
  if (ec) return Error{o.out_dir + ": cannot create the run directory: " + ec.message()};
  const std::string out = fs::absolute(o.out_dir).string();
  const std::string bin_dir = fs::read_symlink("/proc/self/exe", ec).parent_path().string();
  const std::string gated = o.gated_path.empty() ? bin_dir + "/gated" : o.gated_path;
  const std::string gatectl = o.gatectl_path.empty() ? bin_dir + "/gatectl" : o.gatectl_path;

  // The plant's ledger for the fleet, imported into each gate's database with gatectl.
  const std::string ledger_csv = out + "/ledger.csv";
  {
    std::ofstream f(ledger_csv);
    f << fleet_ledger_csv(s, obs.world.fleet);
    if (!f) return Error{ledger_csv + ": cannot write"};
  }

  // The platform: excess-emission list first, so the gates have it from their first downlink.
  MockPlatformOptions po;
  po.http_port = 0;
  po.db_path = out + "/platform.db";
  fs::remove(po.db_path, ec);
  auto platform = MockPlatform::Start(po);
  if (!platform.ok()) return Error{"mock platform: " + platform.error()};
  MockPlatform& plat = *platform.value();
  for (const auto& plate : excess_emission_list(obs.world.fleet)) {
    gate::v1::ListChange c;
    c.set_list("excess_emission");
    c.set_op("add");
    c.set_plate(plate);
    c.set_reason("remote sensing (scenario)");
    plat.change_list(c);
  }

  // Gates, lanes and barrier modules.
  std::vector<std::unique_ptr<GateUnderTest>> gates;
  std::map<std::string, std::unique_ptr<LaneWorld>> lanes;
  for (const auto& sg : s.gates()) {
    auto g = std::make_unique<GateUnderTest>();
    g->gate_id = sg.gate_id();
    g->dir = out + "/" + sg.gate_id();
    fs::create_directories(g->dir, ec);
    g->config_path = g->dir + "/gated.textproto";
    g->db_path = g->dir + "/gate.db";
    g->log_path = g->dir + "/gated.log";
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(g->db_path + suffix, ec);
    fs::remove(g->log_path, ec);
    auto port = free_loopback_port();
    if (!port.ok()) return Error{port.error()};
    g->camera_port = port.value();
    std::map<std::string, int> lane_ports;
    for (const auto& lane_id : sg.lane_ids()) {
      auto lw = std::make_unique<LaneWorld>();
      lw->gate_id = sg.gate_id();
      lw->lane_id = lane_id;
      lw->gate = g.get();
      auto slave = BarrierSlave::Start(BarrierSlaveOptions{});
      if (!slave.ok()) return Error{"barrier module for lane " + lane_id + ": " + slave.error()};
      lw->barrier = std::move(slave).value();
      lane_ports[lane_id] = lw->barrier->port();
      g->lanes.push_back(lane_id);
      lanes[lane_id] = std::move(lw);
    }
    const std::string policy =
        o.gate_policy_override.empty() ? obs.policy_path : o.gate_policy_override;
    const gate::v1::EnterpriseProfile ent = scenario_enterprise(s);
    std::ofstream cf(g->config_path);
    cf << gate_config_text(*g, lane_ports, plat.http_port(), policy, ent, timing,
                           !o.gate_without_uplink);
    if (!cf) return Error{g->config_path + ": cannot write"};
    cf.close();
    std::string import_out;
    auto rc = run_to_end({gatectl, "ledger", "import", "--db", g->db_path, ledger_csv}, &import_out,
                         120000);
    if (!rc.ok() || rc.value() != 0) {
      return Error{"gatectl ledger import for gate " + g->gate_id +
                   " failed: " + (rc.ok() ? import_out : rc.error())};
    }
    gates.push_back(std::move(g));
  }
  for (std::size_t i = 0; i < arrivals.size(); ++i) {
    auto it = lanes.find(arrivals[i].lane_id);
    if (it != lanes.end()) it->second->arrivals.push_back(i);
  }

  // The simulated clock: the window's start is 3 real seconds away (gated starts meanwhile).
  const int64_t window_start = unix_ms_of(s.start());
  obs.clock.rate = rate;
  obs.clock.sim_base_ms = window_start;
  obs.clock.real_base_ms = system_ms() + 3000;
  const auto& clock = obs.clock;
  auto sim_now = [&clock] { return clock.at(system_ms()); };

  for (auto& g : gates) {
    g->argv = {gated, "--config", g->config_path, "--simulation-clock",
               drivers::format_simulation_clock(clock)};
    auto p = ChildProcess::Spawn(g->argv, g->log_path);
    if (!p.ok()) return Error{p.error()};
    g->process = p.value();
  }
  auto stop_all = [&] {
    for (auto& g : gates) g->process.stop(5000);
  };
  for (auto& g : gates) {
    if (!wait_up(g->camera_port, 30000)) {
      stop_all();
      return Error{"gated for gate " + g->gate_id + " did not start within 30 s; see " +
                   g->log_path};
    }
  }

  // Alerts and faults, in simulated time.
  std::vector<WorldEvent> events;
  std::atomic<int64_t> pending_boundary{INT64_MAX};
  for (const auto& a : s.alerts()) {
    const int64_t from = unix_ms_of(a.from()), until = unix_ms_of(a.until());
    const auto level = a.level();
    events.push_back({from,
                      [&plat, level, from, until] {
                        gate::v1::ControlMeasures c;
                        const int code = drivers::uplink::alert_code(level);
                        c.set_alert_level(code);
                        c.set_response_level(4 - code);  // yellow III, orange II, red I
                        c.add_measures("scenario alert");
                        c.set_issued_at(drivers::uplink::format_wire_time(from, kUtcOffsetMinutes));
                        c.set_effective_until(
                            drivers::uplink::format_wire_time(until, kUtcOffsetMinutes));
                        c.set_issuer("gate-sim");
                        plat.set_control(c);
                      },
                      true});
    events.push_back({until,
                      [&plat, until] {
                        gate::v1::ControlMeasures c;
                        c.set_alert_level(0);
                        c.set_issued_at(
                            drivers::uplink::format_wire_time(until, kUtcOffsetMinutes));
                        c.set_issuer("gate-sim");
                        plat.set_control(c);
                      },
                      true});
  }
  std::mutex obs_mu;
  auto lanes_of = [&](const Fault& f) {
    std::vector<LaneWorld*> out;
    for (auto& [id, lw] : lanes) {
      if (f.lane_id().empty() || f.lane_id() == id) out.push_back(lw.get());
    }
    return out;
  };
  for (const Fault& f : s.faults()) {
    const int64_t from =
        unix_ms_of(f.kind() == gate::v1::FAULT_KIND_DAEMON_KILLED ? f.at() : f.from());
    const int64_t until = f.kind() == gate::v1::FAULT_KIND_DAEMON_KILLED
                              ? from + int64_t{std::max(1, f.restart_after_s())} * 1000
                              : unix_ms_of(f.until());
    std::function<void(bool)> set;
    std::string what;
    switch (f.kind()) {
      case gate::v1::FAULT_KIND_PLATFORM_DOWN:
      case gate::v1::FAULT_KIND_PLATFORM_SLOW:
      case gate::v1::FAULT_KIND_PLATFORM_GARBAGE: {
        const auto mode = f.kind() == gate::v1::FAULT_KIND_PLATFORM_DOWN ? MockPlatform::Mode::kDown
                          : f.kind() == gate::v1::FAULT_KIND_PLATFORM_SLOW
                              ? MockPlatform::Mode::kSlow
                              : MockPlatform::Mode::kGarbage;
        what = "platform " + MockPlatform::mode_name(mode);
        const int delay = f.delay_ms();
        set = [&plat, mode, delay](bool on) {
          if (on && delay > 0) plat.set_slow_ms(delay);
          plat.set_mode(on ? mode : MockPlatform::Mode::kNormal);
        };
        break;
      }
      case gate::v1::FAULT_KIND_MODBUS_MODULE_GONE: {
        what = "barrier module gone" + (f.lane_id().empty() ? "" : " at lane " + f.lane_id());
        auto ls = lanes_of(f);
        set = [ls](bool on) {
          for (auto* l : ls) l->barrier->set_offline(on);
        };
        break;
      }
      case gate::v1::FAULT_KIND_CAMERA_SILENT: {
        what = "camera silent" + (f.lane_id().empty() ? "" : " at lane " + f.lane_id());
        auto ls = lanes_of(f);
        set = [ls](bool on) {
          for (auto* l : ls) l->camera_silent = on;
        };
        break;
      }
      case gate::v1::FAULT_KIND_DAEMON_KILLED: {
        what = "gated killed (SIGKILL) and restarted";
        std::set<GateUnderTest*> gs;
        for (auto* l : lanes_of(f)) gs.insert(l->gate);
        set = [gs, &obs, &obs_mu](bool on) {
          for (auto* g : gs) {
            if (on) {
              g->down = true;
              g->process.signal(SIGKILL);
              g->process.wait(5000);
            } else {
              auto p = ChildProcess::Spawn(g->argv, g->log_path);
              if (p.ok()) g->process = p.value();
              wait_up(g->camera_port, 30000);
              g->down = false;
              std::lock_guard lock(obs_mu);
              ++obs.daemon_restarts;
            }
          }
        };
        break;
      }
      default:
        continue;
    }
    obs.faults.push_back({what, from, until});
    events.push_back({from, [set] { set(true); }, false});
    events.push_back({until, [set] { set(false); }, false});
  }
  std::stable_sort(events.begin(), events.end(), [](const WorldEvent& a, const WorldEvent& b) {
    return a.at_sim_ms < b.at_sim_ms;
  });
  for (const auto& e : events) {
    if (e.alert_boundary) {
      pending_boundary = e.at_sim_ms;
      break;
    }
  }

  std::atomic<bool> traffic_done{false};
  // The gates must have the excess-emission list before the first truck.
  {
    const int64_t deadline = system_ms() + 15000;
    while (plat.served_cursor() < plat.downlink_seq() && system_ms() < deadline) sleep_ms(20);
    sleep_ms(300);
  }
  std::thread world([&] {
    for (std::size_t i = 0; i < events.size(); ++i) {
      const auto& e = events[i];
      while (!traffic_done && sim_now() < e.at_sim_ms) sleep_ms(2);
      if (traffic_done) return;
      e.apply();
      if (e.alert_boundary) {
        const int64_t deadline = system_ms() + 5000;
        while (plat.served_cursor() < plat.downlink_seq() && system_ms() < deadline) sleep_ms(2);
        sleep_ms(250);  // every gate's next heartbeat sees the new cursor and fetches
        int64_t next = INT64_MAX;
        for (std::size_t j = i + 1; j < events.size(); ++j) {
          if (events[j].alert_boundary) {
            next = events[j].at_sim_ms;
            break;
          }
        }
        pending_boundary = next;
      }
    }
  });

  std::atomic<std::size_t> done_count{0};
  const auto t0 = std::chrono::steady_clock::now();
  auto play_lane = [&](LaneWorld& lw) {
    BarrierSlave& bar = *lw.barrier;
    drivers::HttpUrl url;
    url.host = "127.0.0.1";
    url.port = static_cast<uint16_t>(lw.gate->camera_port);
    VirtualCamera camera(url, lw.lane_id, "SIM-CAM-" + lw.lane_id);
    for (std::size_t k = 0; k < lw.arrivals.size(); ++k) {
      const std::size_t idx = lw.arrivals[k];
      const SimArrival& a = arrivals[idx];
      PlayedTruck& t = obs.trucks[idx];
      ++done_count;
      if (a.tailgating) continue;  // driven by the truck ahead of it (below)
      sleep_ms(clock.real_at(a.time_unix_ms) - system_ms());
      while (sim_now() >= pending_boundary.load()) sleep_ms(2);
      if (lw.camera_silent) {
        t.camera_silent = true;
        continue;
      }
      TruckArrival read;
      read.plate = a.read_plate;
      read.color = a.read_color;
      read.confidence = a.confidence;
      bar.set_plate_at_gate(a.read_plate);
      bar.set_entry_loop(true);
      const int opens_before = bar.open_count();
      for (int r = 0; r < std::max(1, a.reads); ++r) {
        const int64_t real_us = system_us();
        const int64_t now_sim = clock.at(real_us / 1000);
        auto st = camera.push(read, now_sim);
        if (st.ok() && st.value() == 200 && !t.pushed) {
          t.pushed = true;
          t.push_real_us = real_us;
          t.push_sim_ms = now_sim;
        }
      }
      if (!t.pushed) {
        t.gate_unreachable = true;
        bar.set_entry_loop(false);
        bar.set_plate_at_gate("");
        continue;
      }
      const int64_t wait_until = system_ms() + timing.decision_wait_real_ms;
      while (bar.open_count() == opens_before && system_ms() < wait_until) sleep_ms(1);
      t.opened = bar.open_count() > opens_before;
      if (!t.opened) {
        bar.set_entry_loop(false);
        bar.set_plate_at_gate("");
        continue;
      }
      t.open_latency_ms =
          static_cast<double>(bar.last_open_unix_ms() * 1000 - t.push_real_us) / 1000.0;
      if (a.backs_out) {
        // Reverses off the loop; the lane waits for its passage timeout before the next truck.
        bar.set_entry_loop(false);
        bar.set_plate_at_gate("");
        sleep_ms(static_cast<int64_t>(timing.passage_timeout_sim_ms / rate) + 300);
        continue;
      }
      const int64_t boom_deadline = system_ms() + 1000;
      while (!bar.boom_up() && system_ms() < boom_deadline) sleep_ms(2);
      bar.set_entry_loop(false);
      bar.set_boom_loop(true);
      sleep_ms(timing.boom_loop_real_ms);
      bar.set_boom_loop(false);
      sleep_ms(timing.loop_gap_real_ms);
      if (k + 1 < lw.arrivals.size() && arrivals[lw.arrivals[k + 1]].tailgating) {
        bar.set_boom_loop(true);  // the next truck follows under the boom, unread
        sleep_ms(timing.boom_loop_real_ms);
        bar.set_boom_loop(false);
        sleep_ms(timing.loop_gap_real_ms);
        t.tailgated = true;
      }
      bar.set_plate_at_gate("");
    }
  };

  std::vector<std::thread> lane_threads;
  for (auto& [id, lw] : lanes) lane_threads.emplace_back([&, l = lw.get()] { play_lane(*l); });
  if (o.progress) {
    std::size_t last = 0;
    while (done_count < arrivals.size()) {
      sleep_ms(500);
      const std::size_t n = done_count;
      if (n - last >= 500 || n == arrivals.size()) {
        std::cout << "gate-sim: " << n << "/" << arrivals.size() << " trucks, simulated time "
                  << format_scenario_time(sim_now() / 1000 + kLocalUtcOffsetSeconds) << std::endl;
        last = n;
      }
    }
  }
  for (auto& th : lane_threads) th.join();
  obs.real_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  traffic_done = true;
  world.join();
  // Faults still in force end with the traffic; the gates then drain what they hold.
  plat.set_mode(MockPlatform::Mode::kNormal);
  for (auto& [id, lw] : lanes) {
    lw->barrier->set_offline(false);
  }
  for (auto& g : gates) {
    if (!g->process.running()) {
      auto p = ChildProcess::Spawn(g->argv, g->log_path);
      if (p.ok()) g->process = p.value();
      wait_up(g->camera_port, 30000);
    }
  }
  // Uploads settle: the platform's count stops moving (or 90 s).
  {
    std::size_t last = 0;
    int stable = 0;
    const int64_t deadline = system_ms() + 90000;
    while (system_ms() < deadline && stable < 6) {
      sleep_ms(500);
      const std::size_t n = plat.records().size();
      stable = n == last ? stable + 1 : 0;
      last = n;
    }
  }
  stop_all();
  for (auto& g : gates) {
    std::string json;
    auto rc = run_to_end(
        {gatectl, "passages", "list", "--db", g->db_path, "--format", "json", "--limit", "0"},
        &json, 120000);
    if (!rc.ok() || rc.value() != 0) {
      obs.problems.push_back("gatectl passages list for gate " + g->gate_id +
                             " failed: " + (rc.ok() ? json.substr(0, 300) : rc.error()));
    }
    obs.gate_passages_json[g->gate_id] = json;
  }
  obs.records = plat.records();
  for (auto& [id, lw] : lanes) obs.coils[id] = lw->barrier->coil_history();
  return obs;
}

}  // namespace gate::sim
