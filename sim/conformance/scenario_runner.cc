#include "sim/conformance/scenario_runner.h"

#include <signal.h>
#include <unistd.h>

#include <google/protobuf/text_format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "drivers/http/http_client.h"
#include "drivers/uplink/code_tables.h"
#include "drivers/uplink/platform_profile.h"
#include "drivers/uplink/wire_time.h"
#include "sim/conformance/child_process.h"
#include "sim/conformance/plant_cluster.h"
#include "sim/conformance/plant_ledger_edits.h"
#include "sim/devices/truck_arrivals.h"
#include "sim/devices/vendor_camera.h"
#include "sim/platform/mock_platform.h"
#include "sim/platform/profile_platform.h"
#include "sim/platform/profile_records.h"
#include "sim/scenario/fleet_ledger_csv.h"
#include "sim/scenario/scenario_file.h"
#include "sim/scenario/scenario_time.h"

namespace gate::sim {
namespace {

namespace fs = std::filesystem;
using gate::v1::Fault;
using gate::v1::FaultKind;

constexpr int kUtcOffsetMinutes = 480;
constexpr const char* kDefaultPolicy = "../../rules/policies/henan-jiaozuo-2025.textproto";
// The fleet's vehicles on the profile platform's control list: the 13th, then every 25th.
constexpr std::size_t kControlListedOffset = 12;
constexpr std::size_t kControlListedEvery = 25;
constexpr const char* kControlListedReason = "on the platform's control list (scenario)";

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
  std::unique_ptr<VendorCamera> camera;
  AcceptedPushes accepted;  // what the camera got accepted: the attacker's material
};

CameraKind camera_kind_of(gate::v1::SimCameraVendor v) {
  switch (v) {
    case gate::v1::SIM_CAMERA_VENDOR_HIKVISION:
      return CameraKind::kHikvision;
    case gate::v1::SIM_CAMERA_VENDOR_DAHUA:
      return CameraKind::kDahua;
    default:
      return CameraKind::kVzenith;
  }
}

// Per-lane secrets of the declared cameras (gated checks their shape, not their strength).
CameraCredentials camera_credentials(CameraKind kind, const std::string& lane_id) {
  char hex[24];
  std::snprintf(hex, sizeof hex, "%016zx", std::hash<std::string>{}(lane_id));
  CameraCredentials c;
  if (kind == CameraKind::kHikvision) {
    c.user = "admin";
    c.password = std::string("sim-digest-") + hex;
  } else if (kind == CameraKind::kDahua) {
    c.token = std::string("simPathToken-") + hex;
  }
  return c;
}

// The lane's push_cameras entry in gated's configuration: Hikvision with Digest, Dahua with the
// path token, both from 127.0.0.1; "" for a Vzenith lane (undeclared, taken on loopback).
std::string push_camera_text(const std::string& lane_id, CameraKind kind,
                             const CameraCredentials& c) {
  if (kind == CameraKind::kVzenith) return "";
  std::string t = "  push_cameras {\n    camera_id: " +
                  quoted(std::string(camera_kind_name(kind)) + "-" + lane_id) +
                  "\n    source_address: \"127.0.0.1\"\n";
  if (kind == CameraKind::kHikvision) {
    t += "    vendor: PUSH_CAMERA_VENDOR_HIKVISION\n    auth: PUSH_CAMERA_AUTH_DIGEST\n"
         "    username: " +
         quoted(c.user) + "\n    password: " + quoted(c.password) + "\n";
  } else {
    t += "    vendor: PUSH_CAMERA_VENDOR_DAHUA\n    auth: PUSH_CAMERA_AUTH_PATH_TOKEN\n"
         "    token: " +
         quoted(c.token) + "\n";
  }
  return t + "  }\n";
}

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

// The gate's uplink block: to the reference platform at `port`, or through `profile_file` with
// the plant's `settings`.
std::string uplink_config_text(int port, const std::string& profile_file,
                               const std::map<std::string, std::string>& settings) {
  std::string c = "uplink {\n";
  if (profile_file.empty()) {
    c += "  profile: UPLINK_PROFILE_HTTP_JSON\n  url: \"http://127.0.0.1:" + std::to_string(port) +
         "/api/v1\"\n  batch_size: 100\n  heartbeat_interval_ms: 200\n"
         "  downlink_poll_interval_ms: 200\n";
  } else {
    // Pulled every 250 ms rather than at the profile's interval: an alert the platform
    // announces reaches the gate at once, as the reference downlink's does.
    c += "  url: \"http://127.0.0.1:" + std::to_string(port) +
         "\"\n  profile_file: " + quoted(profile_file) + "\n  downlink_poll_interval_ms: 250\n";
    for (const auto& [k, v] : settings) {
      c += "  platform_settings { key: " + quoted(k) + " value: " + quoted(v) + " }\n";
    }
  }
  return c +
         "  interval_ms: 100\n  timeout_ms: 2000\n  max_backoff_ms: 1000\n"
         "  metrics_log_interval_ms: 60000\n}\n";
}

// The gate's plant block: the run's cluster, pushed to every 100 ms (real time) with a short
// backoff so that a gate settles its share lease often and is back soon after a cut.
std::string plant_config_text(const gate::v1::PlantSetup& p, const std::string& conninfo) {
  std::string c = "plant {\n  conninfo: " + quoted(conninfo) +
                  "\n  push_interval_ms: 100\n  max_backoff_ms: 300\n";
  if (p.plant_wide_share()) c += "  plant_wide_share: true\n";
  if (p.share_allowance_trucks() > 0) {
    c += "  share_allowance_trucks: " + std::to_string(p.share_allowance_trucks()) + "\n";
  }
  return c + "}\n";
}

std::string gate_config_text(const GateUnderTest& g, const std::map<std::string, int>& lane_ports,
                             const std::map<std::string, std::string>& lane_cameras,
                             const std::string& uplink, const std::string& plant,
                             const std::string& policy_path,
                             const gate::v1::EnterpriseProfile& enterprise, const LaneTiming& t) {
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
         "    reconnect_interval_ms: 100\n  }\n" +
         lane_cameras.at(lane) + "}\n";
  }
  c += uplink;
  c += plant;
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

// The ControlMeasures the platform publishes when an alert starts (level set) and ends.
gate::v1::ControlMeasures alert_start(gate::v1::AlertLevel level, int64_t from, int64_t until) {
  gate::v1::ControlMeasures c;
  const int code = drivers::uplink::alert_code(level);
  c.set_alert_level(code);
  c.set_response_level(4 - code);  // yellow III, orange II, red I
  c.add_measures("scenario alert");
  c.set_issued_at(drivers::uplink::format_wire_time(from, kUtcOffsetMinutes));
  c.set_effective_until(drivers::uplink::format_wire_time(until, kUtcOffsetMinutes));
  c.set_issuer("gate-sim");
  return c;
}

// The platform's code for our `value` in the profile's table `table` (theirs of the code whose
// ours is `value`), or "" when the table has none.
std::string their_code(const gate::v1::PlatformProfile& profile, const std::string& table,
                       const std::string& value) {
  for (const auto& t : profile.code_tables()) {
    if (t.name() != table) continue;
    for (const auto& c : t.codes()) {
      if (c.ours() == value) return c.theirs();
    }
  }
  return "";
}

// What a profile platform answers its policy pull with while `level` is in force: the
// platform's codes by our control field (ProfilePlatform::set_control).
std::map<std::string, std::string> pulled_control(const gate::v1::PlatformProfile& profile,
                                                  gate::v1::AlertLevel level) {
  static const char* const kLevels[] = {"none", "yellow", "orange", "red"};
  static const char* const kResponses[] = {"none", "III", "II", "I"};  // yellow III … red I
  const int code = drivers::uplink::alert_code(level);
  std::map<std::string, std::string> out;
  const auto* pull =
      drivers::uplink::find_message(profile, gate::v1::PlatformMessage::KIND_POLICY_PULL);
  if (pull == nullptr) return out;
  for (const auto& r : pull->reads()) {
    std::string theirs;
    if (r.to() == "alert_level") theirs = their_code(profile, r.code_table(), kLevels[code]);
    if (r.to() == "response_level") theirs = their_code(profile, r.code_table(), kResponses[code]);
    if (!theirs.empty()) out[r.to()] = theirs;
  }
  return out;
}

gate::v1::ControlMeasures alert_end(int64_t until) {
  gate::v1::ControlMeasures c;
  c.set_alert_level(0);
  c.set_issued_at(drivers::uplink::format_wire_time(until, kUtcOffsetMinutes));
  c.set_issuer("gate-sim");
  return c;
}

// Where the profile has a vehicle check, the platform answers it from its own records of the
// fleet: one vehicle in 20 on record a stage lower than the plant's ledger says (a ledger
// mismatch the gate must record), and one in 25 on the platform's own control list (refused by
// the check, which the local rules know nothing of).
PlatformVehicleTable platform_vehicles(const std::vector<gate::v1::Vehicle>& ledger) {
  PlatformVehicleTable table = platform_records_of(ledger, 20);
  for (std::size_t i = kControlListedOffset; i < ledger.size(); i += kControlListedEvery) {
    PlatformVehicle& v = table[ledger[i].plate()];
    v.may_pass = false;
    v.reason = kControlListedReason;
  }
  return table;
}

// What the profile's vehicle check states, for the judge; off when the profile has none.
VehicleCheckRun vehicle_check_run(const gate::v1::PlatformProfile& profile) {
  VehicleCheckRun run;
  const auto* m =
      drivers::uplink::find_message(profile, gate::v1::PlatformMessage::KIND_VEHICLE_CHECK);
  if (m == nullptr) return run;
  run.on = true;
  run.deadline_ms = m->check().deadline_ms() > 0 ? m->check().deadline_ms() : 800;
  run.degraded =
      m->check().degraded() == gate::v1::PlatformCheck::DEGRADED_REFUSE ? "refuse" : "local";
  run.strictest = m->check().combine() != gate::v1::PlatformCheck::COMBINE_RECORD_ONLY;
  for (const auto& r : m->reads()) {
    run.reads_serial |= r.to() == "serial";
    if (r.to() != "emission_stage") continue;
    for (const auto& t : profile.code_tables()) {
      if (t.name() != r.code_table()) continue;
      for (const auto& c : t.codes()) run.stage_codes.insert(c.ours());
    }
  }
  return run;
}

// The lines of a gated log that raise the check's ALARM and that end it.
void read_check_alarms(const std::string& log_path, std::vector<std::string>& raised,
                       std::vector<std::string>& cleared) {
  std::ifstream in(log_path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find("ALARM platform vehicle check unavailable") != std::string::npos) {
      raised.push_back(line);
    } else if (line.find("platform vehicle check answering again") != std::string::npos) {
      cleared.push_back(line);
    }
  }
}

