#include "drivers/camera/alarm_limiter.h"

namespace gate::drivers {

AlarmLimiter::AlarmLimiter(int64_t period_ms, std::size_t max_keys)
    : period_ms_(period_ms), max_keys_(max_keys) {}

std::optional<std::string> AlarmLimiter::admit(const std::string& key, const std::string& message,
                                               int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it != entries_.end() && now_ms - it->second.raised_ms < period_ms_) {
    ++it->second.suppressed;
    return std::nullopt;
  }
  const int64_t held_back = it == entries_.end() ? 0 : it->second.suppressed;
  if (it == entries_.end()) {
    if (entries_.size() >= max_keys_) {
      auto oldest = entries_.begin();
      for (auto j = entries_.begin(); j != entries_.end(); ++j) {
        if (j->second.raised_ms < oldest->second.raised_ms) oldest = j;
      }
      entries_.erase(oldest);
    }
    it = entries_.emplace(key, Entry{}).first;
  }
  it->second = Entry{now_ms, 0};
  if (held_back == 0) return message;
  return message + " (" + std::to_string(held_back) +
         " more from this source were held back in the last minute)";
}

}  // namespace gate::drivers
