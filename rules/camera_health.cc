#include "rules/camera_health.h"

#include <algorithm>

namespace gate::rules {

CameraHealth::CameraHealth(std::vector<WatchedCamera> cameras, int64_t silence_window_ms,
                           int64_t started_unix_ms)
    : window_ms_(silence_window_ms), started_ms_(started_unix_ms) {
  for (auto& c : cameras) watches_[{std::move(c.lane_id), std::move(c.camera_id)}];
}

void CameraHealth::saw(const std::string& lane_id, const std::string& camera_id, int64_t at_ms) {
  auto it = watches_.find({lane_id, camera_id});
  if (it == watches_.end()) return;
  it->second.last_seen_ms = std::max(it->second.last_seen_ms, at_ms);
}

void CameraHealth::saw_plate(const std::string& lane_id, const std::string& camera_id,
                             int64_t at_ms) {
  auto it = watches_.find({lane_id, camera_id});
  if (it == watches_.end()) return;
  it->second.last_plate_ms = std::max(it->second.last_plate_ms, at_ms);
  it->second.last_seen_ms = std::max(it->second.last_seen_ms, at_ms);
}

CameraStatus CameraHealth::status_of(const Key& key, const Watch& w, int64_t now_ms) const {
  CameraStatus s;
  s.lane_id = key.first;
  s.camera_id = key.second;
  s.never_seen = w.last_seen_ms == 0;
  s.last_seen_unix_ms = w.last_seen_ms;
  s.last_plate_unix_ms = w.last_plate_ms;
  const int64_t since = s.never_seen ? started_ms_ : w.last_seen_ms;
  s.silent_ms = std::max<int64_t>(0, now_ms - since);
  s.online = s.silent_ms <= window_ms_;
  return s;
}

std::vector<CameraStatus> CameraHealth::statuses(int64_t now_ms) const {
  std::vector<CameraStatus> out;
  out.reserve(watches_.size());
  for (const auto& [key, w] : watches_) out.push_back(status_of(key, w, now_ms));
  return out;
}

std::vector<CameraHealthChange> CameraHealth::check(int64_t now_ms, bool gate_open) {
  std::vector<CameraHealthChange> changes;
  for (auto& [key, w] : watches_) {
    const CameraStatus s = status_of(key, w, now_ms);
    CameraHealthChange c;
    c.lane_id = key.first;
    c.camera_id = key.second;
    if (w.reported && s.online) {
      c.kind = CameraHealthChange::Kind::kBack;
      c.silent_ms = std::max<int64_t>(0, w.last_seen_ms - w.silent_since_ms);
      w.reported = false;
      changes.push_back(std::move(c));
    } else if (!w.reported && !s.online && gate_open) {
      c.kind = CameraHealthChange::Kind::kSilent;
      c.silent_ms = s.silent_ms;
      c.last_seen_unix_ms = w.last_seen_ms;
      w.reported = true;
      w.silent_since_ms = s.never_seen ? started_ms_ : w.last_seen_ms;
      changes.push_back(std::move(c));
    }
  }
  return changes;
}

}  // namespace gate::rules