// A fault of the scenario as the world applies it: what the report calls it, and what turns
// it on and off.
struct FaultSwitch {
  std::string what;
  std::function<void(bool)> set;
};

// One scenario run: the platform, the gates under test with their lanes and barrier modules,
// the timeline of alerts and faults, and what was observed. The steps run in the order of
// run_scenario(); the lane threads and the world thread share this object.
class ScenarioRun {
 public:
  ScenarioRun(const gate::v1::Scenario& s, const ScenarioRunOptions& o);

  Status prepare_run_dir();
  Status write_ledger();
  Status start_platform();
  Status start_profile_platform();
  Status start_plant();
  std::vector<ReceivedRecord> platform_records();
  Status add_gate(const gate::v1::SimGate& sg);
  void assign_arrivals();
  Status start_gateds();
  void schedule_alerts();
  void schedule_profile_alerts();
  void schedule_faults();
  void schedule_plant_cuts();
  void schedule_ledger_edits();
  void order_events();
  void play_traffic();
  void settle();
  ScenarioObservation collect();

 private:
  int64_t sim_now() const { return obs_.clock.at(system_ms()); }
  void stop_all();
  std::vector<LaneWorld*> lanes_of(const Fault& f);
  std::optional<FaultSwitch> fault_switch(const Fault& f);
  FaultSwitch profile_fault_switch(const Fault& f);
  void restart_gates(const std::set<GateUnderTest*>& gs, bool kill);
  void wait_for_downlink(int64_t timeout_ms, int64_t poll_ms);
  void run_world();
  void play_lane(LaneWorld& lw);
  void play_truck(LaneWorld& lw, std::size_t k);
  void run_attacks();
  void drive_through(BarrierSlave& bar, PlayedTruck& t, bool tailgater_behind);
  void report_progress();
  void make_edit(int n);
  void read_ledger_copies();

