// Plate colours as the recogniser reports them, and what a plate's text says its colour can be.
// Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gate::lpr {

// Order matches the colour head of the model (drivers/lpr/training/plate_renderer.py COLOURS).
enum class PlateColour { kBlue, kYellow, kWhite, kBlack, kGreen, kYellowGreen, kUnknown };
inline constexpr int kModelColourCount = 6;

// "blue", "yellow", "white", "black", "green", "yellow-green", "unknown".
std::string_view colour_name(PlateColour c);
// Inverse of colour_name; nullopt for anything else.
std::optional<PlateColour> parse_colour(std::string_view name);

// The colours a plate with this text may have (docs/domain.md §3.1): 8 characters with an energy
// letter 3rd → green; 8 characters with an energy letter 8th → yellow-green; suffix 挂 or 学 →
// yellow; 警 → white; 7 ordinary characters → blue, yellow, white or black. Text that fits no
// pattern allows every colour (nothing to check against).
std::vector<PlateColour> colours_for_text(std::string_view utf8_text);

// The plate's colour from the model's colour probabilities (kModelColourCount values, in
// PlateColour order) and the text read: the most probable colour the text allows, with white and
// black on an ordinary 7-character plate (no suffix) weighed by `rare_colour_weight`. White
// road plates carry 警 (or are military, another format), and black ones 港/澳; a plain black
// plate is a foreign-enterprise plate no longer issued since GA 36-2007. So for such text the
// image must be 1/weight times surer of white or black than of blue or yellow. 1: no weighting.
PlateColour decide_colour(const float* probs, std::string_view utf8_text, float rare_colour_weight);

// How far the image's colour supports the text: the weighed probability (as decide_colour
// weighs it) of the colour decide_colour picks. The recogniser multiplies it with the text's
// probability to choose between readings of different patterns.
float colour_support(const float* probs, std::string_view utf8_text, float rare_colour_weight);

}  // namespace gate::lpr
