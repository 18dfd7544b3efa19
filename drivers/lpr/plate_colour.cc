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

PlateColour decide_colour(const float* probs, std::string_view utf8_text,
                          float rare_colour_weight) {
  const auto allowed = colours_for_text(utf8_text);
  const bool ordinary =
      is_plate_shaped(utf8_text) && utf8_chars(utf8_text).size() == 7 && allowed.size() > 1;
  auto weighed = [&](PlateColour c) {
    const float p = probs[static_cast<int>(c)];
    const bool rare = c == PlateColour::kWhite || c == PlateColour::kBlack;
    return ordinary && rare ? p * rare_colour_weight : p;
  };
  return *std::max_element(allowed.begin(), allowed.end(),
                           [&](PlateColour a, PlateColour b) { return weighed(a) < weighed(b); });
}

}  // namespace gate::lpr
