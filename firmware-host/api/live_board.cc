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

}  // namespace gate::host
