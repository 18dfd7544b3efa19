// The simulator's random draws: one std::mt19937_64 stream (whose output the standard fixes)
// and our own sampling on top of it, because the std distributions may give different values
// on different standard libraries and a scenario's seed must give the same world everywhere.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace gate::sim {

class SimRandom {
 public:
  explicit SimRandom(std::uint64_t seed) : engine_(seed) {}

  // Uniform in [0, 1), 53 random bits.
  double uniform01() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

  // Uniform in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }

  // Uniform integer in [0, n); n > 0. Rejection sampling, so without modulo bias.
  std::uint64_t below(std::uint64_t n) {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t x = engine_();
    while (x >= limit) x = engine_();
    return x % n;
  }

  // True with probability p (p <= 0 never, p >= 1 always).
  bool chance(double p) { return uniform01() < p; }

  // Exponentially distributed with the given rate (> 0): mean 1 / rate.
  double exponential(double rate) { return -std::log1p(-uniform01()) / rate; }

  // Index drawn with probability weights[i] / sum; weights >= 0 with a positive sum.
  std::size_t weighted(const std::vector<double>& weights) {
    double total = 0;
    for (double w : weights) total += w;
    double x = uniform01() * total;
    std::size_t last_positive = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (weights[i] <= 0) continue;
      last_positive = i;
      if (x < weights[i]) return i;
      x -= weights[i];
    }
    return last_positive;  // rounding left x at the very end
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace gate::sim
