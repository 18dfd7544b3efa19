// One alarm per key (a source address) per period, with the count of those held back: a host
// hammering the camera port must not flood the log and the dashboard's alarm list, yet every
// refusal is counted. Thread-safe. Memory: one entry per key seen within the last period, and
// at most `max_keys` (the oldest entries are dropped first).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace gate::drivers {

class AlarmLimiter {
 public:
  explicit AlarmLimiter(int64_t period_ms = 60'000, std::size_t max_keys = 4096);

  // The text to raise now ("<message>" plus " (N more from this source were held back in the
  // last minute)" when some were), or nullopt when this key already raised within the period.
  std::optional<std::string> admit(const std::string& key, const std::string& message,
                                   int64_t now_ms);

 private:
  struct Entry {
    int64_t raised_ms = 0;
    int64_t suppressed = 0;
  };
  int64_t period_ms_;
  std::size_t max_keys_;
  std::mutex mu_;
  std::map<std::string, Entry> entries_;
};

}  // namespace gate::drivers
