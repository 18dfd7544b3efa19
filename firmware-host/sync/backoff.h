// Retry delays after failed uploads: exponential (base · 2^failures, capped) with "equal
// jitter" — half the delay fixed, half random — so that gates that lost the platform together
// do not all come back in the same second. Pure: the random draw is passed in.
#pragma once

#include <cstdint>

namespace gate::host {

class Backoff {
 public:
  Backoff(int64_t base_ms, int64_t cap_ms) : base_ms_(base_ms), cap_ms_(cap_ms) {}

  // Counts one more failure and returns how long to wait before the next try: a value in
  // [d/2, d] where d = min(cap, base · 2^(failures-1)).
  int64_t next(uint64_t random);
  void reset() { failures_ = 0; }
  int failures() const { return failures_; }

 private:
  int64_t base_ms_;
  int64_t cap_ms_;
  int failures_ = 0;
};

}  // namespace gate::host
