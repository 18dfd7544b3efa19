#include "firmware-host/api/live_board.h"

namespace gate::host {

void LiveBoard::on_decided(const gate::v1::Passage& p) {
  std::lock_guard lock(mu_);
  last_[p.lane_id()] = p;
  ++decisions_;
}

void LiveBoard::on_outcome(const gate::v1::Passage& p, gate::v1::PassageOutcome o) {
  std::lock_guard lock(mu_);
  auto it = last_.find(p.lane_id());
  if (it != last_.end() && it->second.seq() == p.seq()) it->second.set_outcome(o);
}

std::optional<gate::v1::Passage> LiveBoard::last_passage(const std::string& lane) const {
  std::lock_guard lock(mu_);
  auto it = last_.find(lane);
  if (it == last_.end()) return std::nullopt;
  return it->second;
}

int64_t LiveBoard::decisions() const {
  std::lock_guard lock(mu_);
  return decisions_;
}

int64_t LiveBoard::raise_alarm(const std::string& text, int64_t now) {
  std::lock_guard lock(mu_);
  Alarm a;
  a.id = next_alarm_id_++;
  a.raised_unix_ms = now;
  a.text = text;
  alarms_.push_front(std::move(a));
  if (alarms_.size() > kMaxAlarms) alarms_.pop_back();
  return alarms_.front().id;
}

bool LiveBoard::acknowledge(int64_t id, const std::string& user, int64_t now) {
  std::lock_guard lock(mu_);
  for (auto& a : alarms_) {
    if (a.id != id) continue;
    if (a.acknowledged_by.empty()) {
      a.acknowledged_by = user;
      a.acknowledged_unix_ms = now;
    }
    return true;
  }
  return false;
}

std::vector<Alarm> LiveBoard::alarms() const {
  std::lock_guard lock(mu_);
  return {alarms_.begin(), alarms_.end()};
}

bool LiveBoard::on_check_done(const gate::v1::VehicleCheck& c, int64_t now) {
  if (c.status() == gate::v1::VehicleCheck::STATUS_NONE) return false;
  const bool unavailable = c.status() == gate::v1::VehicleCheck::STATUS_UNAVAILABLE;
  std::lock_guard lock(mu_);
  const bool changed = unavailable != check_.degraded;
  check_.seen = true;
  check_.degraded = unavailable;
  check_.last_unix_ms = now;
  check_.last_latency_ms = c.latency_ms();
  ++(unavailable ? check_.unavailable : check_.answered);
  if (unavailable) {
    if (changed) check_.degraded_since_unix_ms = now;
    check_.degraded_mode = c.degraded_mode();
    check_.reason = c.reason();
  } else {
    check_.degraded_since_unix_ms = 0;
    check_.degraded_mode.clear();
    check_.reason.clear();
  }
  return changed;
}

CheckHealth LiveBoard::check_health() const {
  std::lock_guard lock(mu_);
  return check_;
}

}  // namespace gate::host
