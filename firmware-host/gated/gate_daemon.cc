#include "firmware-host/gated/gate_daemon.h"

#include <mutex>

#include <boost/asio/post.hpp>
#include <opencv2/core/utils/logger.hpp>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <thread>

#include "drivers/caption/caption_font.h"
#include "drivers/uplink/uplink_config.h"
#include "firmware-host/api/metrics_endpoint.h"
#include "firmware-host/audit/daily_seal.h"
#include "firmware-host/clock/simulation_clock.h"
#include "firmware-host/lane/decision_display.h"
#include "firmware-host/lane/decision_line.h"
#include "firmware-host/sync/platform_state_store.h"
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
  {
    std::vector<std::string> lane_ids;
    for (const auto& l : cfg_.lanes()) lane_ids.push_back(l.lane_id());
    metrics_ = std::make_shared<GateMetrics>(std::move(lane_ids));
  }
  auto store = GateStore::Open(cfg_.database_path());
  if (!store.ok()) return Error{store.error()};
  store_ = std::move(store).value();
  if (Status st = store_->check_clock_mode(simulation_clock_in_use()); !st.ok()) {
    return Error{cfg_.database_path() + ": " + st.message()};
  }
  photos_ = std::make_unique<PhotoStore>(cfg_.photo_dir());
  start_retention();
  auto key = SigningKey::LoadOrCreate(cfg_.audit().signing_key_file());
  if (!key.ok()) return Error{"audit signing key: " + key.error()};
  signing_key_ = std::make_unique<SigningKey>(std::move(key).value());

  // Passages left pending by a previous run: the outcome is unknown, say so rather than guess.
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

  auto vehicles = store_->load_vehicles();
  if (!vehicles.ok()) return Error{vehicles.error()};
  ledger_.reset(std::move(vehicles).value());
  log("ledger: " + std::to_string(ledger_.size()) + " vehicle(s) with plates");
  if (Status st = start_policy(); !st.ok()) return st;
  seal_closed_days(wall_clock_ms());

  for (const auto& lane_cfg : cfg_.lanes()) {
    const std::string lane_id = lane_cfg.lane_id();
    Lane lane;
    LanePorts ports;
    ports.lookup = [this](const std::string& plate) { return ledger_.find(plate); };
    ports.commit = [this](gate::v1::Passage& p) {
      attach_evidence(p);
      auto r = store_->commit_passage(p, wall_clock_ms());
      if (r.ok() && uploader_) uploader_->poke();
      return r;
    };
    ports.set_outcome = [this](int64_t seq, gate::v1::PassageOutcome o) {
      Status st = store_->set_outcome(seq, o, wall_clock_ms());
      if (st.ok() && uploader_) uploader_->poke();
      return st;
    };
    ports.open_barrier = [this, lane_id](uint64_t token) {
      if (probe_ && probe_->awaiting_open) observe_latency();
      lanes_.at(lane_id).barrier->request_open(token);
    };
    ports.on_decided = [this](const gate::v1::Passage& p) {
      const auto verdict = p.decision().verdict();
      metrics_->decided(verdict);
      if (auto& d = lanes_.at(p.lane_id()).display) d->show(decision_display(p));
      if (probe_ && probe_->plate == p.read().plate_text()) {
        if (verdict == gate::v1::VERDICT_PASS) {
          probe_->awaiting_open = true;
        } else {
          observe_latency();
        }
      }
      std::cout << decision_line(p, cfg_.utc_offset_minutes()) << std::endl;
      board_->on_decided(p);
      policy_->on_decided(p, wall_clock_ms());
    };
    ports.share_state = [this](int64_t now) { return policy_->share_state(now); };
    ports.called = [this](const std::string& plate) { return policy_->called(plate); };
    ports.on_outcome = [this](const gate::v1::Passage& p, gate::v1::PassageOutcome o) {
      if (o == gate::v1::PASSAGE_OUTCOME_BARRIER_FAULT) {
        metrics_->barrier_fault(p.lane_id(), BarrierFaultKind::kOpenFailed);
      }
      board_->on_outcome(p, o);
      policy_->on_outcome(p, o, wall_clock_ms());
      if (o != gate::v1::PASSAGE_OUTCOME_PASSED) {
        log("lane " + p.lane_id() + " #" + std::to_string(p.seq()) + " " + p.read().plate_text() +
            ": " + rules::outcome_name(o));
      }
    };
    ports.alarm = [this](const std::string& m) { log("ALARM " + m); };
    lane.controller = std::make_unique<LaneController>(lane_cfg, cfg_.gate_id(), policy_->engine(),
                                                       cfg_.utc_offset_minutes(), ports);
    lane.controller->set_alert_level(cfg_.alert_level());
    // The barrier answers on real time; the lane waits on wall_clock_ms(), which runs faster
    // under a simulation clock.
    lane.controller->set_open_answer_limit_ms(open_answer_limit_ms(wall_clock_rate()));
    lane.barrier = std::make_unique<drivers::ModbusBarrier>(
        lane_cfg.barrier(), [this, lane_id](const drivers::BarrierEvent& e) {
          boost::asio::post(io_, [this, lane_id, e] { on_barrier_event(lane_id, e); });
        });
    if (lane_cfg.has_display()) {
      const auto& dc = lane_cfg.display();
      drivers::DisplaySenderOptions o;
      o.host = dc.host();
      o.port = static_cast<uint16_t>(dc.port());
      o.address = static_cast<uint8_t>(dc.address());
      o.queue_limit = static_cast<std::size_t>(dc.queue_limit());
      o.reconnect_interval_ms = dc.reconnect_interval_ms();
      o.io_timeout_ms = dc.io_timeout_ms();
      lane.display = std::make_unique<drivers::DisplaySender>(
          o, [this, lane_id](const std::string& m) { log("lane " + lane_id + ": " + m); });
    }
    if (lane_cfg.has_lpr_camera()) {
      auto loop = make_lpr_camera(lane_cfg);
      if (!loop.ok()) return Error{loop.error()};
      lane.lpr_camera = std::move(loop).value();
    }
    lanes_.emplace(lane_id, std::move(lane));
  }

  if (Status st = restore_manual_alert(); !st.ok()) return st;
  if (Status st = restore_platform_state(); !st.ok()) return st;

  // Give the barrier modules a moment to connect before trucks are accepted, so the first
  // truck of the day is not refused an opening by a driver that is still connecting. A module
  // that stays silent does not block the start: its lane records barrier faults and alarms.
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

  for (auto& [id, lane] : lanes_) {
    if (!lane.lpr_camera) continue;
    lane.lpr_camera->start();
    log("lane " + id + ": plate camera on " + lane.lpr_camera->describe());
  }

  auto camera = drivers::CameraReceiver::Start(
      io_, cfg_.camera().listen_address(), static_cast<uint16_t>(cfg_.camera().port()),
      [this](drivers::PlateEvent e) { return accept_event(std::move(e)); }, wall_clock_ms);
  if (!camera.ok()) return Error{"camera receiver: " + camera.error()};
  camera_ = std::move(camera).value();
  if (Status st = start_api(); !st.ok()) return st;

  if (Status st = start_uplink(); !st.ok()) return st;

  wait_for_reload_signal();
  signals_.add(SIGINT);
  signals_.add(SIGTERM);
  signals_.async_wait([this](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    log("signal " + std::to_string(sig) + ": stopping");
    shutdown();
  });
  schedule_tick();
  log("ready: gate " + cfg_.gate_id() + ", " + std::to_string(lanes_.size()) +
      " lane(s), camera push on http://" + cfg_.camera().listen_address() + ":" +
      std::to_string(camera_->port()) + ", database " + cfg_.database_path());
  if (Status st = systemd_.notify("READY=1\nSTATUS=deciding trucks at " + cfg_.gate_id());
      !st.ok()) {
    log("systemd: " + st.message());
  }
  return Status::Ok();
}

