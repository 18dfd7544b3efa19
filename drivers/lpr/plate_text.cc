#include "drivers/lpr/plate_text.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

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

std::string_view province_characters() {
  return kProvinces;
}

int province_class(std::string_view ch) {
  if (!is_province(ch)) return 0;
  const auto& alphabet = recogniser_alphabet();
  const auto it = std::find(alphabet.begin(), alphabet.end(), ch);
  return it == alphabet.end() ? 0 : static_cast<int>(it - alphabet.begin()) + 1;
}

void apply_province_prior(DecodedText& decoded, const float* probs, int steps, int classes,
                          const ProvincePrior& prior) {
  if (prior.local_class <= 0 || prior.local_class >= classes || prior.weight <= 0) return;
  const auto chars = utf8_chars(decoded.text);
  if (chars.empty() || !is_province(chars[0]) || decoded.char_confidences.empty()) return;
  const auto& alphabet = recogniser_alphabet();
  auto is_province_class = [&](int c) {
    return c >= 1 && c - 1 < static_cast<int>(alphabet.size()) &&
           is_province(alphabet[static_cast<size_t>(c - 1)]);
  };
  std::vector<float> best(static_cast<size_t>(classes), 0.0f);
  for (int t = 0; t < steps; ++t) {
    const float* row = probs + static_cast<std::ptrdiff_t>(t) * classes;
    const int top = static_cast<int>(std::max_element(row, row + classes) - row);
    if (top != 0 && !is_province_class(top)) break;  // the second character has begun
    for (int c = 1; c < classes; ++c) best[static_cast<size_t>(c)] = std::max(best[c], row[c]);
  }
  int chosen = 0;
  double chosen_score = -1;
  for (int c = 1; c < classes; ++c) {
    if (!is_province_class(c)) continue;
    const double score = static_cast<double>(best[static_cast<size_t>(c)]) *
                         (c == prior.local_class ? prior.weight : 1.0);
    if (score > chosen_score) chosen = c, chosen_score = score;
  }
  if (chosen != prior.local_class) return;
  const double p = best[static_cast<size_t>(chosen)];
  const double posterior = p * prior.weight / (p * prior.weight + 1.0 - p);
  decoded.text = alphabet[static_cast<size_t>(chosen - 1)] + decoded.text.substr(chars[0].size());
  decoded.char_confidences[0] = static_cast<float>(posterior);
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

namespace {

using ClassSet = std::vector<int>;  // model class indices (alphabet index + 1)

ClassSet classes_where(bool (*keep)(const std::string&)) {
  ClassSet out;
  const auto& a = recogniser_alphabet();
  for (size_t i = 0; i < a.size(); ++i)
    if (keep(a[i])) out.push_back(static_cast<int>(i) + 1);
  return out;
}

// The plate patterns of is_plate_shaped, one class set per position.
const std::vector<std::vector<ClassSet>>& plate_templates() {
  static const std::vector<std::vector<ClassSet>> templates = [] {
    const ClassSet province = classes_where([](const std::string& c) { return is_province(c); });
    const ClassSet letter = classes_where(is_letter);
    const ClassSet digit = classes_where(is_digit);
    const ClassSet alnum = classes_where(is_alnum);
    const ClassSet energy = classes_where(is_energy);
    ClassSet last = alnum;
    for (const int c : classes_where([](const std::string& ch) {
           return ch.size() == 3 && kSuffixes.find(ch) != std::string_view::npos;
         }))
      last.push_back(c);
    return std::vector<std::vector<ClassSet>>{
        {province, letter, alnum, alnum, alnum, alnum, last},
        {province, letter, energy, alnum, digit, digit, digit, digit},
        {province, letter, digit, digit, digit, digit, digit, energy},
    };
  }();
  return templates;
}

// Exact CTC Viterbi over one template. States per step: blank b_i after i characters (i = 0..L)
// and (i, k), position i holding the k-th class of its set. A character follows the previous
// one without a blank only if the two differ (CTC would merge them otherwise).
struct PlatePath {
  double score = -std::numeric_limits<double>::infinity();
  std::vector<int> chars;          // class per position
  std::vector<float> confidences;  // highest probability of that class over its steps
};

PlatePath best_path(const std::vector<ClassSet>& tmpl, const float* probs, int steps, int classes) {
  const double ninf = -std::numeric_limits<double>::infinity();
  const int positions = static_cast<int>(tmpl.size());
  // State numbering: blanks 0..L, then the label states of position 0, 1, … in set order.
  std::vector<int> first(static_cast<size_t>(positions) + 1, positions + 1);
  for (int i = 0; i < positions; ++i)
    first[static_cast<size_t>(i) + 1] =
        first[static_cast<size_t>(i)] + static_cast<int>(tmpl[static_cast<size_t>(i)].size());
  const int states = first[static_cast<size_t>(positions)];
  auto logp = [&](int t, int c) {
    return c < classes
               ? std::log(std::max(probs[static_cast<std::ptrdiff_t>(t) * classes + c], 1e-12f))
               : -1e9f;
  };
  std::vector<double> score(static_cast<size_t>(steps) * states, ninf);
  std::vector<int> from(static_cast<size_t>(steps) * states, -1);
  auto at = [&](int t, int st) { return static_cast<size_t>(t) * states + st; };
  score[at(0, 0)] = logp(0, 0);
  for (int k = 0; k < static_cast<int>(tmpl[0].size()); ++k)
    score[at(0, first[0] + k)] = logp(0, tmpl[0][static_cast<size_t>(k)]);
  for (int t = 1; t < steps; ++t) {
    for (int i = 0; i <= positions; ++i) {  // blanks: stay, or come from position i - 1
      double best = score[at(t - 1, i)];
      int arg = i;
      if (i > 0)
        for (int st = first[static_cast<size_t>(i) - 1]; st < first[static_cast<size_t>(i)]; ++st)
          if (score[at(t - 1, st)] > best) best = score[at(t - 1, st)], arg = st;
      if (best == ninf) continue;
      score[at(t, i)] = best + logp(t, 0);
      from[at(t, i)] = arg;
    }
    for (int i = 0; i < positions; ++i) {
      const auto& set = tmpl[static_cast<size_t>(i)];
      for (int k = 0; k < static_cast<int>(set.size()); ++k) {
        const int st = first[static_cast<size_t>(i)] + k;
        double best = score[at(t - 1, st)];
        int arg = st;
        if (score[at(t - 1, i)] > best) best = score[at(t - 1, i)], arg = i;
        if (i > 0) {
          const auto& prev = tmpl[static_cast<size_t>(i) - 1];
          for (int j = 0; j < static_cast<int>(prev.size()); ++j) {
            const int ps = first[static_cast<size_t>(i) - 1] + j;
            if (prev[static_cast<size_t>(j)] != set[static_cast<size_t>(k)] &&
                score[at(t - 1, ps)] > best)
              best = score[at(t - 1, ps)], arg = ps;
          }
        }
        if (best == ninf) continue;
        score[at(t, st)] = best + logp(t, set[static_cast<size_t>(k)]);
        from[at(t, st)] = arg;
      }
    }
  }
  int end = positions;  // the final blank, or any class of the last position
  for (int st = first[static_cast<size_t>(positions) - 1]; st < states; ++st)
    if (score[at(steps - 1, st)] > score[at(steps - 1, end)]) end = st;
  PlatePath path;
  path.score = score[at(steps - 1, end)];
  if (path.score == ninf) return path;
  path.chars.assign(static_cast<size_t>(positions), 0);
  path.confidences.assign(static_cast<size_t>(positions), 0.0f);
  for (int t = steps - 1, st = end; t >= 0; st = from[at(t, st)], --t) {
    if (st <= positions) continue;  // a blank
    int i = positions - 1;
    while (st < first[static_cast<size_t>(i)]) --i;
    const int c =
        tmpl[static_cast<size_t>(i)][static_cast<size_t>(st - first[static_cast<size_t>(i)])];
    path.chars[static_cast<size_t>(i)] = c;
    path.confidences[static_cast<size_t>(i)] =
        std::max(path.confidences[static_cast<size_t>(i)],
                 probs[static_cast<std::ptrdiff_t>(t) * classes + c]);
  }
  return path;
}

}  // namespace

std::optional<DecodedText> ctc_plate_decode(const float* probs, int steps, int classes) {
  if (steps < 7) return std::nullopt;
  PlatePath best;
  for (const auto& tmpl : plate_templates()) {
    if (steps < static_cast<int>(tmpl.size())) continue;
    PlatePath p = best_path(tmpl, probs, steps, classes);
    if (p.score > best.score) best = std::move(p);
  }
  if (best.chars.empty()) return std::nullopt;
  const auto& alphabet = recogniser_alphabet();
  DecodedText out;
  for (size_t i = 0; i < best.chars.size(); ++i) {
    out.text += alphabet[static_cast<size_t>(best.chars[i] - 1)];
    out.char_confidences.push_back(best.confidences[i]);
  }
  return out;
}

}  // namespace gate::lpr
