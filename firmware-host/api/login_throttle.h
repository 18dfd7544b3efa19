// Slows password guessing on the dashboard without letting a stranger lock out a real user.
// Failures are counted per client address and user name together, and per client address over
// all names; never per name alone, so failures from one address never stop the same name from
// logging in from another. After `free_failures` failures of an address and name, each further
// attempt of that pair waits `first_delay_ms` after its last failure, doubled for every further
// failure up to `max_delay_ms`; an address gets `address_free_failures` failures over all names
// before the same waiting applies to everything it tries. A count is forgotten `forget_after_ms`
// after its last failure; a successful login clears the count of its address and name (not the
// address's, so that one known password does not reset a guesser's count over other names).
// Pure: the time is passed in; not thread-safe (the API thread owns it).
//
// Memory is bounded: at most `max_keys` counts are kept; when full, the one whose last failure
// is oldest is forgotten first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace gate::host {

struct LoginThrottleOptions {
  int free_failures = 3;
  int address_free_failures = 10;
  int64_t first_delay_ms = 1000;
  int64_t max_delay_ms = 5 * 60 * 1000;
  int64_t forget_after_ms = 15 * 60 * 1000;  // longer than max_delay_ms
  std::size_t max_keys = 10000;
};

// Why a login is refused before its password is checked.
struct LoginRefusal {
  std::string what;            // "user 'wang' from 10.0.0.7" or "address 10.0.0.7"
  int64_t retry_after_ms = 0;  // > 0
};

class LoginThrottle {
 public:
  explicit LoginThrottle(LoginThrottleOptions o = {}) : opt_(o) {}

  // A refusal while the address and name, or the address, must still wait; nullopt to let the
  // attempt through. `address` is the client's IP without the port.
  std::optional<LoginRefusal> check(const std::string& user, const std::string& address,
                                    int64_t now_ms);
  void record_failure(const std::string& user, const std::string& address, int64_t now_ms);
  void record_success(const std::string& user, const std::string& address);

  std::size_t tracked_keys() const { return failures_.size(); }

 private:
  struct Failures {
    int count = 0;
    int64_t last_ms = 0;
  };
  int64_t wait_ms(const std::string& key, int free_failures, int64_t now_ms);
  void add(const std::string& key, int64_t now_ms);

  LoginThrottleOptions opt_;
  std::map<std::string, Failures> failures_;  // key → count and time of the last failure
};

// "10.0.0.7" from "10.0.0.7:51234", "::1" from "[::1]:51234"; unchanged when it has no port.
std::string address_without_port(const std::string& remote);

}  // namespace gate::host