  const gate::v1::Scenario& s_;
  const ScenarioRunOptions& o_;
  ScenarioObservation obs_;
  double rate_ = 60;
  LaneTiming timing_;
  std::string out_, gated_, gatectl_, ledger_csv_;
  std::unique_ptr<MockPlatform> platform_;             // the reference platform, or
  std::unique_ptr<ProfilePlatform> profile_platform_;  // one of o_.platform_profile_file
  std::unique_ptr<PlantCluster> plant_;                // the scenario's plant, if it has one
  std::map<std::string, gate::v1::Vehicle> parked_;    // the ledger edits' vehicles by plate
  std::vector<std::unique_ptr<GateUnderTest>> gates_;
  std::map<std::string, std::unique_ptr<LaneWorld>> lanes_;
  std::vector<WorldEvent> events_;
  std::atomic<int64_t> pending_boundary_{INT64_MAX};
  std::mutex obs_mu_;
  std::atomic<bool> traffic_done_{false};
  std::atomic<std::size_t> done_count_{0};
};

ScenarioRun::ScenarioRun(const gate::v1::Scenario& s, const ScenarioRunOptions& o) : s_(s), o_(o) {
  obs_.world = generate_world(s);
  if (o.max_trucks > 0 && obs_.world.arrivals.size() > o.max_trucks) {
    obs_.world.arrivals.resize(o.max_trucks);
  }
  obs_.trucks.resize(obs_.world.arrivals.size());
  for (std::size_t i = 0; i < obs_.trucks.size(); ++i) obs_.trucks[i].arrival = i;
  obs_.policy_path = scenario_policy_path(s, o.scenario_path);
  rate_ = o.speed > 0 ? o.speed : (s.has_time_acceleration() ? s.time_acceleration() : 60);
  timing_ = lane_timing(rate_);
}

Status ScenarioRun::prepare_run_dir() {
  std::error_code ec;
  fs::create_directories(o_.out_dir, ec);
  if (ec) return Error{o_.out_dir + ": cannot create the run directory: " + ec.message()};
  out_ = fs::absolute(o_.out_dir).string();
  const std::string bin_dir = fs::read_symlink("/proc/self/exe", ec).parent_path().string();
  gated_ = o_.gated_path.empty() ? bin_dir + "/gated" : o_.gated_path;
  gatectl_ = o_.gatectl_path.empty() ? bin_dir + "/gatectl" : o_.gatectl_path;
  return Status::Ok();
}

// The plant's ledger for the fleet, imported into each gate's database with gatectl, with the
// parked vehicles of the scenario's ledger edits.
Status ScenarioRun::write_ledger() {
  auto parked = parked_vehicles(s_, fleet_ledger(s_, obs_.world.fleet));
  if (!parked.ok()) return Error{parked.error()};
  ledger_csv_ = out_ + "/ledger.csv";
  std::ofstream f(ledger_csv_);
  f << fleet_ledger_csv(s_, obs_.world.fleet);
  for (const auto& v : parked.value()) {
    f << ledger_csv_row(v);
    parked_[v.plate()] = v;
  }
  if (!f) return Error{ledger_csv_ + ": cannot write"};
  return Status::Ok();
}

// The platform: excess-emission list first, so the gates have it from their first downlink.
Status ScenarioRun::start_platform() {
  if (!o_.platform_profile_file.empty()) return start_profile_platform();
  MockPlatformOptions po;
  po.http_port = 0;
  po.db_path = out_ + "/platform.db";
  std::error_code ec;
  fs::remove(po.db_path, ec);
  auto platform = MockPlatform::Start(po);
  if (!platform.ok()) return Error{"mock platform: " + platform.error()};
  platform_ = std::move(platform).value();
  for (const auto& plate : excess_emission_list(obs_.world.fleet)) {
    gate::v1::ListChange c;
    c.set_list("excess_emission");
    c.set_op("add");
    c.set_plate(plate);
    c.set_reason("remote sensing (scenario)");
    platform_->change_list(c);
  }
  return Status::Ok();
}

