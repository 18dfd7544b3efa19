#include "drivers/lpr/plate_decode.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <span>

#include "drivers/lpr/plate_colour.h"

namespace gate::lpr {

DecodedText decode_plate_text(const float* probs, int steps, int classes, const float* colour_probs,
                              float rare_colour_weight) {
  DecodedText greedy = ctc_greedy_decode(probs, steps, classes);
  const auto image_colour = static_cast<PlateColour>(
      std::max_element(colour_probs, colour_probs + kModelColourCount) - colour_probs);
  const auto allowed = colours_for_text(greedy.text);
  const bool shaped = is_plate_shaped(greedy.text);
  if (shaped && std::find(allowed.begin(), allowed.end(), image_colour) != allowed.end())
    return greedy;

  auto joint = [&](const DecodedText& d) {
    const float support = colour_support(colour_probs, d.text, rare_colour_weight);
    return d.log_score + std::log(std::max(support, 1e-12f));
  };
  std::optional<DecodedText> chosen;
  if (shaped) chosen = greedy;
  for (const PlatePattern pattern : kAllPlatePatterns) {
    auto plate = ctc_plate_decode(probs, steps, classes, std::span(&pattern, 1));
    if (plate && (!chosen || joint(*plate) > joint(*chosen))) chosen = std::move(plate);
  }
  return chosen ? std::move(*chosen) : std::move(greedy);
}

}  // namespace gate::lpr
