#include "drivers/lpr/plate_text.h"

#include <algorithm>
#include <cstddef>

namespace gate::lpr {

namespace {

constexpr std::string_view kProvinces =
    "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新";
constexpr std::string_view kLatin = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr std::string_view kSuffixes = "挂学警港澳";

bool is_letter(const std::string& ch) {
  return ch.size() == 1 && ch[0] >= 'A' && ch[0] <= 'Z';
}
bool is_digit(const std::string& ch) {
  return ch.size() == 1 && ch[0] >= '0' && ch[0] <= '9';
}
bool is_alnum(const std::string& ch) {
  return is_letter(ch) || is_digit(ch);
}
bool is_energy(const std::string& ch) {
  return ch.size() == 1 && std::string_view("DFABCEGHJK").find(ch[0]) != std::string_view::npos;
}

}  // namespace

std::vector<std::string> utf8_chars(std::string_view text) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > text.size()) {
      out.emplace_back("?");
      ++i;
      continue;
    }
    out.emplace_back(text.substr(i, n));
    i += n;
  }
  return out;
}

const std::vector<std::string>& recogniser_alphabet() {
  static const std::vector<std::string> alphabet = [] {
    std::vector<std::string> a = utf8_chars(kProvinces);
    for (const auto& c : utf8_chars(kLatin)) a.push_back(c);
    for (const auto& c : utf8_chars(kSuffixes)) a.push_back(c);
    return a;
  }();
  return alphabet;
}

DecodedText ctc_greedy_decode(const float* probs, int steps, int classes) {
  const auto& alphabet = recogniser_alphabet();
  DecodedText out;
  int prev = 0;
  for (int t = 0; t < steps; ++t) {
    const float* row = probs + static_cast<std::ptrdiff_t>(t) * classes;
    const int best = static_cast<int>(std::max_element(row, row + classes) - row);
    if (best != 0 && best == prev) {
      out.char_confidences.back() = std::max(out.char_confidences.back(), row[best]);
    } else if (best != 0 && best - 1 < static_cast<int>(alphabet.size())) {
      out.text += alphabet[best - 1];
      out.char_confidences.push_back(row[best]);
    }
    prev = best;
  }
  return out;
}

bool is_province(std::string_view ch) {
  return !ch.empty() && ch.size() == 3 && kProvinces.find(ch) != std::string_view::npos;
}

bool is_plate_shaped(std::string_view utf8_text) {
  const auto c = utf8_chars(utf8_text);
  if (c.size() != 7 && c.size() != 8) return false;
  if (!is_province(c[0]) || !is_letter(c[1])) return false;
  if (c.size() == 7) {
    for (size_t i = 2; i < 6; ++i)
      if (!is_alnum(c[i])) return false;
    return is_alnum(c[6]) || (c[6].size() == 3 && kSuffixes.find(c[6]) != std::string_view::npos);
  }
  const bool small = is_energy(c[2]) && is_alnum(c[3]) &&
                     std::all_of(c.begin() + 4, c.end(), [](const auto& s) { return is_digit(s); });
  const bool large = is_energy(c[7]) && std::all_of(c.begin() + 2, c.begin() + 7,
                                                    [](const auto& s) { return is_digit(s); });
  return small || large;
}

}  // namespace gate::lpr