// A platform of a field-map profile. It publishes no lists and no alerts: the caller gave a
// scenario without them (a profile has no downlink of the reference's kind).
Status ScenarioRun::start_profile_platform() {
  auto profile = drivers::uplink::load_platform_profile(o_.platform_profile_file);
  if (!profile.ok()) return Error{profile.error()};
  ProfilePlatformOptions po;
  po.profile = profile.value();
  po.settings = o_.platform_settings;
  po.vehicles = platform_vehicles(fleet_ledger(s_, obs_.world.fleet));
  if (!o_.gate_without_uplink) obs_.vehicle_check = vehicle_check_run(po.profile);
  auto platform = ProfilePlatform::Start(po);
  if (!platform.ok()) return Error{"profile platform: " + platform.error()};
  profile_platform_ = std::move(platform).value();
  return Status::Ok();
}

// The plant's database, when the scenario has a plant: before the gates, whose configurations
// name it.
Status ScenarioRun::start_plant() {
  if (!s_.has_plant()) return Status::Ok();
  auto cluster = PlantCluster::Start();
  if (!cluster.ok()) return Error{"the plant's database: " + cluster.error()};
  plant_ = std::move(cluster).value();
  obs_.plant.on = true;
  obs_.plant.plant_wide_share = s_.plant().plant_wide_share();
  return Status::Ok();
}

// What the platform has taken so far, as the checks read it.
std::vector<ReceivedRecord> ScenarioRun::platform_records() {
  if (!profile_platform_) return platform_->records();
  std::vector<ReceivedRecord> out;
  for (const auto& r : profile_platform_->received()) {
    auto rec = received_record(profile_platform_->profile(), r, kUtcOffsetMinutes);
    if (rec.ok()) {
      out.push_back(std::move(rec).value());
    } else {
      std::lock_guard lock(obs_mu_);
      obs_.problems.push_back("the platform's record cannot be judged: " + rec.error());
    }
  }
  return out;
}

// A gate, its lanes with their barrier modules, its config and its ledger import.
Status ScenarioRun::add_gate(const gate::v1::SimGate& sg) {
  std::error_code ec;
  auto g = std::make_unique<GateUnderTest>();
  g->gate_id = sg.gate_id();
  g->dir = out_ + "/" + sg.gate_id();
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
  std::map<std::string, std::string> lane_cameras;
  drivers::HttpUrl camera_url;
  camera_url.host = "127.0.0.1";
  camera_url.port = static_cast<uint16_t>(g->camera_port);
  for (const auto& lane_id : sg.lane_ids()) {
    auto lw = std::make_unique<LaneWorld>();
    lw->gate_id = sg.gate_id();
    lw->lane_id = lane_id;
    lw->gate = g.get();
    const CameraKind kind = camera_kind_of(lane_camera_vendor(sg, lane_id));
    const CameraCredentials creds = camera_credentials(kind, lane_id);
    lw->camera =
        std::make_unique<VendorCamera>(camera_url, lane_id, kind, creds, kUtcOffsetMinutes);
    lane_cameras[lane_id] = push_camera_text(lane_id, kind, creds);
    obs_.lane_cameras[lane_id] = std::string(camera_kind_name(kind));
    auto slave = BarrierSlave::Start(BarrierSlaveOptions{});
    if (!slave.ok()) return Error{"barrier module for lane " + lane_id + ": " + slave.error()};
    lw->barrier = std::move(slave).value();
    lane_ports[lane_id] = lw->barrier->port();
    g->lanes.push_back(lane_id);
    lanes_[lane_id] = std::move(lw);
  }
  const std::string policy =
      o_.gate_policy_override.empty() ? obs_.policy_path : o_.gate_policy_override;
  const gate::v1::EnterpriseProfile ent = scenario_enterprise(s_);
  std::ofstream cf(g->config_path);
  const std::string uplink =
      o_.gate_without_uplink ? ""
                             : uplink_config_text(profile_platform_ ? profile_platform_->port()
                                                                    : platform_->http_port(),
                                                  o_.platform_profile_file, o_.platform_settings);
  const std::string plant = plant_ ? plant_config_text(s_.plant(), plant_->conninfo()) : "";
  cf << gate_config_text(*g, lane_ports, lane_cameras, uplink, plant, policy, ent, timing_);
  if (!cf) return Error{g->config_path + ": cannot write"};
  cf.close();
  std::string import_out;
  auto rc = run_to_end({gatectl_, "ledger", "import", "--db", g->db_path, ledger_csv_}, &import_out,
                       120000);
  if (!rc.ok() || rc.value() != 0) {
    return Error{"gatectl ledger import for gate " + g->gate_id +
                 " failed: " + (rc.ok() ? import_out : rc.error())};
  }
  gates_.push_back(std::move(g));
  return Status::Ok();
}

void ScenarioRun::assign_arrivals() {
  const auto& arrivals = obs_.world.arrivals;
  for (std::size_t i = 0; i < arrivals.size(); ++i) {
    auto it = lanes_.find(arrivals[i].lane_id);
    if (it != lanes_.end()) it->second->arrivals.push_back(i);
  }
}

// The simulated clock: the window's start is 3 real seconds away (gated starts meanwhile).
Status ScenarioRun::start_gateds() {
  obs_.clock.rate = rate_;
  obs_.clock.sim_base_ms = unix_ms_of(s_.start());
  obs_.clock.real_base_ms = system_ms() + 3000;
  for (auto& g : gates_) {
    g->argv = {gated_, "--config", g->config_path, "--simulation-clock",
               drivers::format_simulation_clock(obs_.clock)};
    auto p = ChildProcess::Spawn(g->argv, g->log_path);
    if (!p.ok()) return Error{p.error()};
    g->process = p.value();
  }
  for (auto& g : gates_) {
    if (!wait_up(g->camera_port, 30000)) {
      stop_all();
      return Error{"gated for gate " + g->gate_id + " did not start within 30 s; see " +
                   g->log_path};
    }
  }
  return Status::Ok();
}

