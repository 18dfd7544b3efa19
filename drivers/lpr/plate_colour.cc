#include "drivers/lpr/plate_colour.h"

#include <algorithm>

#include "drivers/lpr/plate_text.h"

namespace gate::lpr {

namespace {

bool is_energy_letter(const std::string& ch) {
  return ch.size() == 1 && std::string_view("DFABCEGHJK").find(ch[0]) != std::string_view::npos;
}

bool is_digit(const std::string& ch) {
  return ch.size() == 1 && ch[0] >= '0' && ch[0] <= '9';
}

}  // namespace

std::string_view colour_name(PlateColour c) {
  switch (c) {
    case PlateColour::kBlue:
      return "blue";
    case PlateColour::kYellow:
      return "yellow";
    case PlateColour::kWhite:
      return "white";
    case PlateColour::kBlack:
      return "black";
    case PlateColour::kGreen:
      return "green";
    case PlateColour::kYellowGreen:
      return "yellow-green";
    case PlateColour::kUnknown:
      break;
  }
  return "unknown";
}

std::optional<PlateColour> parse_colour(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(PlateColour::kUnknown); ++i) {
    const auto c = static_cast<PlateColour>(i);
    if (colour_name(c) == name) return c;
  }
  return std::nullopt;
}

std::vector<PlateColour> colours_for_text(std::string_view utf8_text) {
  using enum PlateColour;
  const std::vector<PlateColour> all = {kBlue, kYellow, kWhite, kBlack, kGreen, kYellowGreen};
  if (!is_plate_shaped(utf8_text)) return all;
  const auto chars = utf8_chars(utf8_text);
  if (chars.size() == 8) {
    if (is_energy_letter(chars[2]) && is_digit(chars[7])) return {kGreen};
    if (is_energy_letter(chars[7])) return {kYellowGreen};
    return {kGreen, kYellowGreen};
  }
  const std::string& last = chars.back();
  if (last == "挂" || last == "学") return {kYellow};
  if (last == "警") return {kWhite};
  if (last == "港" || last == "澳") return {kBlack};
  return {kBlue, kYellow, kWhite, kBlack};
}

namespace {

// The probability of `c` as decide_colour weighs it for this text.
float weighed(const float* probs, PlateColour c, std::string_view utf8_text, size_t allowed,
              float rare_colour_weight) {
  const bool ordinary =
      is_plate_shaped(utf8_text) && utf8_chars(utf8_text).size() == 7 && allowed > 1;
  const float p = probs[static_cast<int>(c)];
  const bool rare = c == PlateColour::kWhite || c == PlateColour::kBlack;
  return ordinary && rare ? p * rare_colour_weight : p;
}

}  // namespace

PlateColour decide_colour(const float* probs, std::string_view utf8_text,
                          float rare_colour_weight) {
  const auto allowed = colours_for_text(utf8_text);
  auto w = [&](PlateColour c) {
    return weighed(probs, c, utf8_text, allowed.size(), rare_colour_weight);
  };
  return *std::max_element(allowed.begin(), allowed.end(),
                           [&](PlateColour a, PlateColour b) { return w(a) < w(b); });
}

float colour_support(const float* probs, std::string_view utf8_text, float rare_colour_weight) {
  const auto allowed = colours_for_text(utf8_text);
  return weighed(probs, decide_colour(probs, utf8_text, rare_colour_weight), utf8_text,
                 allowed.size(), rare_colour_weight);
}

}  // namespace gate::lpr
