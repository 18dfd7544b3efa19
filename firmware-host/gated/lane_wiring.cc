// GateDaemon's wiring of one lane: the state machine's ports to the store, ledger, policy,
// dashboard and metrics, its barrier driver (Modbus module or camera relay), LED display and plain
// camera. Kept apart from gate_daemon.cc so that the daemon's start reads as a list of steps; the
// ports run on the io thread.
#include "firmware-host/gated/gate_daemon.h"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <iostream>

#include "drivers/barrier/camera_relay.h"
#include "drivers/barrier/camera_relay_config.h"
#include "drivers/barrier/vzenith_reply_relay.h"
#include "drivers/camera/plate_event.h"
#include "drivers/camera/plate_sighting.h"
#include "drivers/display/display_camera_config.h"
#include "drivers/display/display_sender.h"
#include "drivers/display/hikvision_serial_display.h"
#include "firmware-host/gated/lpr_plugin_loader.h"
#include "firmware-host/lane/decision_display.h"
#include "firmware-host/lane/decision_line.h"
#include "rules/display_names.h"

namespace gate::host {

Result<GateDaemon::Lane> GateDaemon::make_lane(const gate::v1::LaneConfig& lane_cfg) {
  const std::string lane_id = lane_cfg.lane_id();
  Lane lane;
  lane.controller = std::make_unique<LaneController>(
      lane_cfg, cfg_.gate_id(), policy_->engine(), cfg_.utc_offset_minutes(), lane_ports(lane_id));
  lane.controller->set_alert_level(cfg_.alert_level());
  // The barrier answers on real time; the lane waits on wall_clock_ms(), which runs faster
  // under a simulation clock.
  lane.controller->set_open_answer_limit_ms(open_answer_limit_ms(wall_clock_rate()));
  auto barrier = make_barrier(lane_cfg);
  if (!barrier.ok()) return Error{barrier.error()};
  lane.barrier = std::move(barrier).value();
  lane.vzenith_relay = dynamic_cast<drivers::VzenithReplyRelay*>(lane.barrier.get());
  // Without loop detectors (a camera's relay) the lane confirms a passage by its timeout.
  lane.controller->set_loop_inputs(lane.barrier->has_loop_inputs());
  // The grace is real time (the module's polling); the lane counts on the gate's clock.
  lane.controller->set_presence_check(
      lane_cfg.presence_check() == gate::v1::PRESENCE_CHECK_ENTRY_LOOP,
      static_cast<int64_t>(lane_cfg.presence_grace_ms() * std::max(1.0, wall_clock_rate())));
  if (lane_cfg.has_display()) {
    auto display = make_display(lane_cfg);
    if (!display.ok()) return Error{display.error()};
    lane.display = std::move(display).value();
    lane.vzenith_display = dynamic_cast<drivers::VzenithSerialDisplay*>(lane.display.get());
  }
  if (lane_cfg.has_lpr_camera()) {
    auto loop = make_lpr_camera(lane_cfg);
    if (!loop.ok()) return Error{loop.error()};
    lane.lpr_camera = std::move(loop).value();
  }
  if (Status st = attach_vehicle_check(lane_id, lane); !st.ok()) return Error{st.message()};
  return lane;
}

// The answers come on the check's thread and are posted to the lanes'. The deadline is the
// profile's in real time; the lane counts it on the gate's clock, which may run faster.
Status GateDaemon::attach_vehicle_check(const std::string& lane_id, Lane& lane) {
  auto check = PlatformVehicleCheck::FromConfig(
      cfg_.uplink(), cfg_.gate_id(), cfg_.utc_offset_minutes(),
      [this, lane_id](uint64_t token, gate::v1::VehicleCheck answer) {
        boost::asio::post(io_, [this, lane_id, token, answer] {
          auto& lane = *lanes_.at(lane_id).controller;
          const int64_t dropped = lane.late_check_answers();
          lane.on_check_answer(token, answer, wall_clock_ms());
          if (lane.late_check_answers() != dropped) metrics_->check_answer_dropped();
          answer_decided_pushes(lanes_.at(lane_id));
        });
      });
  if (!check.ok()) return Error{check.error()};
  if (!check.value()) return Status::Ok();
  rules::CheckSettings settings = check.value()->settings();
  settings.deadline_ms = static_cast<int64_t>(static_cast<double>(settings.deadline_ms) *
                                              std::max(1.0, wall_clock_rate()));
  lane.controller->set_vehicle_check(settings);
  log("lane " + lane_id + ": vehicle check on " + check.value()->describe() + ", deadline " +
      std::to_string(check.value()->settings().deadline_ms) + " ms, degraded mode " +
      rules::degraded_mode_name(settings.degraded));
  lane.check = std::move(check).value();
  lane.check_timer = std::make_unique<boost::asio::steady_timer>(io_);
  return Status::Ok();
}

void GateDaemon::ask_vehicle_check(const std::string& lane_id, uint64_t token,
                                   const gate::v1::PlateRead& read) {
  Lane& lane = lanes_.at(lane_id);
  if (!lane.check) return;
  metrics_->check_sent();
  lane.check->ask(token, read);
  // The 100 ms tick alone would decide up to 100 ms past the deadline.
  lane.check_timer->expires_after(
      std::chrono::milliseconds(lane.check->settings().deadline_ms + 1));
  lane.check_timer->async_wait([this, lane_id](const boost::system::error_code& ec) {
    if (ec) return;
    Lane& l = lanes_.at(lane_id);
    l.controller->on_tick(wall_clock_ms());
    answer_decided_pushes(l);
  });
}

bool GateDaemon::hold_push_until_decided(const std::string& lane_id, std::function<void()> answer) {
  auto it = lanes_.find(lane_id);
  if (it == lanes_.end() || it->second.controller->state() != LaneController::State::kChecking) {
    return false;
  }
  it->second.pushes_waiting.push_back(std::move(answer));
  return true;
}

void GateDaemon::answer_decided_pushes(Lane& lane) {
  if (lane.controller->state() == LaneController::State::kChecking) return;
  auto waiting = std::move(lane.pushes_waiting);
  lane.pushes_waiting.clear();
  for (auto& answer : waiting) answer();
}

void GateDaemon::on_check_done(const gate::v1::VehicleCheck& c, bool deadline_passed) {
  const bool unavailable = c.status() == gate::v1::VehicleCheck::STATUS_UNAVAILABLE;
  const CheckResult result = !unavailable      ? CheckResult::kAnswered
                             : deadline_passed ? CheckResult::kLate
                                               : CheckResult::kFailed;
  // The lane counts on the gate's clock; the latency metric is real time.
  metrics_->check_done(
      result, static_cast<double>(c.latency_ms()) / 1000.0 / std::max(1.0, wall_clock_rate()));
  // The board keeps the state the dashboard shows; its flip is the ALARM's raise or clear.
  if (!board_->on_check_done(c, wall_clock_ms())) return;
  if (unavailable) {
    log("ALARM platform vehicle check unavailable (" + c.reason() +
        "): lanes decide in degraded mode " + c.degraded_mode() +
        " and record check: unavailable; check the platform's connection");
  } else {
    log("platform vehicle check answering again: degraded mode ended (its ALARM is cleared)");
  }
}

// The lane's barrier driver; its events are posted to the io thread. A camera relay's
// password is read here, at start, so a missing file stops gated with its name.
Result<std::unique_ptr<drivers::BarrierDriver>> GateDaemon::make_barrier(
    const gate::v1::LaneConfig& lane_cfg) {
  const std::string lane_id = lane_cfg.lane_id();
  drivers::BarrierEventHandler on_event = [this, lane_id](const drivers::BarrierEvent& e) {
    boost::asio::post(io_, [this, lane_id, e] { on_barrier_event(lane_id, e); });
  };
  if (!lane_cfg.barrier().has_camera_relay()) {
    return std::unique_ptr<drivers::BarrierDriver>(
        std::make_unique<drivers::ModbusBarrier>(lane_cfg.barrier(), std::move(on_event)));
  }
  const auto& relay = lane_cfg.barrier().camera_relay();
  if (relay.vendor() == gate::v1::CameraRelay::VENDOR_VZENITH) {
    return std::unique_ptr<drivers::BarrierDriver>(
        std::make_unique<drivers::VzenithReplyRelay>(relay.timeout_ms(), std::move(on_event)));
  }
  auto password = drivers::read_relay_password(relay.password_file());
  if (!password.ok()) {
    return Error{"lane " + lane_id + " barrier.camera_relay.password_file: " + password.error()};
  }
  return std::unique_ptr<drivers::BarrierDriver>(std::make_unique<drivers::CameraRelayBarrier>(
      relay, std::move(password).value(), std::move(on_event)));
}

LanePorts GateDaemon::lane_ports(const std::string& lane_id) {
  LanePorts ports;
  ports.lookup = [this](const std::string& plate) { return ledger_.find(plate); };
  ports.commit = [this](gate::v1::Passage& p) {
    attach_evidence(p);
    auto r = store_->commit_passage(p, wall_clock_ms());
    if (r.ok() && uploader_) uploader_->poke();
    if (r.ok() && plant_) plant_->poke();
    return r;
  };
  ports.set_outcome = [this](int64_t seq, gate::v1::PassageOutcome o,
                             gate::v1::PassageConfirmation c) {
    Status st = store_->set_outcome(seq, o, wall_clock_ms(), c);
    if (st.ok() && uploader_) uploader_->poke();
    if (st.ok() && plant_) plant_->poke();
    return st;
  };
  ports.open_barrier = [this, lane_id](uint64_t token) {
    if (probe_ && probe_->awaiting_open) observe_latency();
    lanes_.at(lane_id).barrier->request_open(token);
  };
  ports.on_decided = [this](const gate::v1::Passage& p) { on_decided(p); };
  ports.share_state = [this](int64_t now) { return policy_->share_state(now); };
  ports.called = [this](const std::string& plate) { return policy_->called(plate); };
  ports.on_outcome = [this](const gate::v1::Passage& p, gate::v1::PassageOutcome o) {
    on_outcome(p, o);
  };
  ports.alarm = [this](const std::string& m) { log("ALARM " + m); };
  ports.check_vehicle = [this, lane_id](uint64_t token, const gate::v1::PlateRead& read) {
    ask_vehicle_check(lane_id, token, read);
  };
  ports.on_check_done = [this](const gate::v1::VehicleCheck& c, bool deadline_passed) {
    on_check_done(c, deadline_passed);
  };
  return ports;
}

// A committed decision: metrics, the lane's display, the latency probe, stdout, the dashboard
// and the share tallies.
void GateDaemon::on_decided(const gate::v1::Passage& p) {
  const auto verdict = p.decision().verdict();
  metrics_->decided(verdict);
  if (p.check().status() != gate::v1::VehicleCheck::STATUS_NONE) {
    metrics_->check_decided(p.decision().rule_id());
  }
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
}

void GateDaemon::on_outcome(const gate::v1::Passage& p, gate::v1::PassageOutcome o) {
  if (o == gate::v1::PASSAGE_OUTCOME_BARRIER_FAULT) {
    metrics_->barrier_fault(p.lane_id(), BarrierFaultKind::kOpenFailed);
  }
  board_->on_outcome(p, o);
  policy_->on_outcome(p, o, wall_clock_ms());
  if (o != gate::v1::PASSAGE_OUTCOME_PASSED) {
    log("lane " + p.lane_id() + " #" + std::to_string(p.seq()) + " " + p.read().plate_text() +
        ": " + rules::outcome_name(o));
  }
}

Result<std::unique_ptr<drivers::DisplayOutput>> GateDaemon::make_display(
    const gate::v1::LaneConfig& lane_cfg) {
  const auto& dc = lane_cfg.display();
  const std::string lane_id = lane_cfg.lane_id();
  auto log_line = [this, lane_id](const std::string& m) { log("lane " + lane_id + ": " + m); };
  const auto address = static_cast<uint8_t>(dc.address());
  const auto queue_limit = static_cast<std::size_t>(dc.queue_limit());
  if (!dc.has_camera()) {
    drivers::DisplaySenderOptions o;
    o.host = dc.host();
    o.port = static_cast<uint16_t>(dc.port());
    o.address = address;
    o.queue_limit = queue_limit;
    o.reconnect_interval_ms = dc.reconnect_interval_ms();
    o.io_timeout_ms = dc.io_timeout_ms();
    return std::unique_ptr<drivers::DisplayOutput>(
        std::make_unique<drivers::DisplaySender>(o, log_line));
  }
  log_line("display behind the " + drivers::describe_display_camera(dc.camera()));
  if (dc.camera().vendor() == gate::v1::DisplayCamera::VENDOR_VZENITH) {
    return std::unique_ptr<drivers::DisplayOutput>(std::make_unique<drivers::VzenithSerialDisplay>(
        address, dc.camera().serial_channel(), queue_limit));
  }
  auto password = drivers::read_relay_password(dc.camera().password_file());
  if (!password.ok()) {
    return Error{"lane " + lane_id + " display.camera.password_file: " + password.error()};
  }
  drivers::HikvisionSerialDisplayOptions o;
  o.camera = dc.camera();
  o.password = std::move(password).value();
  o.address = address;
  o.queue_limit = queue_limit;
  o.retry_interval_ms = dc.reconnect_interval_ms();
  return std::unique_ptr<drivers::DisplayOutput>(
      std::make_unique<drivers::HikvisionSerialDisplay>(std::move(o), log_line));
}

drivers::VzenithReplyExtras GateDaemon::vzenith_reply(const std::string& lane_id) {
  drivers::VzenithReplyExtras out;
  const auto lane = lanes_.find(lane_id);  // lanes_ is fixed once the receiver runs
  if (lane == lanes_.end()) return out;
  if (auto* display = lane->second.vzenith_display; display != nullptr) {
    for (auto& frame : display->take_frames()) {
      out.serial.push_back({display->serial_channel(), std::move(frame)});
    }
  }
  if (auto* relay = lane->second.vzenith_relay; relay != nullptr)
    out.open_relay = relay->take_open();
  return out;
}

namespace {

LprCameraSettings lpr_camera_settings(const gate::v1::LaneConfig& lane_cfg) {
  const auto& c = lane_cfg.lpr_camera();  // defaults filled in by config_loader
  LprCameraSettings s;
  s.lane_id = lane_cfg.lane_id();
  s.camera_id = c.camera_id();
  s.video = c.video();
  s.snapshot_folder = c.snapshot_folder();
  s.every_nth_frame = c.every_nth_frame();
  s.read_every_frame = c.read_every_frame();
  s.motion_threshold = c.motion_threshold();
  s.min_confidence = c.min_confidence();
  s.local_province = c.local_province();
  s.local_province_weight = c.local_province_weight();
  s.model_path = c.model_path();
  s.caption_font = c.caption_font();
  return s;
}

}  // namespace

Result<std::unique_ptr<LprCameraHandle>> GateDaemon::make_lpr_camera(
    const gate::v1::LaneConfig& lane_cfg) {
  const std::string lane_id = lane_cfg.lane_id();
  auto plugin = load_lpr_plugin();
  if (!plugin.ok()) return Error{"lane " + lane_id + " lpr_camera: " + plugin.error()};
  LprCameraCallbacks callbacks;
  // Reads are posted to the io thread, where every lane event is handled.
  callbacks.sink = [this, lane_id](drivers::PlateSighting s) {
    boost::asio::post(io_, [this, lane_id, s = std::move(s)]() mutable {
      if (Status st = accept_event(drivers::plate_event_from_sighting(std::move(s))); !st.ok()) {
        log("lane " + lane_id + ": plate camera read not accepted: " + st.message());
      }
    });
  };
  callbacks.clock = wall_clock_ms;
  callbacks.log = [this](const std::string& m) { log(m); };
  return plugin.value()->make_camera(lpr_camera_settings(lane_cfg), std::move(callbacks));
}

}  // namespace gate::host