void ScenarioRun::stop_all() {
  for (auto& g : gates_) g->process.stop(5000);
}

// Alerts in simulated time: the platform publishes each start and end; lanes hold their
// trucks at each boundary until the gates have it.
void ScenarioRun::schedule_alerts() {
  if (profile_platform_) return schedule_profile_alerts();
  MockPlatform* plat = platform_.get();
  for (const auto& a : s_.alerts()) {
    const int64_t from = unix_ms_of(a.from()), until = unix_ms_of(a.until());
    const auto level = a.level();
    events_.push_back(
        {from, [plat, level, from, until] { plat->set_control(alert_start(level, from, until)); },
         true});
    events_.push_back({until, [plat, until] { plat->set_control(alert_end(until)); }, true});
  }
}

// Alerts through a profile's policy pull: the pull's answer carries the platform's codes for
// the level (and the response level the reference platform would announce with it).
void ScenarioRun::schedule_profile_alerts() {
  ProfilePlatform* plat = profile_platform_.get();
  for (const auto& a : s_.alerts()) {
    const int64_t from = unix_ms_of(a.from()), until = unix_ms_of(a.until());
    auto start = pulled_control(plat->profile(), a.level());
    auto end = pulled_control(plat->profile(), gate::v1::ALERT_LEVEL_NONE);
    events_.push_back({from, [plat, start] { plat->set_control(start); }, true});
    events_.push_back({until, [plat, end] { plat->set_control(end); }, true});
  }
}

std::vector<LaneWorld*> ScenarioRun::lanes_of(const Fault& f) {
  std::vector<LaneWorld*> out;
  for (auto& [id, lw] : lanes_) {
    if (f.lane_id().empty() || f.lane_id() == id) out.push_back(lw.get());
  }
  return out;
}

// Kills the gates (kill) or starts them again and counts the restart.
void ScenarioRun::restart_gates(const std::set<GateUnderTest*>& gs, bool kill) {
  for (auto* g : gs) {
    if (kill) {
      g->down = true;
      g->process.signal(SIGKILL);
      g->process.wait(5000);
    } else {
      auto p = ChildProcess::Spawn(g->argv, g->log_path);
      if (p.ok()) g->process = p.value();
      wait_up(g->camera_port, 30000);
      g->down = false;
      std::lock_guard lock(obs_mu_);
      ++obs_.daemon_restarts;
    }
  }
}

// The switch of a scenario fault; nullopt for kinds the world does not play.
std::optional<FaultSwitch> ScenarioRun::fault_switch(const Fault& f) {
  const std::string at_lane = f.lane_id().empty() ? "" : " at lane " + f.lane_id();
  switch (f.kind()) {
    case gate::v1::FAULT_KIND_PLATFORM_DOWN:
    case gate::v1::FAULT_KIND_PLATFORM_SLOW:
    case gate::v1::FAULT_KIND_PLATFORM_GARBAGE: {
      const auto mode = f.kind() == gate::v1::FAULT_KIND_PLATFORM_DOWN ? MockPlatform::Mode::kDown
                        : f.kind() == gate::v1::FAULT_KIND_PLATFORM_SLOW
                            ? MockPlatform::Mode::kSlow
                            : MockPlatform::Mode::kGarbage;
      const int delay = f.delay_ms();
      if (profile_platform_) return profile_fault_switch(f);
      MockPlatform* plat = platform_.get();
      return FaultSwitch{"platform " + MockPlatform::mode_name(mode), [plat, mode, delay](bool on) {
                           if (on && delay > 0) plat->set_slow_ms(delay);
                           plat->set_mode(on ? mode : MockPlatform::Mode::kNormal);
                         }};
    }
    case gate::v1::FAULT_KIND_MODBUS_MODULE_GONE:
      return FaultSwitch{"barrier module gone" + at_lane, [ls = lanes_of(f)](bool on) {
                           for (auto* l : ls) l->barrier->set_offline(on);
                         }};
    case gate::v1::FAULT_KIND_CAMERA_SILENT:
      return FaultSwitch{"camera silent" + at_lane, [ls = lanes_of(f)](bool on) {
                           for (auto* l : ls) l->camera_silent = on;
                         }};
    case gate::v1::FAULT_KIND_DAEMON_KILLED: {
      std::set<GateUnderTest*> gs;
      for (auto* l : lanes_of(f)) gs.insert(l->gate);
      return FaultSwitch{"gated killed (SIGKILL) and restarted",
                         [this, gs](bool on) { restart_gates(gs, on); }};
    }
    default:
      return std::nullopt;
  }
}

// A platform fault played by the profile platform.
FaultSwitch ScenarioRun::profile_fault_switch(const Fault& f) {
  using Mode = ProfilePlatform::Mode;
  const Mode mode = f.kind() == gate::v1::FAULT_KIND_PLATFORM_DOWN   ? Mode::kDown
                    : f.kind() == gate::v1::FAULT_KIND_PLATFORM_SLOW ? Mode::kSlow
                                                                     : Mode::kGarbage;
  const char* name = mode == Mode::kDown ? "down" : mode == Mode::kSlow ? "slow" : "garbage";
  ProfilePlatform* plat = profile_platform_.get();
  const int delay = f.delay_ms();
  return FaultSwitch{std::string("platform ") + name, [plat, mode, delay](bool on) {
                       if (on && delay > 0) plat->set_slow_ms(delay);
                       plat->set_mode(on ? mode : Mode::kNormal);
                     }};
}

