// Watches other clocks (the cameras', the platform's) against the gate's own. The gate's clock
// stamps every passage; another clock far off is a fault to fix, reported once when it goes out
// of tolerance and once when it is back, never at every reading. Pure: callers pass the times.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

namespace gate::rules {

class ClockSkewWatch {
 public:
  enum class Change { kNone, kOutOfTolerance, kBackInTolerance };

  // A clock is out of tolerance when it differs from the gate's by more than `tolerance_ms`, and
  // back when it differs by at most half that, so that a clock drifting at the limit does not
  // raise an alarm at every other reading. Only clocks out of tolerance are remembered, at most
  // `max_watched` of them (camera ids come from outside): a further one is not reported.
  explicit ClockSkewWatch(int64_t tolerance_ms, std::size_t max_watched = 64)
      : tolerance_ms_(tolerance_ms), max_watched_(max_watched) {}

  // A reading of clock `name` (`their_ms`) taken when the gate's clock said `gate_ms`.
  Change observe(const std::string& name, int64_t their_ms, int64_t gate_ms);

  int64_t tolerance_ms() const { return tolerance_ms_; }
  bool out_of_tolerance(const std::string& name) const { return out_.count(name) > 0; }

 private:
  int64_t tolerance_ms_;
  std::size_t max_watched_;
  std::map<std::string, bool> out_;  // the clocks out of tolerance now
};

// How far a clock is from the gate's, for messages: "95 s ahead of", "3 h behind",
// "26748 days ahead of" (`skew_ms` = their time − the gate's).
std::string describe_skew(int64_t skew_ms);

}  // namespace gate::rules
