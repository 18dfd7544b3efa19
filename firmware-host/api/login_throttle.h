// Slows password guessing on the dashboard: after `max_failures` failed logins within `window_ms`
// for one user name, or from one client address, further attempts for it are refused until the
// oldest of those failures is `window_ms` old. A successful login clears the failures of the
// user name (not those of the address, so that one known password does not reset a guesser's
// count). Pure: the time is passed in; not thread-safe (the API thread owns it).
//
// Memory is bounded: at most `max_keys` names and addresses are tracked; when full, the key
// whose last failure is oldest is forgotten first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>

namespace gate::host {

struct LoginThrottleOptions {
  int max_failures = 5;
  int64_t window_ms = 5 * 60 * 1000;
  std::size_t max_keys = 10000;
};

// Why a login is refused before its password is checked.
struct LoginRefusal {
  std::string what;            // "user 'wang'" or "address 10.0.0.7"
  int64_t retry_after_ms = 0;  // > 0
};

class LoginThrottle {
 public:
  explicit LoginThrottle(LoginThrottleOptions o = {}) : opt_(o) {}

  // A refusal when the user or the address has had too many recent failures; nullopt to let the
  // attempt through. `address` is the client's IP without the port.
  std::optional<LoginRefusal> check(const std::string& user, const std::string& address,
                                    int64_t now_ms);
  void record_failure(const std::string& user, const std::string& address, int64_t now_ms);
  void record_success(const std::string& user);

  std::size_t tracked_keys() const { return failures_.size(); }

 private:
  int64_t retry_after(const std::string& key, int64_t now_ms);
  void add(const std::string& key, int64_t now_ms);

  LoginThrottleOptions opt_;
  std::map<std::string, std::deque<int64_t>> failures_;  // key → failure times, oldest first
};

// "10.0.0.7" from "10.0.0.7:51234", "::1" from "[::1]:51234"; unchanged when it has no port.
std::string address_without_port(const std::string& remote);

}  // namespace gate::host
