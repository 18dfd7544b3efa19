// GateDaemon's camera health (docs/cameras.md): which cameras are watched, the signs of life
// gathered on the tick, the ALARM when one is silent in opening hours, and the copies the API
// (metrics, dashboard) and the uplink (heartbeats) read from their own threads.
#include <algorithm>

#include "drivers/uplink/wire_time.h"
#include "firmware-host/gated/gate_daemon.h"
#include "rules/local_time.h"

namespace gate::host {
namespace {

// "45 s", "12 min 5 s", "3 h 20 min".
std::string duration_text(int64_t ms) {
  const int64_t s = ms / 1000;
  if (s < 60) return std::to_string(s) + " s";
  if (s < 3600) return std::to_string(s / 60) + " min " + std::to_string(s % 60) + " s";
  return std::to_string(s / 3600) + " h " + std::to_string(s % 3600 / 60) + " min";
}

}  // namespace

// Watched: every lane's push cameras, and its lpr_camera when it reads video. A snapshot folder
// gives a frame only when a truck triggers the camera, so its silence says nothing.
void GateDaemon::start_camera_health() {
  std::vector<rules::WatchedCamera> watched;
  for (const auto& lane : cfg_.lanes()) {
    for (const auto& c : lane.push_cameras()) {
      watched.push_back({lane.lane_id(), c.camera_id()});
      push_camera_lanes_[c.camera_id()] = lane.lane_id();
    }
    if (lane.has_lpr_camera() && !lane.lpr_camera().video().empty()) {
      watched.push_back({lane.lane_id(), lane.lpr_camera().camera_id()});
    }
  }
  // Hours checked by config_loader; the window is simulated time, stretched like the camera
  // clock tolerance when the clock runs faster than real time (cameras keep real intervals).
  opening_hours_ = rules::parse_opening_hours(cfg_.camera().opening_hours()).value();
  const auto window_ms = static_cast<int64_t>(cfg_.camera().silence_alarm_s() * 1000.0 *
                                              std::max(1.0, wall_clock_rate()));
  if (watched.empty()) return;
  log("camera health: " + std::to_string(watched.size()) + " camera(s) watched; silent for " +
      duration_text(window_ms) + " is offline, an ALARM in opening hours (" +
      rules::describe(opening_hours_) + ")");
  camera_health_ =
      std::make_unique<rules::CameraHealth>(std::move(watched), window_ms, started_unix_ms_);
  std::lock_guard lock(camera_status_mu_);
  camera_status_ = camera_health_->statuses(started_unix_ms_);
}

// On the tick, at most once a second of the gate's clock.
void GateDaemon::check_camera_health(int64_t now) {
  if (!camera_health_ || now - camera_health_checked_ms_ < 1000) return;
  camera_health_checked_ms_ = now;
  if (camera_) {
    for (const auto& [id, signs] : camera_->declared_signs()) {
      auto lane = push_camera_lanes_.find(id);
      if (lane == push_camera_lanes_.end()) continue;
      camera_health_->saw(lane->second, id, signs.alive_unix_ms);
      if (signs.plate_unix_ms > 0) camera_health_->saw_plate(lane->second, id, signs.plate_unix_ms);
    }
  }
  for (const auto& lane : cfg_.lanes()) {
    const auto it = lanes_.find(lane.lane_id());
    if (it == lanes_.end() || !it->second.lpr_camera) continue;
    const int64_t frame = it->second.lpr_camera->last_frame_unix_ms();
    if (frame > 0) camera_health_->saw(lane.lane_id(), lane.lpr_camera().camera_id(), frame);
  }
  const int off = cfg_.utc_offset_minutes();
  const bool open = rules::is_open_at(opening_hours_, now, off);
  for (const auto& c : camera_health_->check(now, open)) {
    const std::string who = "lane " + c.lane_id + ": camera " + c.camera_id;
    if (c.kind == rules::CameraHealthChange::Kind::kBack) {
      log(who + " heard again after " + duration_text(c.silent_ms) + " of silence");
      continue;
    }
    const std::string since =
        c.last_seen_unix_ms > 0
            ? "last sign of life " + rules::local_time(c.last_seen_unix_ms, off)
            : "never heard from since gated started " + rules::local_time(started_unix_ms_, off);
    log("ALARM " + who + " silent for " + duration_text(c.silent_ms) + " (" + since +
        "; camera.silence_alarm_s " + std::to_string(cfg_.camera().silence_alarm_s()) +
        " s): check its power, network and push settings");
  }
  std::lock_guard lock(camera_status_mu_);
  camera_status_ = camera_health_->statuses(now);
}

std::vector<rules::CameraStatus> GateDaemon::camera_statuses() const {
  std::lock_guard lock(camera_status_mu_);
  return camera_status_;
}

std::vector<gate::v1::CameraState> GateDaemon::camera_states() const {
  std::vector<gate::v1::CameraState> out;
  for (const auto& c : camera_statuses()) {
    gate::v1::CameraState s;
    s.set_camera_id(c.camera_id);
    s.set_lane_id(c.lane_id);
    s.set_online(c.online);
    if (c.last_seen_unix_ms > 0) {
      s.set_last_seen(
          drivers::uplink::format_wire_time(c.last_seen_unix_ms, cfg_.utc_offset_minutes()));
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace gate::host
