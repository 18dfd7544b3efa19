#include "firmware-host/gated/gate_daemon.h"

#include <condition_variable>
#include <mutex>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include "drivers/uplink/platform_profile.h"
#include "drivers/uplink/uplink_config.h"
#include "firmware-host/api/metrics_endpoint.h"
#include "firmware-host/audit/daily_seal.h"
#include "firmware-host/audit/key_location.h"
#include "firmware-host/clock/simulation_clock.h"
#include "firmware-host/sync/platform_state_store.h"
#include "rules/clock_skew.h"
#include "rules/display_names.h"
#include "rules/local_time.h"
#include "rules/plate.h"

namespace gate::host {

GateDaemon::GateDaemon(gate::v1::GateConfig cfg) : cfg_(std::move(cfg)) {}

GateDaemon::~GateDaemon() {
  shutdown();
}

// Called from the lanes', the uploader's and the API's threads: one line at a time.
void GateDaemon::log(const std::string& msg) {
  static std::mutex mu;
  const std::string line =
      rules::local_time(wall_clock_ms(), cfg_.utc_offset_minutes()) + " gated: " + msg + "\n";
  if (msg.starts_with("ALARM ")) board_->raise_alarm(msg.substr(6), wall_clock_ms());
  std::lock_guard lock(mu);
  std::cerr << line << std::flush;
}

Status GateDaemon::start() {
  started_unix_ms_ = wall_clock_ms();
  // A camera's stamp and its arrival differ by the transport's real-time latency, which a
  // simulation clock running N times faster stretches N times.
  camera_clocks_ = std::make_unique<rules::ClockSkewWatch>(static_cast<int64_t>(
      cfg_.camera().clock_tolerance_s() * 1000.0 * std::max(1.0, wall_clock_rate())));
  if (Status st = open_records(); !st.ok()) return st;
  if (Status st = close_pending_passages(); !st.ok()) return st;
  auto vehicles = store_->load_vehicles();
  if (!vehicles.ok()) return Error{vehicles.error()};
  ledger_.reset(std::move(vehicles).value());
  log("ledger: " + std::to_string(ledger_.size()) + " vehicle(s) with plates");
  if (Status st = start_policy(); !st.ok()) return st;
  seal_closed_days(wall_clock_ms());

  for (const auto& lane_cfg : cfg_.lanes()) {
    auto lane = make_lane(lane_cfg);
    if (!lane.ok()) return Error{lane.error()};
    lanes_.emplace(lane_cfg.lane_id(), std::move(lane).value());
  }
  if (Status st = restore_manual_alert(); !st.ok()) return st;
  if (Status st = restore_platform_state(); !st.ok()) return st;
  connect_barriers();
  if (Status st = start_cameras(); !st.ok()) return st;
  start_camera_health();
  start_plant();
  if (Status st = start_api(); !st.ok()) return st;
  if (Status st = start_uplink(); !st.ok()) return st;

  wait_for_reload_signal();
  stop_on_signals();
  schedule_tick();
  announce_ready();
  return Status::Ok();
}

Status GateDaemon::open_records() {
  std::vector<std::string> lane_ids;
  for (const auto& l : cfg_.lanes()) lane_ids.push_back(l.lane_id());
  metrics_ = std::make_shared<GateMetrics>(std::move(lane_ids));
  auto store = GateStore::Open(cfg_.database_path());
  if (!store.ok()) return Error{store.error()};
  store_ = std::move(store).value();
  if (Status st = store_->check_clock_mode(simulation_clock_in_use()); !st.ok()) {
    return Error{cfg_.database_path() + ": " + st.message()};
  }
  photos_ = std::make_unique<PhotoStore>(cfg_.photo_dir());
  // Photos travel as messages of their own: queued with each passage from the first one on.
  // The profile was checked with the config; a profile that fails here fails start_uplink too.
  if (!cfg_.uplink().url().empty() && !cfg_.uplink().profile_file().empty()) {
    auto profile = drivers::uplink::load_platform_profile(cfg_.uplink().profile_file());
    store_->queue_photo_records(profile.ok() && profile.value().photos().mode() ==
                                                    gate::v1::PlatformPhotos::MODE_MESSAGE);
  }
  start_retention();
  auto place = check_signing_key_location(cfg_.audit().signing_key_file(), cfg_.database_path(),
                                          cfg_.audit().require_key_outside_data());
  if (!place.ok()) return Error{"audit signing key: " + place.error()};
  if (!place.value().empty()) log("WARNING " + place.value());
  auto key = SigningKey::LoadOrCreate(cfg_.audit().signing_key_file());
  if (!key.ok()) return Error{"audit signing key: " + key.error()};
  signing_key_ = std::make_unique<SigningKey>(std::move(key).value());
  return Status::Ok();
}

// Passages left pending by a previous run: the outcome is unknown, say so rather than guess.
Status GateDaemon::close_pending_passages() {
  auto pending = store_->pending_passages();
  if (!pending.ok()) return Error{pending.error()};
  for (int64_t seq : pending.value()) {
    if (Status st =
            store_->set_outcome(seq, gate::v1::PASSAGE_OUTCOME_UNCONFIRMED, wall_clock_ms());
        !st.ok()) {
      return Error{"cannot close passage " + std::to_string(seq) +
                   " left open by the last run: " + st.message()};
    }
  }
  if (!pending.value().empty()) {
    log(std::to_string(pending.value().size()) +
        " passage(s) left pending by the previous run marked unconfirmed");
  }
  return Status::Ok();
}

// Gives the barrier modules a moment to connect before trucks are accepted, so the first truck
// of the day is not refused an opening by a driver that is still connecting. A module that
// stays silent does not block the start: its lane records barrier faults and alarms.
void GateDaemon::connect_barriers() {
  for (auto& [id, lane] : lanes_) lane.barrier->start();
  const auto connect_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  for (auto& [id, lane] : lanes_) {
    while (!lane.barrier->connected() && std::chrono::steady_clock::now() < connect_deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (!lane.barrier->connected()) {
      log("ALARM lane " + id +
          ": barrier module not answering at start; passes will be "
          "recorded as barrier faults until it answers");
    }
  }
}

// The lanes' plain cameras, then the push receiver of the cameras that read plates themselves.
Status GateDaemon::start_cameras() {
  for (auto& [id, lane] : lanes_) {
    if (!lane.lpr_camera) continue;
    lane.lpr_camera->start();
    log("lane " + id + ": plate camera on " + lane.lpr_camera->describe());
  }
  drivers::CameraReceiverOptions options;
  options.address = cfg_.camera().listen_address();
  options.port = static_cast<uint16_t>(cfg_.camera().port());
  for (const auto& [id, lane] : lanes_) options.lane_ids.push_back(id);
  // The receiver checks and decodes each event on its own threads and calls this once it is
  // whole, in each lane's order.
  options.sink = [this](drivers::PlateEvent e) { return hand_to_lanes(std::move(e)); };
  options.clock = wall_clock_ms;
  options.alarm = [this](const std::string& m) { log("ALARM " + m); };
  options.utc_offset_minutes = cfg_.utc_offset_minutes();
  options.access = camera_access_policy();
  options.replay_hashes_per_lane = static_cast<std::size_t>(cfg_.camera().replay_memory());
  for (const auto& c : options.access.cameras) {
    if (!c.readback) continue;
    log("camera push: " + c.camera_id + "'s events are confirmed by read-back from " + c.api.host +
        ":" + std::to_string(c.api.port) + " (at most " + std::to_string(c.api.timeout_ms) +
        " ms each)");
  }
  options.vzenith_reply = [this](const std::string& lane) { return vzenith_reply(lane); };
  if (options.access.cameras.empty()) {
    log("camera push: no push_cameras declared; events are taken from any local process on " +
        options.address + " (declare the cameras before listening beyond loopback)");
  }
  auto camera = drivers::CameraReceiver::Start(std::move(options));
  if (!camera.ok()) return Error{"camera receiver: " + camera.error()};
  camera_ = std::move(camera).value();
  return Status::Ok();
}

// The lanes' declared push cameras as the receiver checks them. Replay windows are simulated
// time, stretched like the camera clock tolerance when the clock runs faster than real time.
drivers::CameraAccessPolicy GateDaemon::camera_access_policy() const {
  static const std::map<gate::v1::PushCameraVendor, drivers::CameraVendor> kVendors = {
      {gate::v1::PUSH_CAMERA_VENDOR_VZENITH, drivers::CameraVendor::kVzenith},
      {gate::v1::PUSH_CAMERA_VENDOR_HIKVISION, drivers::CameraVendor::kHikvision},
      {gate::v1::PUSH_CAMERA_VENDOR_DAHUA, drivers::CameraVendor::kDahua},
      {gate::v1::PUSH_CAMERA_VENDOR_GENERIC, drivers::CameraVendor::kGeneric}};
  static const std::map<gate::v1::PushCameraAuth, drivers::CameraAuth> kAuths = {
      {gate::v1::PUSH_CAMERA_AUTH_NONE, drivers::CameraAuth::kNone},
      {gate::v1::PUSH_CAMERA_AUTH_BASIC, drivers::CameraAuth::kBasic},
      {gate::v1::PUSH_CAMERA_AUTH_DIGEST, drivers::CameraAuth::kDigest},
      {gate::v1::PUSH_CAMERA_AUTH_PATH_TOKEN, drivers::CameraAuth::kPathToken}};
  drivers::CameraAccessPolicy policy;
  boost::system::error_code ec;
  const auto listen = boost::asio::ip::make_address(cfg_.camera().listen_address(), ec);
  policy.allow_undeclared = !ec && listen.is_loopback();
  const double stretch = std::max(1.0, wall_clock_rate());
  for (const auto& lane : cfg_.lanes()) {
    for (const auto& c : lane.push_cameras()) {  // checked by config_loader
      drivers::DeclaredCamera d;
      d.camera_id = c.camera_id();
      d.lane_id = lane.lane_id();
      d.vendor = kVendors.at(c.vendor());
      d.source_address = c.source_address();
      d.auth = kAuths.at(c.auth());
      d.user = c.username();
      d.secret = d.auth == drivers::CameraAuth::kPathToken ? c.token() : c.password();
      d.replay_window_ms = static_cast<int64_t>(c.clock_tolerance_s() * 1000.0 * stretch);
      d.readback = c.readback() == gate::v1::PUSH_CAMERA_READBACK_ON;  // resolved by the loader
      d.api = drivers::CameraApi{c.source_address(), static_cast<uint16_t>(c.api_port()),
                                 c.api_user(), c.api_password(), c.readback_timeout_ms()};
      policy.cameras.push_back(std::move(d));
    }
  }
  return policy;
}

void GateDaemon::stop_on_signals() {
  signals_.add(SIGINT);
  signals_.add(SIGTERM);
  signals_.async_wait([this](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    log("signal " + std::to_string(sig) + ": stopping");
    shutdown();
  });
}

void GateDaemon::announce_ready() {
  log("ready: gate " + cfg_.gate_id() + ", " + std::to_string(lanes_.size()) +
      " lane(s), camera push on http://" + cfg_.camera().listen_address() + ":" +
      std::to_string(camera_->port()) + ", database " + cfg_.database_path());
  if (Status st = systemd_.notify("READY=1\nSTATUS=deciding trucks at " + cfg_.gate_id());
      !st.ok()) {
    log("systemd: " + st.message());
  }
}

// On a decoding thread of the camera receiver: the event goes to the lanes' thread, and the
// camera's answer waits until the lane took it, so that a 200 means the read is recorded (or
// queued behind a passing truck), as when the lanes parsed events themselves. Given up when
// gated stops: shutdown() joins these threads from the lanes' thread.
Status GateDaemon::hand_to_lanes(drivers::PlateEvent event) {
  struct Handover {
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    bool abandoned = false;
    Status status;
  };
  auto handover = std::make_shared<Handover>();
  boost::asio::post(io_, [this, handover, e = std::move(event)]() mutable {
    std::unique_lock lock(handover->mu);
    if (handover->abandoned) return;
    const std::string lane_id = e.read.lane_id();
    handover->status = accept_event(std::move(e));
    const bool ok = handover->status.ok();
    lock.unlock();
    auto finish = [handover] {
      std::lock_guard done_lock(handover->mu);
      handover->done = true;
      handover->cv.notify_all();
    };
    if (ok && hold_push_until_decided(lane_id, finish)) return;
    finish();
  });
  std::unique_lock lock(handover->mu);
  while (
      !handover->cv.wait_for(lock, std::chrono::milliseconds(50), [&] { return handover->done; })) {
    if (cameras_stopping_) {
      handover->abandoned = true;
      return Error{"gated is stopping; send the event again when it is back"};
    }
  }
  return handover->status;
}

Status GateDaemon::accept_event(drivers::PlateEvent event) {
  const auto received = std::chrono::steady_clock::now();
  auto it = lanes_.find(event.read.lane_id());
  if (it == lanes_.end()) {
    std::string known;
    for (const auto& [id, lane] : lanes_) known += (known.empty() ? "" : ", ") + id;
    return Error{"unknown lane '" + event.read.lane_id() + "'; configured lanes: " + known};
  }
  store_pictures(event);
  check_camera_clock(event.read);
  if (camera_health_) {  // a plain camera's read (push cameras' plates come from the receiver)
    camera_health_->saw_plate(event.read.lane_id(), event.read.camera_id(),
                              event.read.time_unix_ms());
  }
  const std::string plate = rules::normalise_plate(event.read.plate_text());
  const bool frame_pending = event.render_evidence && event.read.time_unix_ms() != 0;
  if (frame_pending) {
    // Rendered and stored when the read is committed (attach_evidence), with the decision.
    evidence_.add(it->first, plate, event.read.time_unix_ms(), std::move(event.render_evidence));
  }
  auto& lane = *it->second.controller;
  const int64_t repeats_before = lane.duplicates_dropped();
  probe_ = LatencyProbe{plate, received, false};
  lane.on_read(event.read, wall_clock_ms());
  // Queued behind a passing vehicle, or a pass that could not open; a read waiting for the
  // platform's check is timed on until its decision (on_decided, the open command).
  if (lane.state() != LaneController::State::kChecking) probe_.reset();
  if (frame_pending && lane.duplicates_dropped() != repeats_before) {
    evidence_.drop(it->first, plate, event.read.time_unix_ms());  // a repeat: never decided
  }
  return Status::Ok();
}

void GateDaemon::store_pictures(drivers::PlateEvent& event) {
  if (retention_ && retention_->level() == StorageLevel::kCritical) {
    // The reserve is kept for passage records (the alarm was raised when the level changed).
    event.image_jpeg.clear();
    event.closeup_jpeg.clear();
    return;
  }
  // The read still decides the truck; a picture not stored is flagged, not fatal.
  const auto store = [&](const std::string& jpeg, const char* what) -> std::string {
    if (jpeg.empty()) return "";
    auto digest = photos_->put(jpeg);
    if (digest.ok()) return digest.value();
    log(std::string("ALARM ") + what + " not stored for " + event.read.plate_text() + ": " +
        digest.error());
    return "";
  };
  event.read.set_image_sha256(store(event.image_jpeg, "photo"));
  event.read.set_closeup_sha256(store(event.closeup_jpeg, "plate close-up"));
}

// The camera's own time against the gate's stamp of the event's arrival. Passages are stamped
// with the gate's clock either way; a camera far off is a fault to fix, reported once when it
// goes out of tolerance and once when it is back (rules/clock_skew.h).
void GateDaemon::check_camera_clock(const gate::v1::PlateRead& read) {
  if (read.camera_time_unix_ms() == 0 || read.time_unix_ms() == 0) return;
  const std::string camera =
      (read.camera_id().empty() ? read.source() + " camera" : "camera " + read.camera_id()) +
      " at lane " + read.lane_id();
  const int64_t skew = read.camera_time_unix_ms() - read.time_unix_ms();
  const int off = cfg_.utc_offset_minutes();
  switch (camera_clocks_->observe(camera, read.camera_time_unix_ms(), read.time_unix_ms())) {
    case rules::ClockSkewWatch::Change::kOutOfTolerance:
      log("ALARM " + camera + ": its clock is " + rules::describe_skew(skew) +
          " the gate's (camera " + rules::local_time(read.camera_time_unix_ms(), off) + ", gate " +
          rules::local_time(read.time_unix_ms(), off) + "; tolerance " +
          std::to_string(cfg_.camera().clock_tolerance_s()) +
          " s); its passages are stamped with the gate's clock: set the camera's time (NTP)");
      break;
    case rules::ClockSkewWatch::Change::kBackInTolerance:
      log(camera + ": its clock agrees with the gate's again (" + rules::describe_skew(skew) +
          " the gate's)");
      break;
    case rules::ClockSkewWatch::Change::kNone:
      break;
  }
}

void GateDaemon::attach_evidence(gate::v1::Passage& p) {
  auto render = evidence_.take(p);
  if (!render) return;
  // The reserve is kept for passage records (the alarm was raised when the level changed).
  if (retention_ && retention_->level() == StorageLevel::kCritical) return;
  const std::string jpeg = (*render)(evidence_caption(p));
  if (jpeg.empty()) return;
  auto digest = photos_->put(jpeg);
  if (digest.ok()) {
    p.mutable_read()->set_image_sha256(digest.value());
  } else {
    log("ALARM photo not stored for " + p.read().plate_text() + ": " + digest.error());
  }
}

void GateDaemon::observe_latency() {
  const std::chrono::duration<double> d = std::chrono::steady_clock::now() - probe_->received;
  metrics_->decision_latency(d.count());
  probe_.reset();
}

void GateDaemon::on_barrier_event(const std::string& lane_id, const drivers::BarrierEvent& e) {
  auto it = lanes_.find(lane_id);
  if (it == lanes_.end()) return;
  auto& lane = *it->second.controller;
  const int64_t now = wall_clock_ms();
  switch (e.kind) {
    case drivers::BarrierEvent::Kind::kInputs:
      // A truck arrived on the entry loop: the plain camera reads its next frame.
      if (e.entry_loop && !it->second.entry_loop && it->second.lpr_camera) {
        it->second.lpr_camera->trigger();
      }
      it->second.entry_loop = e.entry_loop;
      lane.on_loops(e.entry_loop, e.boom_loop, now);
      break;
    case drivers::BarrierEvent::Kind::kOpened:
      lane.on_open_result(e.token, e.ok, e.message, now);
      break;
    case drivers::BarrierEvent::Kind::kFault:
      metrics_->barrier_fault(lane_id, BarrierFaultKind::kModuleFault);
      lane.on_loops_unknown(now);
      log("ALARM lane " + lane_id + ": barrier module fault: " + e.message +
          " (reconnecting; barrier kept closed)");
      break;
    case drivers::BarrierEvent::Kind::kRecovered:
      log("lane " + lane_id + ": barrier module answering again");
      break;
  }
}

void GateDaemon::seal_closed_days(int64_t now) {
  const std::string today = rules::local_date(now, cfg_.utc_offset_minutes());
  if (today == sealed_through_date_) return;
  auto n = host::seal_closed_days(store_->db(), *signing_key_, cfg_.gate_id(), today,
                                  cfg_.utc_offset_minutes(), now);
  if (!n.ok()) {
    log("ALARM daily seal failed (will retry at the next date change or restart): " + n.error());
  } else if (n.value() > 0) {
    log("sealed " + std::to_string(n.value()) + " closed day(s) with key " +
        signing_key_->key_id());
  }
  sealed_through_date_ = today;
}

void GateDaemon::schedule_tick() {
  tick_.expires_after(std::chrono::milliseconds(100));
  tick_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    const int64_t now = wall_clock_ms();
    for (auto& [id, lane] : lanes_) {
      lane.controller->on_tick(now);
      answer_decided_pushes(lane);
    }
    seal_closed_days(now);
    check_camera_health(now);
    if (policy_) policy_->on_tick(now);
    systemd_.watchdog(std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now().time_since_epoch())
                          .count());
    schedule_tick();
  });
}