// Faults in simulated time: on at their start, off at their end (a killed gated is started
// again after restart_after_s).
void ScenarioRun::schedule_faults() {
  for (const Fault& f : s_.faults()) {
    const bool kill = f.kind() == gate::v1::FAULT_KIND_DAEMON_KILLED;
    const int64_t from = unix_ms_of(kill ? f.at() : f.from());
    const int64_t until =
        kill ? from + int64_t{std::max(1, f.restart_after_s())} * 1000 : unix_ms_of(f.until());
    std::optional<FaultSwitch> sw = fault_switch(f);
    if (!sw) continue;
    obs_.faults.push_back({sw->what, from, until});
    auto set = sw->set;
    events_.push_back({from, [set] { set(true); }, false});
    events_.push_back({until, [set] { set(false); }, false});
  }
}

// Plant network cuts in simulated time: the plant's server stopped at the start, started again
// at the end. A server that does not come back is a problem of the run, not of the gates.
void ScenarioRun::schedule_plant_cuts() {
  if (!plant_) return;
  for (const auto& cut : s_.plant().cuts()) {
    const int64_t from = unix_ms_of(cut.from()), until = unix_ms_of(cut.until());
    obs_.faults.push_back({"plant network cut", from, until});
    obs_.plant.cuts.push_back({from, until});
    auto set = [this](bool on) {
      Status st = on ? plant_->stop() : plant_->restart();
      if (st.ok()) return;
      std::lock_guard lock(obs_mu_);
      obs_.problems.push_back(std::string("the plant's database could not be ") +
                              (on ? "stopped" : "started again") + ": " + st.message());
    };
    events_.push_back({from, [set] { set(true); }, false});
    events_.push_back({until, [set] { set(false); }, false});
  }
}

// The scenario's ledger edits, each at its simulated time on the world thread.
void ScenarioRun::schedule_ledger_edits() {
  if (!plant_) return;
  for (int i = 0; i < s_.plant().ledger_edits_size(); ++i) {
    events_.push_back(
        {unix_ms_of(s_.plant().ledger_edits(i).at()), [this, i] { make_edit(i); }, false});
  }
}

// Edit n through gatectl, at the plant or at its gate; what it set and when, for the judge.
void ScenarioRun::make_edit(int n) {
  const gate::v1::PlantLedgerEdit& e = s_.plant().ledger_edits(n);
  LedgerEditMade made;
  made.plate = e.plate();
  made.origin = e.at_gate().empty() ? "plant" : e.at_gate();
  made.suspended = e.change() == gate::v1::PlantLedgerEdit::CHANGE_SUSPEND;
  made.at_real_ms = system_ms();
  made.at_sim_ms = obs_.clock.at(made.at_real_ms);
  std::string db;
  for (const auto& g : gates_) {
    if (g->gate_id == e.at_gate()) db = g->db_path;
  }
  const LedgerEditTools tools{gatectl_, gates_.front()->config_path, out_};
  made.error = make_ledger_edit(e, n, parked_.at(e.plate()), db, tools);
  std::lock_guard lock(obs_mu_);
  obs_.plant.ledger_edits.push_back(std::move(made));
}

void ScenarioRun::order_events() {
  std::stable_sort(events_.begin(), events_.end(), [](const WorldEvent& a, const WorldEvent& b) {
    return a.at_sim_ms < b.at_sim_ms;
  });
  for (const auto& e : events_) {
    if (e.alert_boundary) {
      pending_boundary_ = e.at_sim_ms;
      break;
    }
  }
}

// Until every gate has fetched what the platform holds for it (or timeout_ms). A profile
// platform is pulled: until each gate can have pulled twice since the change.
void ScenarioRun::wait_for_downlink(int64_t timeout_ms, int64_t poll_ms) {
  if (profile_platform_) {
    const int64_t deadline = system_ms() + timeout_ms;
    const int64_t enough = profile_platform_->pulls() + 2 * static_cast<int64_t>(gates_.size());
    while (profile_platform_->pulls() < enough && system_ms() < deadline) sleep_ms(poll_ms);
    return;
  }
  if (!platform_) return;
  const int64_t deadline = system_ms() + timeout_ms;
  while (platform_->served_cursor() < platform_->downlink_seq() && system_ms() < deadline) {
    sleep_ms(poll_ms);
  }
}

// The world thread: applies the timeline at its simulated times; after an alert boundary the
// lanes go on once every gate has the new level.
void ScenarioRun::run_world() {
  for (std::size_t i = 0; i < events_.size(); ++i) {
    const auto& e = events_[i];
    while (!traffic_done_ && sim_now() < e.at_sim_ms) sleep_ms(2);
    if (traffic_done_) return;
    e.apply();
    if (e.alert_boundary) {
      wait_for_downlink(5000, 2);
      sleep_ms(250);  // every gate's next heartbeat sees the new cursor and fetches
      int64_t next = INT64_MAX;
      for (std::size_t j = i + 1; j < events_.size(); ++j) {
        if (events_[j].alert_boundary) {
          next = events_[j].at_sim_ms;
          break;
        }
      }
      pending_boundary_ = next;
    }
  }
}

