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
// A serial character: GA 36 leaves I and O out of serials (they read as 1 and 0).
bool is_serial(const std::string& ch) {
  return is_alnum(ch) && ch != "I" && ch != "O";
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
    out.log_score += std::log(std::max(row[best], 1e-12f));
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

std::optional<PlatePattern> plate_pattern(std::string_view utf8_text) {
  const auto c = utf8_chars(utf8_text);
  if (c.size() != 7 && c.size() != 8) return std::nullopt;
  if (!is_province(c[0]) || !is_letter(c[1])) return std::nullopt;
  auto digits = [&](size_t from, size_t to) {
    return std::all_of(c.begin() + static_cast<std::ptrdiff_t>(from),
                       c.begin() + static_cast<std::ptrdiff_t>(to), is_digit);
  };
  if (c.size() == 7) {
    const bool suffix = c[6].size() == 3 && kSuffixes.find(c[6]) != std::string_view::npos;
    const size_t end = suffix ? 6 : 7;
    int letters = 0;
    for (size_t i = 2; i < end; ++i) {
      if (!is_serial(c[i])) return std::nullopt;
      letters += is_letter(c[i]) ? 1 : 0;
    }
    if (letters > 2) return std::nullopt;
    return PlatePattern::kOrdinary;
  }
  if (is_energy(c[2]) && is_serial(c[3]) && digits(4, 8)) return PlatePattern::kSmallNewEnergy;
  if (is_energy(c[7]) && digits(2, 7)) return PlatePattern::kLargeNewEnergy;
  return std::nullopt;
}

bool is_plate_shaped(std::string_view utf8_text) {
  return plate_pattern(utf8_text).has_value();
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

using Template = std::vector<ClassSet>;  // one class set per position

// The templates of each pattern of is_plate_shaped. An ordinary serial (positions 2–6) with at
// most two letters is the union of ten templates, one per pair of positions that may hold a
// letter, digits elsewhere; the last position may also hold a suffix.
const std::vector<Template>& plate_templates(PlatePattern pattern) {
  static const std::array<std::vector<Template>, 3> templates = [] {
    const ClassSet province = classes_where([](const std::string& c) { return is_province(c); });
    const ClassSet letter = classes_where(is_letter);
    const ClassSet digit = classes_where(is_digit);
    const ClassSet serial = classes_where(is_serial);
    const ClassSet energy = classes_where(is_energy);
    const ClassSet suffix = classes_where([](const std::string& ch) {
      return ch.size() == 3 && kSuffixes.find(ch) != std::string_view::npos;
    });
    std::array<std::vector<Template>, 3> out;
    for (size_t a = 2; a < 7; ++a)
      for (size_t b = a + 1; b < 7; ++b) {
        Template t = {province, letter};
        for (size_t i = 2; i < 7; ++i) t.push_back(i == a || i == b ? serial : digit);
        t[6].insert(t[6].end(), suffix.begin(), suffix.end());
        out[static_cast<size_t>(PlatePattern::kOrdinary)].push_back(std::move(t));
      }
    out[static_cast<size_t>(PlatePattern::kSmallNewEnergy)] = {
        {province, letter, energy, serial, digit, digit, digit, digit}};
    out[static_cast<size_t>(PlatePattern::kLargeNewEnergy)] = {
        {province, letter, digit, digit, digit, digit, digit, energy}};
    return out;
  }();
  return templates[static_cast<size_t>(pattern)];
}

// Exact CTC Viterbi over one template. States per step: blank b_i after i characters (i = 0..L)
// and (i, k), position i holding the k-th class of its set. A character follows the previous
// one without a blank only if the two differ (CTC would merge them otherwise), so each position
// keeps its best state and its best state of another class: O(states) per step.
struct PlatePath {
  double score = -std::numeric_limits<double>::infinity();
  std::vector<int> chars;          // class per position
  std::vector<float> confidences;  // highest probability of that class over its steps
};

PlatePath best_path(const Template& tmpl, const float* probs, int steps, int classes) {
  const double ninf = -std::numeric_limits<double>::infinity();
  const int positions = static_cast<int>(tmpl.size());
  // State numbering: blanks 0..L, then the label states of position 0, 1, … in set order.
  std::vector<int> first(static_cast<size_t>(positions) + 1, positions + 1);
  std::vector<int> state_class(static_cast<size_t>(positions) + 1, 0);  // blanks: class 0
  for (int i = 0; i < positions; ++i) {
    const auto& set = tmpl[static_cast<size_t>(i)];
    first[static_cast<size_t>(i) + 1] =
        first[static_cast<size_t>(i)] + static_cast<int>(set.size());
    state_class.insert(state_class.end(), set.begin(), set.end());
  }
  const int states = first[static_cast<size_t>(positions)];
  std::vector<float> logp(static_cast<size_t>(steps) * classes);
  for (size_t k = 0; k < logp.size(); ++k) logp[k] = std::log(std::max(probs[k], 1e-12f));
  auto lp = [&](int t, int c) {
    return c < classes ? static_cast<double>(logp[static_cast<size_t>(t) * classes + c]) : -1e9;
  };
  std::vector<double> score(static_cast<size_t>(steps) * states, ninf);
  std::vector<int> from(static_cast<size_t>(steps) * states, -1);
  auto at = [&](int t, int st) { return static_cast<size_t>(t) * states + st; };
  score[at(0, 0)] = lp(0, 0);
  for (int st = first[0]; st < first[1]; ++st) score[at(0, st)] = lp(0, state_class[st]);
  // Per position at the previous step: its best label state, and its best of another class.
  std::vector<int> top(static_cast<size_t>(positions)), other(static_cast<size_t>(positions));
  for (int t = 1; t < steps; ++t) {
    for (int i = 0; i < positions; ++i) {
      int best = -1, second = -1;
      for (int st = first[static_cast<size_t>(i)]; st < first[static_cast<size_t>(i) + 1]; ++st)
        if (best < 0 || score[at(t - 1, st)] > score[at(t - 1, best)]) best = st;
      for (int st = first[static_cast<size_t>(i)]; st < first[static_cast<size_t>(i) + 1]; ++st)
        if (state_class[st] != state_class[best] &&
            (second < 0 || score[at(t - 1, st)] > score[at(t - 1, second)]))
          second = st;
      top[static_cast<size_t>(i)] = best;
      other[static_cast<size_t>(i)] = second;
    }
    for (int i = 0; i <= positions; ++i) {  // blanks: stay, or come from position i - 1
      double best = score[at(t - 1, i)];
      int arg = i;
      if (i > 0) {
        const int st = top[static_cast<size_t>(i) - 1];
        if (score[at(t - 1, st)] > best) best = score[at(t - 1, st)], arg = st;
      }
      if (best == ninf) continue;
      score[at(t, i)] = best + lp(t, 0);
      from[at(t, i)] = arg;
    }
    for (int i = 0; i < positions; ++i) {
      for (int st = first[static_cast<size_t>(i)]; st < first[static_cast<size_t>(i) + 1]; ++st) {
        double best = score[at(t - 1, st)];
        int arg = st;
        if (score[at(t - 1, i)] > best) best = score[at(t - 1, i)], arg = i;
        if (i > 0) {
          int ps = top[static_cast<size_t>(i) - 1];
          if (state_class[ps] == state_class[st]) ps = other[static_cast<size_t>(i) - 1];
          if (ps >= 0 && score[at(t - 1, ps)] > best) best = score[at(t - 1, ps)], arg = ps;
        }
        if (best == ninf) continue;
        score[at(t, st)] = best + lp(t, state_class[st]);
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
    const int c = state_class[st];
    path.chars[static_cast<size_t>(i)] = c;
    path.confidences[static_cast<size_t>(i)] =
        std::max(path.confidences[static_cast<size_t>(i)],
                 probs[static_cast<std::ptrdiff_t>(t) * classes + c]);
  }
  return path;
}

}  // namespace

std::optional<DecodedText> ctc_plate_decode(const float* probs, int steps, int classes,
                                            std::span<const PlatePattern> patterns) {
  PlatePath best;
  for (const PlatePattern pattern : patterns)
    for (const auto& tmpl : plate_templates(pattern)) {
      if (steps < static_cast<int>(tmpl.size())) continue;
      PlatePath p = best_path(tmpl, probs, steps, classes);
      if (p.score > best.score) best = std::move(p);
    }
  if (best.chars.empty()) return std::nullopt;
  const auto& alphabet = recogniser_alphabet();
  DecodedText out;
  out.log_score = best.score;
  for (size_t i = 0; i < best.chars.size(); ++i) {
    out.text += alphabet[static_cast<size_t>(best.chars[i] - 1)];
    out.char_confidences.push_back(best.confidences[i]);
  }
  return out;
}

}  // namespace gate::lpr