// What the platform said before a restart is in force from the first truck on.
Status GateDaemon::restore_platform_state() {
  auto store = PlatformStateStore::Open(cfg_.database_path());
  if (!store.ok()) return Error{store.error()};
  auto state = store.value()->load();
  if (!state.ok()) return Error{"platform state: " + state.error()};
  const auto level = effective_alert_level(state.value(), cfg_.alert_level(), wall_clock_ms());
  apply_platform_state(state.value().lists, level,
                       std::make_shared<const rules::PlatformStrategyInput>(
                           effective_strategy(state.value(), wall_clock_ms())));
  log("platform: " + describe(state.value()) + "; lanes use alert level " +
      std::string(rules::alert_name(level)));
  return Status::Ok();
}

Status GateDaemon::start_uplink() {
  if (cfg_.uplink().url().empty()) {
    log("uplink: no url configured; passages stay in the outbox");
    return Status::Ok();
  }
  std::string warning;
  auto transport = drivers::uplink::make_transport(
      cfg_.uplink(), cfg_.gate_id(), &warning, cfg_.utc_offset_minutes(),
      [photos = photos_.get()](const std::string& sha) { return photos->read(sha); });
  if (!transport.ok()) return Error{transport.error()};
  if (!warning.empty()) log(warning);
  OutboxUploader::Hooks hooks;
  hooks.log = [this](const std::string& m) { log(m); };
  hooks.alarm = [this](const std::string& m) { log("ALARM " + m); };
  hooks.on_platform_state = [this](const PlatformState& s, gate::v1::AlertLevel level) {
    auto strategy = std::make_shared<const rules::PlatformStrategyInput>(
        effective_strategy(s, wall_clock_ms()));
    boost::asio::post(io_, [this, lists = s.lists, level, strategy] {
      apply_platform_state(lists, level, strategy);
    });
  };
  // lanes_ is fixed after start() and connected() is atomic: safe from the sync thread.
  hooks.lanes = [this] {
    std::vector<gate::v1::LaneStatus> out;
    for (const auto& [id, lane] : lanes_) {
      gate::v1::LaneStatus s;
      s.set_lane_id(id);
      s.set_barrier_online(lane.barrier && lane.barrier->connected());
      out.push_back(std::move(s));
    }
    return out;
  };
  hooks.cameras = [this] { return camera_states(); };
  uploader_ = std::make_unique<OutboxUploader>(cfg_.database_path(), cfg_.gate_id(), cfg_.uplink(),
                                               cfg_.utc_offset_minutes(), cfg_.alert_level(),
                                               std::move(transport).value(), std::move(hooks));
  uploader_->start();
  return Status::Ok();
}

