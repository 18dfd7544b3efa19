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

// The colours a plate with this text may have (DOMAIN.md §3.1): 8 characters with an energy
// letter 3rd → green; 8 characters with an energy letter 8th → yellow-green; suffix 挂 or 学 →
// yellow; 警 → white; 7 ordinary characters → blue, yellow, white or black. Text that fits no
// pattern allows every colour (nothing to check against).
std::vector<PlateColour> colours_for_text(std::string_view utf8_text);

}  // namespace gate::lpr
