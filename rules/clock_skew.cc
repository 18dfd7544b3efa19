#include "rules/clock_skew.h"

namespace gate::rules {

ClockSkewWatch::Change ClockSkewWatch::observe(const std::string& name, int64_t their_ms,
                                               int64_t gate_ms) {
  const int64_t skew = their_ms - gate_ms;
  const int64_t distance = skew < 0 ? -skew : skew;
  if (out_.count(name) > 0) {
    if (distance > tolerance_ms_ / 2) return Change::kNone;
    out_.erase(name);
    return Change::kBackInTolerance;
  }
  if (distance <= tolerance_ms_ || out_.size() >= max_watched_) return Change::kNone;
  out_.emplace(name, true);
  return Change::kOutOfTolerance;
}

std::string describe_skew(int64_t skew_ms) {
  const bool ahead = skew_ms > 0;
  const int64_t s = (ahead ? skew_ms : -skew_ms) / 1000;
  std::string amount;
  if (s < 120) {
    amount = std::to_string(s) + " s";
  } else if (s < 2 * 3600) {
    amount = std::to_string(s / 60) + " min";
  } else if (s < 2 * 86400) {
    amount = std::to_string(s / 3600) + " h";
  } else {
    amount = std::to_string(s / 86400) + " days";
  }
  return amount + (ahead ? " ahead of" : " behind");
}

}  // namespace gate::rules