void GateDaemon::apply_platform_state(
    std::shared_ptr<const rules::PlatformLists> lists, gate::v1::AlertLevel level,
    std::shared_ptr<const rules::PlatformStrategyInput> strategy) {
  downlink_level_ = level;
  if (manual_alert_) level = manual_alert_->level;  // set on the dashboard; wins until ended
  for (auto& [id, lane] : lanes_) {
    lane.controller->set_alert_level(level);
    lane.controller->set_platform_lists(lists);
    lane.controller->set_platform_strategy(strategy);
  }
}

Status GateDaemon::start_policy() {
  PolicyRuntime::Ports ports;
  ports.lookup = [this](const std::string& plate) { return ledger_.find(plate); };
  ports.log = [this](const std::string& m) { log(m); };
  // A called truck: the display text goes to stdout with the decisions, the event to the log.
  ports.on_call = [this](const CallEvent& e) {
    const std::string when = rules::local_time(wall_clock_ms(), cfg_.utc_offset_minutes());
    if (e.dropped) {
      log("hold queue: " + e.plate + " " + e.detail);
      return;
    }
    std::cout << when << " " << e.lane_id << " CALL [" << e.rule_id << "] " << e.display_zh << " "
              << e.display_en << std::endl;
    log("hold queue: called " + e.plate + " to lane " + e.lane_id + ": " + e.detail);
  };
  if (plant_wide_share()) {
    share_leases_ = std::make_unique<PlantShareLeases>();
    ports.plant_leases = [this](const std::string& day) { return share_leases_->leases(day); };
  }
  auto rt = PolicyRuntime::Start(cfg_, *store_, std::move(ports), wall_clock_ms());
  if (!rt.ok()) return Error{"policy: " + rt.error()};
  policy_ = std::move(rt).value();
  if (share_leases_) begin_plant_share(wall_clock_ms());
  note_policy_for_plant();
  return Status::Ok();
}

