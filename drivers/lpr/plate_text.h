// Plate text: UTF-8 characters, the recogniser's alphabet, CTC decoding and the plate pattern.
// Pure.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gate::lpr {

// Splits UTF-8 text into one string per code point (invalid bytes become one "?" each).
std::vector<std::string> utf8_chars(std::string_view text);

// The recogniser's alphabet in model order; class 0 of the model is the CTC blank and class
// i + 1 is kAlphabet[i]. Must match drivers/lpr/training/plate_renderer.py ALPHABET.
const std::vector<std::string>& recogniser_alphabet();

struct DecodedText {
  std::string text;                     // UTF-8
  std::vector<float> char_confidences;  // one per character of `text`, 0..1
  // Natural log of the probability of the single CTC path that produced `text` (the most
  // probable path overall for greedy decoding, the most probable plate-shaped one for
  // ctc_plate_decode); comparable between decodings of the same probabilities.
  double log_score = 0.0;
};

// The plate patterns of GA 36 that the recogniser reads. Ordinary: 7 characters, the last may be
// a suffix (挂/学/警/港/澳); blue, yellow, white or black. Small new-energy: 8, energy letter
// third (green). Large new-energy: 8, energy letter last (yellow-green).
enum class PlatePattern { kOrdinary, kSmallNewEnergy, kLargeNewEnergy };
inline constexpr std::array<PlatePattern, 3> kAllPlatePatterns = {
    PlatePattern::kOrdinary, PlatePattern::kSmallNewEnergy, PlatePattern::kLargeNewEnergy};

// The pattern of a plate-shaped text; nullopt when the text is not plate-shaped.
std::optional<PlatePattern> plate_pattern(std::string_view utf8_text);

// Greedy CTC decoding of per-step class probabilities (`steps` rows of `classes` values,
// row-major, each row summing to 1). A character's confidence is the highest probability it
// reached over the steps that emitted it.
DecodedText ctc_greedy_decode(const float* probs, int steps, int classes);

// The most probable plate-shaped reading of the same probabilities (for when the greedy one is
// not plate-shaped, or its pattern contradicts the plate's colour): a CTC Viterbi alignment
// constrained to each of `patterns` in turn, keeping the best. Each position takes a character
// of its class (province, letter, digit, energy letter…), and an ordinary plate's serial has at
// most two letters and neither I nor O (GA 36). nullopt when `steps` is too short or `patterns`
// is empty.
std::optional<DecodedText> ctc_plate_decode(
    const float* probs, int steps, int classes,
    std::span<const PlatePattern> patterns = kAllPlatePatterns);

// A prior on the province character: the class of the gate's own province and its odds
// against any other province (1 = none).
struct ProvincePrior {
  int local_class = 0;  // model class (alphabet index + 1); 0 = none
  float weight = 1.0f;
};

// Model class of a province character ("豫"), or 0 when `ch` is no province.
int province_class(std::string_view ch);

// Re-chooses the first character of `decoded` (when it is a province) among all provinces,
// with `prior.weight` on the local one: each province scores its highest probability over the
// steps before the second character begins (the first step whose best class is neither blank nor
// a province), the local one times the weight. When the local province wins, its confidence is
// the posterior p·w / (p·w + 1 − p); otherwise nothing changes.
void apply_province_prior(DecodedText& decoded, const float* probs, int steps, int classes,
                          const ProvincePrior& prior);

// True when the text has a plate's shape: province character, authority letter, then 5
// characters (ordinary, last may be 挂/学/警/港/澳) or 6 (new-energy: energy letter 3rd with 4
// digits at the end, or 5 digits with the energy letter last). GA 36's serial rules hold: an
// ordinary serial has at most two letters, and no serial uses I or O.
bool is_plate_shaped(std::string_view utf8_text);

bool is_province(std::string_view ch);
// The 31 province characters, in the recogniser's alphabet order (UTF-8).
std::string_view province_characters();

}  // namespace gate::lpr