// The opened truck drives under the boom, and a tailgater behind it if there is one.
void ScenarioRun::drive_through(BarrierSlave& bar, PlayedTruck& t, bool tailgater_behind) {
  const int64_t boom_deadline = system_ms() + 1000;
  while (!bar.boom_up() && system_ms() < boom_deadline) sleep_ms(2);
  bar.set_entry_loop(false);
  bar.set_boom_loop(true);
  sleep_ms(timing_.boom_loop_real_ms);
  bar.set_boom_loop(false);
  sleep_ms(timing_.loop_gap_real_ms);
  if (tailgater_behind) {
    bar.set_boom_loop(true);  // the next truck follows under the boom, unread
    sleep_ms(timing_.boom_loop_real_ms);
    bar.set_boom_loop(false);
    sleep_ms(timing_.loop_gap_real_ms);
    t.tailgated = true;
  }
}

// The k-th arrival of the lane: onto the entry loop, read by the camera, waits for the boom,
// then drives through, backs out or leaves.
void ScenarioRun::play_truck(LaneWorld& lw, std::size_t k) {
  const auto& arrivals = obs_.world.arrivals;
  const auto& clock = obs_.clock;
  BarrierSlave& bar = *lw.barrier;
  const std::size_t idx = lw.arrivals[k];
  const SimArrival& a = arrivals[idx];
  PlayedTruck& t = obs_.trucks[idx];
  ++done_count_;
  if (a.tailgating) return;  // driven by the truck ahead of it (drive_through)
  sleep_ms(clock.real_at(a.time_unix_ms) - system_ms());
  while (sim_now() >= pending_boundary_.load()) sleep_ms(2);
  if (lw.camera_silent) {
    t.camera_silent = true;
    return;
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
    const CameraRequest request = lw.camera->request_for(read, now_sim);
    auto st = lw.camera->send(request);
    if (st.ok() && st.value() == 200) lw.accepted.record(request, read);
    if (st.ok() && st.value() == 200 && !t.pushed) {
      t.pushed = true;
      t.push_real_us = real_us;
      t.push_sim_ms = now_sim;
    }
  }
  auto leave = [&bar] {
    bar.set_entry_loop(false);
    bar.set_plate_at_gate("");
  };
  if (!t.pushed) {
    t.gate_unreachable = true;
    return leave();
  }
  const int64_t wait_until = system_ms() + timing_.decision_wait_real_ms;
  while (bar.open_count() == opens_before && system_ms() < wait_until) sleep_ms(1);
  t.opened = bar.open_count() > opens_before;
  if (!t.opened) return leave();
  t.open_latency_ms = static_cast<double>(bar.last_open_unix_ms() * 1000 - t.push_real_us) / 1000.0;
  lw.accepted.record_passed(read);
  if (a.backs_out) {
    // Reverses off the loop; the lane waits for its passage timeout before the next truck.
    leave();
    sleep_ms(static_cast<int64_t>(timing_.passage_timeout_sim_ms / rate_) + 300);
    return;
  }
  drive_through(bar, t, k + 1 < lw.arrivals.size() && arrivals[lw.arrivals[k + 1]].tailgating);
  bar.set_plate_at_gate("");
}

void ScenarioRun::play_lane(LaneWorld& lw) {
  for (std::size_t k = 0; k < lw.arrivals.size(); ++k) play_truck(lw, k);
}

// The attacker's thread: each planned attack at its simulated time, while the traffic plays, to
// lanes whose gated is up; what gated answered is recorded.
void ScenarioRun::run_attacks() {
  std::vector<std::string> targets;
  for (const auto& [id, lw] : lanes_) {
    if (lw->camera->kind() != CameraKind::kVzenith) targets.push_back(id);
  }
  const std::vector<PlannedAttack> plan = plan_attacks(s_, targets);
  int sequence = 0;
  for (const PlannedAttack& a : plan) {
    while (!traffic_done_ && sim_now() < a.time_unix_ms) sleep_ms(2);
    if (traffic_done_) return;
    LaneWorld& lw = *lanes_.at(a.lane_id);
    std::optional<AttackRecord> rec;
    if (!lw.gate->down) rec = send_attack(a, sequence++, *lw.camera, lw.accepted, sim_now());
    std::lock_guard lock(obs_mu_);
    ++obs_.attacks_planned;
    if (rec) {
      obs_.attacks.push_back(std::move(*rec));
    } else {
      ++obs_.attacks_not_sent;
    }
  }
}

// A line on stdout every 500 trucks and at the end.
void ScenarioRun::report_progress() {
  const std::size_t total = obs_.world.arrivals.size();
  std::size_t last = 0;
  while (done_count_ < total) {
    sleep_ms(500);
    const std::size_t n = done_count_;
    if (n - last >= 500 || n == total) {
      std::cout << "gate-sim: " << n << "/" << total << " trucks, simulated time "
                << format_scenario_time(sim_now() / 1000 + kLocalUtcOffsetSeconds) << std::endl;
      last = n;
    }
  }
}

// The gates must have the excess-emission list before the first truck; then the world thread
// and one thread per lane play the scenario.
void ScenarioRun::play_traffic() {
  wait_for_downlink(15000, 20);
  sleep_ms(300);
  std::thread world([this] { run_world(); });
  std::thread attacker([this] { run_attacks(); });
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> lane_threads;
  for (auto& [id, lw] : lanes_) lane_threads.emplace_back([this, l = lw.get()] { play_lane(*l); });
  if (o_.progress) report_progress();
  for (auto& th : lane_threads) th.join();
  obs_.real_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  traffic_done_ = true;
  world.join();
  attacker.join();
}