Result<std::unique_ptr<LprCameraLoop>> GateDaemon::make_lpr_camera(
    const gate::v1::LaneConfig& lane_cfg) {
  const auto& c = lane_cfg.lpr_camera();  // defaults filled in by config_loader
  const std::string lane_id = lane_cfg.lane_id();
  lpr::RecognizerOptions ro;
  // The camera applies min_confidence; the recogniser must not drop reads above it.
  ro.min_confidence = std::min(ro.min_confidence, c.min_confidence());
  ro.local_province = c.local_province();
  ro.local_province_weight = c.local_province_weight();
  const std::string model = c.model_path().empty() ? lpr::default_model_path() : c.model_path();
  // One recogniser per lane: PlateRecognizer is not thread-safe and each lane's thread reads
  // on its own; the model is small (about 1 MB).
  auto recognizer = lpr::PlateRecognizer::Load(model, ro);
  if (!recognizer.ok()) {
    return Error{"lane " + lane_id + " lpr_camera: " + recognizer.error() +
                 "; set lpr_camera.model_path to a model trained as in docs/lpr.md, or leave it "
                 "empty for the one shipped with gated"};
  }
  // The evidence photo's text carries the plate's province character: a font with Chinese
  // glyphs is needed before the first plate, so a missing one stops gated here.
  auto font = caption::find_caption_font(c.caption_font());
  if (!font.ok()) return Error{"lane " + lane_id + " lpr_camera: " + font.error()};
  auto writer = caption::CaptionWriter::Load(font.value(), drivers::kEvidenceTextPixels);
  if (!writer.ok()) return Error{"lane " + lane_id + " lpr_camera: " + writer.error()};
  // OpenCV would print its own warnings at every attempt to reopen an offline camera; the
  // loop raises one ALARM per outage instead.
  cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_ERROR);
  LprCameraLoopOptions o;
  o.video = c.video();
  o.snapshot_folder = c.snapshot_folder();
  o.every_nth_frame = c.every_nth_frame();
  o.camera.lane_id = lane_id;
  o.camera.camera_id = c.camera_id();
  o.camera.motion_gated = !c.read_every_frame();
  o.camera.motion_threshold = c.motion_threshold();
  o.camera.min_confidence = c.min_confidence();
  o.camera.caption_writer = std::move(writer).value();
  // Reads are posted to the io thread, where every lane event is handled.
  auto sink = [this, lane_id](drivers::PlateEvent e) -> Status {
    boost::asio::post(io_, [this, lane_id, e = std::move(e)]() mutable {
      if (Status st = accept_event(std::move(e)); !st.ok()) {
        log("lane " + lane_id + ": plate camera read not accepted: " + st.message());
      }
    });
    return Status::Ok();
  };
  return std::make_unique<LprCameraLoop>(std::move(o), std::move(recognizer).value(),
                                         std::move(sink), wall_clock_ms,
                                         [this](const std::string& m) { log(m); });
}