void GateDaemon::start_retention() {
  RetentionSettings s;
  s.database_path = cfg_.database_path();
  s.photo_dir = cfg_.photo_dir();
  s.retention_months = cfg_.audit().retention_months();
  s.disk_warn_free_percent = cfg_.audit().disk_warn_free_percent();
  s.disk_reserve_bytes = static_cast<uint64_t>(cfg_.audit().disk_reserve_mib()) << 20;
  s.utc_offset_minutes = cfg_.utc_offset_minutes();
  RetentionWorker::Hooks h;
  h.log = [this](const std::string& m) { log(m); };
  h.alarm = [this](const std::string& m) { log("ALARM " + m); };
  h.now_ms = [] { return wall_clock_ms(); };
  retention_ = std::make_unique<RetentionWorker>(std::move(s), std::move(h));
  retention_->start();
}

Status GateDaemon::start_api() {
  const auto& api = cfg_.api();
  if (api.port() == 0) return Status::Ok();
  ApiServer::Handlers h;
  h.lane_exists = [this](const std::string& lane) { return lanes_.count(lane) > 0; };
  h.manual_release = [this](const std::string& lane, const std::string& op,
                            const std::string& reason) {
    return lanes_.at(lane).controller->manual_release(op, reason, wall_clock_ms());
  };
  h.share_status = [this] { return policy_->status(wall_clock_ms()); };
  h.policy = [this] { return policy_->engine(); };
  h.local_date = [this] { return rules::local_date(wall_clock_ms(), cfg_.utc_offset_minutes()); };
  h.log = [this](const std::string& m) { log(m); };
  auto metrics = std::make_shared<MetricsEndpoint>(cfg_.database_path(), metrics_, started_unix_ms_,
                                                   [this] { return camera_statuses(); });
  h.metrics = [this, metrics] { return metrics->render(wall_clock_ms()) + plant_metrics(); };
  AuditorRoutesOptions audit;
  audit.database_path = cfg_.database_path();
  audit.photo_dir = cfg_.photo_dir();
  audit.public_key_pem = signing_key_->public_pem();
  audit.utc_offset_minutes = cfg_.utc_offset_minutes();
  audit.plant = cfg_.plant();
  auto dashboard = make_dashboard();
  if (!dashboard.ok()) return Error{dashboard.error()};
  drivers::TlsContext tls;
  if (!api.tls_cert_file().empty()) {
    auto ctx = drivers::make_server_tls(api.tls_cert_file(), api.tls_key_file());
    if (!ctx.ok()) return Error{"local API: " + ctx.error()};
    tls = std::move(ctx).value();
  }
  auto server = ApiServer::Start(io_, api.listen_address(), static_cast<uint16_t>(api.port()),
                                 api_credentials(api), std::move(h), AuditorRoutes(audit),
                                 std::move(dashboard).value(), tls);
  if (!server.ok()) return Error{server.error()};
  api_ = std::move(server).value();
  std::string who;
  for (const auto& c : api_credentials(api)) {
    who += (who.empty() ? "" : ", ") + c.name + " (" + std::string(role_name(c.role)) + ")";
  }
  log(std::string("local API on ") + (tls ? "https://" : "http://") + api.listen_address() + ":" +
      std::to_string(api_->port()) + "; tokens: " + who + "; auditors read under /api/v1/audit/" +
      (cfg_.plant().conninfo().empty() ? "" : " and the plant's gates under /api/v1/plant/"));
  return Status::Ok();
}

