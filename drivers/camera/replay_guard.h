// Refuses camera events that are replays: stamped too far from the gate's clock, or carrying a
// picture the lane has already taken. Thread-safe (lanes' queues call it concurrently).
//
// Memory is bounded: per lane at most `max_hashes` picture hashes, each kept at most
// `max_age_ms`; beyond that a replay of an old picture is caught only by the time window (its
// stamp is as old as the picture), which is why both checks exist.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "rules/result.h"

namespace gate::drivers {

// Ok when |camera_ms − arrival_ms| ≤ window_ms; the error gives the difference and the window.
// A camera_ms of 0 (the event carried no stamp) is an error: the window cannot be checked.
Status check_replay_window(int64_t camera_ms, int64_t arrival_ms, int64_t window_ms);

// Lower-case hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

class ReplayGuard {
 public:
  static constexpr std::size_t kDefaultMaxHashes = 1024;
  static constexpr int64_t kDefaultMaxAgeMs = 24LL * 3600 * 1000;

  explicit ReplayGuard(std::size_t max_hashes = kDefaultMaxHashes,
                       int64_t max_age_ms = kDefaultMaxAgeMs);

  // Records `picture_sha256` for `lane` at `now_ms`, or refuses it when the lane took the same
  // picture before (the error says when).
  Status check_and_record(const std::string& lane, const std::string& picture_sha256,
                          int64_t now_ms);

 private:
  struct LaneHashes {
    std::deque<std::pair<std::string, int64_t>> order;  // oldest first
    std::unordered_map<std::string, int64_t> seen;      // hash → when
  };
  void forget_old(LaneHashes& lane, int64_t now_ms) const;

  std::size_t max_hashes_;
  int64_t max_age_ms_;
  std::mutex mu_;
  std::map<std::string, LaneHashes> lanes_;
};

}  // namespace gate::drivers
