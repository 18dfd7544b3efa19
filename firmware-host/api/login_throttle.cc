#include "firmware-host/api/login_throttle.h"

#include <algorithm>

namespace gate::host {
namespace {

// User names are at most 64 characters (user_store.h); a longer guess is tracked by its start,
// so that a client cannot grow the table with huge names.
std::string pair_key(const std::string& user, const std::string& address) {
  return "pair:" + address + "\n" + user.substr(0, 64);
}

std::string address_key(const std::string& address) {
  return "address:" + address;
}

}  // namespace

int64_t LoginThrottle::wait_ms(const std::string& key, int free_failures, int64_t now_ms) {
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  const Failures f = it->second;
  if (now_ms - f.last_ms >= opt_.forget_after_ms) {
    failures_.erase(it);
    return 0;
  }
  if (f.count < free_failures) return 0;
  int64_t delay = opt_.first_delay_ms;
  for (int n = free_failures; n < f.count && delay < opt_.max_delay_ms; ++n) delay *= 2;
  delay = std::min(delay, opt_.max_delay_ms);
  return std::max<int64_t>(0, f.last_ms + delay - now_ms);
}

std::optional<LoginRefusal> LoginThrottle::check(const std::string& user,
                                                 const std::string& address, int64_t now_ms) {
  const int64_t by_pair = wait_ms(pair_key(user, address), opt_.free_failures, now_ms);
  const int64_t by_address = wait_ms(address_key(address), opt_.address_free_failures, now_ms);
  if (by_pair == 0 && by_address == 0) return std::nullopt;
  if (by_pair >= by_address) {
    return LoginRefusal{"user '" + user.substr(0, 64) + "' from " + address, by_pair};
  }
  return LoginRefusal{"address " + address, by_address};
}

void LoginThrottle::add(const std::string& key, int64_t now_ms) {
  if (!failures_.count(key) && failures_.size() >= opt_.max_keys) {
    failures_.erase(std::min_element(
        failures_.begin(), failures_.end(),
        [](const auto& a, const auto& b) { return a.second.last_ms < b.second.last_ms; }));
  }
  Failures& f = failures_[key];
  if (f.count > 0 && now_ms - f.last_ms >= opt_.forget_after_ms) f.count = 0;
  ++f.count;
  f.last_ms = now_ms;
}

void LoginThrottle::record_failure(const std::string& user, const std::string& address,
                                   int64_t now_ms) {
  add(pair_key(user, address), now_ms);
  add(address_key(address), now_ms);
}

void LoginThrottle::record_success(const std::string& user, const std::string& address) {
  failures_.erase(pair_key(user, address));
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
