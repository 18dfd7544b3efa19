// Test input for CTC decoding: per-step class probabilities written as characters.
#pragma once

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "drivers/lpr/plate_text.h"

namespace gate::lpr::testing {

// Per-step probabilities from up to two (character, probability) pairs per step; "" is the
// blank. The rest of each row is spread evenly over the other classes.
inline std::vector<float> steps_to_probs(
    const std::vector<std::vector<std::pair<std::string, float>>>& steps, int classes) {
  const auto& alphabet = recogniser_alphabet();
  auto index_of = [&](const std::string& ch) {
    if (ch.empty()) return 0;
    return static_cast<int>(std::find(alphabet.begin(), alphabet.end(), ch) - alphabet.begin()) + 1;
  };
  std::vector<float> probs(steps.size() * classes, 0.0f);
  for (size_t t = 0; t < steps.size(); ++t) {
    float used = 0.0f;
    for (const auto& [ch, p] : steps[t]) used += p;
    const float rest = (1.0f - used) / static_cast<float>(classes - steps[t].size());
    for (int c = 0; c < classes; ++c) probs[t * classes + c] = rest;
    for (const auto& [ch, p] : steps[t]) probs[t * classes + index_of(ch)] = p;
  }
  return probs;
}

}  // namespace gate::lpr::testing