// Faults still in force end with the traffic; the gates then drain what they hold until the
// platform's count stops moving (or 90 s), and stop.
void ScenarioRun::settle() {
  if (platform_) platform_->set_mode(MockPlatform::Mode::kNormal);
  if (profile_platform_) profile_platform_->set_mode(ProfilePlatform::Mode::kNormal);
  for (auto& [id, lw] : lanes_) {
    lw->barrier->set_offline(false);
  }
  if (plant_ && !plant_->running()) {
    if (Status st = plant_->restart(); !st.ok()) {
      obs_.problems.push_back("the plant's database could not be started again: " + st.message());
    }
  }
  for (auto& g : gates_) {
    if (!g->process.running()) {
      auto p = ChildProcess::Spawn(g->argv, g->log_path);
      if (p.ok()) g->process = p.value();
      wait_up(g->camera_port, 30000);
    }
  }
  std::size_t last = 0;
  int stable = 0;
  const int64_t deadline = system_ms() + 90000;
  while (system_ms() < deadline && stable < 6) {
    sleep_ms(500);
    const std::size_t n =
        profile_platform_ ? profile_platform_->received().size() : platform_->records().size();
    stable = n == last ? stable + 1 : 0;
    last = n;
  }
  stop_all();
}

// For the plant_ledger check: every edited plate's history and entry at each gate, and the
// plant's master entry.
void ScenarioRun::read_ledger_copies() {
  auto problem = [this](const std::string& what) {
    obs_.problems.push_back("reading the ledger copies for plant_ledger: " + what);
  };
  for (const auto& [plate, vehicle] : parked_) {
    for (const auto& g : gates_) {
      auto rows = gate_ledger_rows(g->db_path, plate);
      auto state = gate_entry_suspended(g->db_path, plate);
      if (!rows.ok() || !state.ok()) {
        problem(rows.ok() ? state.error() : rows.error());
        continue;
      }
      obs_.plant.gate_rows[g->gate_id][plate] = rows.value();
      if (state.value()) obs_.plant.gate_suspended[g->gate_id][plate] = *state.value();
    }
    auto master = master_entry_suspended(plant_->conninfo(), plate);
    if (!master.ok()) {
      problem(master.error());
    } else if (master.value()) {
      obs_.plant.master_suspended[plate] = *master.value();
    }
  }
}

// The gates' passage exports, what the platform received and the coil histories.
ScenarioObservation ScenarioRun::collect() {
  for (auto& g : gates_) {
    std::string json;
    auto rc = run_to_end(
        {gatectl_, "passages", "list", "--db", g->db_path, "--format", "json", "--limit", "0"},
        &json, 120000);
    if (!rc.ok() || rc.value() != 0) {
      obs_.problems.push_back("gatectl passages list for gate " + g->gate_id +
                              " failed: " + (rc.ok() ? json.substr(0, 300) : rc.error()));
    }
    obs_.gate_passages_json[g->gate_id] = json;
  }
  obs_.records = platform_records();
  if (obs_.vehicle_check.on) {
    obs_.vehicle_check.answers = profile_platform_->answered_checks();
    for (auto& g : gates_) {
      read_check_alarms(g->log_path, obs_.vehicle_check.alarms_raised[g->gate_id],
                        obs_.vehicle_check.alarms_cleared[g->gate_id]);
    }
  }
  for (auto& [id, lw] : lanes_) obs_.coils[id] = lw->barrier->coil_history();
  if (plant_) {
    read_ledger_copies();
    std::ofstream(out_ + "/plant-server.log") << plant_->log();
    plant_.reset();
  }
  return std::move(obs_);
}

}  // namespace

std::string scenario_policy_path(const gate::v1::Scenario& scenario,
                                 const std::string& scenario_path) {
  const std::string rel = scenario.policy_file().empty() ? kDefaultPolicy : scenario.policy_file();
  if (!rel.empty() && rel[0] == '/') return rel;
  return (fs::absolute(scenario_path).parent_path() / rel).lexically_normal().string();
}

gate::v1::Scenario scenario_without_downlink(const gate::v1::Scenario& scenario, bool alerts_pulled,
                                             std::vector<std::string>* dropped) {
  gate::v1::Scenario s = scenario;
  if (!alerts_pulled) {
    if (s.alerts_size() > 0) {
      dropped->push_back(std::to_string(s.alerts_size()) +
                         " alert period(s): the profile has no policy pull (KIND_POLICY_PULL) "
                         "to carry the control level");
    }
    s.clear_alerts();
  }
  if (s.fleet().excess_emission_listed_share() > 0) {
    dropped->push_back(
        "the excess-emission list: the platform publishes it through the reference downlink");
  }
  // The share is drawn for every vehicle either way, so the fleet and traffic stay the same.
  s.mutable_fleet()->set_excess_emission_listed_share(0);
  return s;
}

Result<ScenarioObservation> run_scenario(const gate::v1::Scenario& s, const ScenarioRunOptions& o) {
  ScenarioRun run(s, o);
  for (auto step : {&ScenarioRun::prepare_run_dir, &ScenarioRun::write_ledger,
                    &ScenarioRun::start_platform, &ScenarioRun::start_plant}) {
    if (Status st = (run.*step)(); !st.ok()) return Error{st.message()};
  }
  for (const auto& sg : s.gates()) {
    if (Status st = run.add_gate(sg); !st.ok()) return Error{st.message()};
  }
  run.assign_arrivals();
  if (Status st = run.start_gateds(); !st.ok()) return Error{st.message()};
  run.schedule_alerts();
  run.schedule_faults();
  run.schedule_plant_cuts();
  run.schedule_ledger_edits();
  run.order_events();
  run.play_traffic();
  run.settle();
  return run.collect();
}

}  // namespace gate::sim