// SIGHUP: reload the policy file. A file that does not load leaves the last good policy in
// force; the lanes switch only to a policy that compiled.
void GateDaemon::wait_for_reload_signal() {
  reload_signal_.add(SIGHUP);
  reload_signal_.async_wait([this](const boost::system::error_code& ec, int) {
    if (ec) return;
    reload_policy();
    wait_for_reload_signal();
  });
}

void GateDaemon::reload_policy() {
  const std::string before = policy_->engine()->label();
  if (Status st = policy_->reload(wall_clock_ms()); !st.ok()) {
    log("ALARM policy reload failed; keeping " + before + ":\n" + st.message());
    return;
  }
  for (auto& [id, lane] : lanes_) lane.controller->set_policy_engine(policy_->engine());
  if (share_leases_) set_plant_share_engine(policy_->engine());
  note_policy_for_plant();
  log("policy reloaded: " + before + " -> " + policy_->engine()->label());
}

void GateDaemon::run() {
  io_.run();
}

void GateDaemon::shutdown() {
  if (!stopping_notified_ && camera_) {
    stopping_notified_ = true;
    (void)systemd_.notify("STOPPING=1");
  }
  cameras_stopping_ = true;
  if (camera_) camera_->stop();
  if (api_) api_->stop();
  reload_signal_.cancel();
  tick_.cancel();
  signals_.cancel();
  if (uploader_) uploader_->stop();
  if (plant_) plant_->stop();
  if (ledger_sync_) ledger_sync_->stop();
  if (retention_) retention_->stop();
  for (auto& [id, lane] : lanes_) {
    if (lane.lpr_camera) lane.lpr_camera->stop();
    if (lane.barrier) lane.barrier->stop();
    if (lane.display) lane.display->stop();
  }
  io_.stop();
}

}  // namespace gate::host
