#include "firmware-host/api/login_throttle.h"

#include <algorithm>

namespace gate::host {
namespace {

// User names are at most 64 characters (user_store.h); a longer guess is tracked by its start,
// so that a client cannot grow the table with huge names.
std::string user_key(const std::string& user) {
  return "user:" + user.substr(0, 64);
}

}  // namespace

int64_t LoginThrottle::retry_after(const std::string& key, int64_t now_ms) {
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  auto& times = it->second;
  while (!times.empty() && times.front() <= now_ms - opt_.window_ms) times.pop_front();
  if (times.empty()) {
    failures_.erase(it);
    return 0;
  }
  if (static_cast<int>(times.size()) < opt_.max_failures) return 0;
  // Allowed again once enough failures have left the window for the count to drop below max.
  const auto& unlock_at = times[times.size() - static_cast<std::size_t>(opt_.max_failures)];
  return std::max<int64_t>(1, unlock_at + opt_.window_ms - now_ms);
}

std::optional<LoginRefusal> LoginThrottle::check(const std::string& user,
                                                 const std::string& address, int64_t now_ms) {
  const int64_t by_user = retry_after(user_key(user), now_ms);
  const int64_t by_address = retry_after("address:" + address, now_ms);
  if (by_user == 0 && by_address == 0) return std::nullopt;
  if (by_user >= by_address) return LoginRefusal{"user '" + user + "'", by_user};
  return LoginRefusal{"address " + address, by_address};
}

void LoginThrottle::add(const std::string& key, int64_t now_ms) {
  if (!failures_.count(key) && failures_.size() >= opt_.max_keys) {
    // Keys are never left with no failure (retry_after and record_success erase them).
    failures_.erase(std::min_element(
        failures_.begin(), failures_.end(),
        [](const auto& a, const auto& b) { return a.second.back() < b.second.back(); }));
  }
  auto& times = failures_[key];
  times.push_back(now_ms);
  // Only the last max_failures matter for the decision.
  while (static_cast<int>(times.size()) > opt_.max_failures) times.pop_front();
}

void LoginThrottle::record_failure(const std::string& user, const std::string& address,
                                   int64_t now_ms) {
  add(user_key(user), now_ms);
  add("address:" + address, now_ms);
}

void LoginThrottle::record_success(const std::string& user) {
  failures_.erase(user_key(user));
}

std::string address_without_port(const std::string& remote) {
  if (remote.starts_with("[")) {
    const auto close = remote.find(']');
    return close == std::string::npos ? remote : remote.substr(1, close - 1);
  }
  const auto colon = remote.rfind(':');
  if (colon == std::string::npos || remote.find(':') != colon) return remote;  // bare IPv6
  return remote.substr(0, colon);
}

}  // namespace gate::host