Status GateDaemon::accept_event(drivers::PlateEvent event) {
  const auto received = std::chrono::steady_clock::now();
  auto it = lanes_.find(event.read.lane_id());
  if (it == lanes_.end()) {
    std::string known;
    for (const auto& [id, lane] : lanes_) known += (known.empty() ? "" : ", ") + id;
    return Error{"unknown lane '" + event.read.lane_id() + "'; configured lanes: " + known};
  }
  if (!event.image_jpeg.empty() && retention_ && retention_->level() == StorageLevel::kCritical) {
    // The reserve is kept for passage records (the alarm was raised when the level changed).
    event.image_jpeg.clear();
  }
  if (!event.image_jpeg.empty()) {
    auto digest = photos_->put(event.image_jpeg);
    if (digest.ok()) {
      event.read.set_image_sha256(digest.value());
    } else {
      // The read still decides the truck; the missing photo is flagged, not fatal.
      log("ALARM photo not stored for " + event.read.plate_text() + ": " + digest.error());
    }
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
  probe_.reset();  // queued behind a passing vehicle, or a pass that could not open
  if (frame_pending && lane.duplicates_dropped() != repeats_before) {
    evidence_.drop(it->first, plate, event.read.time_unix_ms());  // a repeat: never decided
  }
  return Status::Ok();
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
    for (auto& [id, lane] : lanes_) lane.controller->on_tick(now);
    seal_closed_days(now);
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
  apply_platform_state(state.value().lists, level);
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
  auto transport = drivers::uplink::make_transport(cfg_.uplink(), cfg_.gate_id(), &warning);
  if (!transport.ok()) return Error{transport.error()};
  if (!warning.empty()) log(warning);
  OutboxUploader::Hooks hooks;
  hooks.log = [this](const std::string& m) { log(m); };
  hooks.alarm = [this](const std::string& m) { log("ALARM " + m); };
  hooks.on_platform_state = [this](const PlatformState& s, gate::v1::AlertLevel level) {
    boost::asio::post(io_, [this, lists = s.lists, level] { apply_platform_state(lists, level); });
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
  uploader_ = std::make_unique<OutboxUploader>(cfg_.database_path(), cfg_.gate_id(), cfg_.uplink(),
                                               cfg_.utc_offset_minutes(), cfg_.alert_level(),
                                               std::move(transport).value(), std::move(hooks));
  uploader_->start();
  return Status::Ok();
}

void GateDaemon::apply_platform_state(std::shared_ptr<const rules::PlatformLists> lists,
                                      gate::v1::AlertLevel level) {
  downlink_level_ = level;
  if (manual_alert_) level = manual_alert_->level;  // set on the dashboard; wins until ended
  for (auto& [id, lane] : lanes_) {
    lane.controller->set_alert_level(level);
    lane.controller->set_platform_lists(lists);
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
  auto rt = PolicyRuntime::Start(cfg_, *store_, std::move(ports), wall_clock_ms());
  if (!rt.ok()) return Error{"policy: " + rt.error()};
  policy_ = std::move(rt).value();
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
  auto metrics =
      std::make_shared<MetricsEndpoint>(cfg_.database_path(), metrics_, started_unix_ms_);
  h.metrics = [metrics] { return metrics->render(wall_clock_ms()); };
  AuditorRoutesOptions audit;
  audit.database_path = cfg_.database_path();
  audit.photo_dir = cfg_.photo_dir();
  audit.public_key_pem = signing_key_->public_pem();
  audit.utc_offset_minutes = cfg_.utc_offset_minutes();
  auto dashboard = make_dashboard();
  if (!dashboard.ok()) return Error{dashboard.error()};
  auto server = ApiServer::Start(io_, api.listen_address(), static_cast<uint16_t>(api.port()),
                                 api_credentials(api), std::move(h), AuditorRoutes(audit),
                                 std::move(dashboard).value());
  if (!server.ok()) return Error{server.error()};
  api_ = std::move(server).value();
  std::string who;
  for (const auto& c : api_credentials(api)) {
    who += (who.empty() ? "" : ", ") + c.name + " (" + std::string(role_name(c.role)) + ")";
  }
  log("local API on http://" + api.listen_address() + ":" + std::to_string(api_->port()) +
      "; tokens: " + who + "; auditors read under /api/v1/audit/");
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
  if (camera_) camera_->stop();
  if (api_) api_->stop();
  reload_signal_.cancel();
  tick_.cancel();
  signals_.cancel();
  if (uploader_) uploader_->stop();
  if (retention_) retention_->stop();
  for (auto& [id, lane] : lanes_) {
    if (lane.lpr_camera) lane.lpr_camera->stop();
    if (lane.barrier) lane.barrier->stop();
    if (lane.display) lane.display->stop();
  }
  io_.stop();
}

}  // namespace gate::host
