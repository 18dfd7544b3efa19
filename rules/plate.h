// Chinese licence plate parsing and validation (docs/domain.md §3.1). Pure: no I/O.
#pragma once

#include <string>
#include <string_view>

#include "rules/result.h"

namespace gate::rules {

enum class PlateKind {
  kOrdinary,        // province + authority letter + 5 characters (7 in all)
  kNewEnergySmall,  // 8 characters, energy letter 3rd (gradient green plate)
  kNewEnergyLarge,  // 8 characters, energy letter 8th (yellow-green plate, heavy vehicles)
  kEmbassy,         // 使 + 6 digits
};

enum class PlateSuffix { kNone, kTrailer, kLearner, kPolice, kHongKong, kMacau, kConsulate };

struct Plate {
  std::string text;      // normalised UTF-8, e.g. "豫H12345"
  std::string province;  // first character (UTF-8), e.g. "豫"; "使" for embassy plates
  char authority = 0;    // A-Z without I/O; 0 for embassy plates
  std::string serial;    // characters after the authority letter, suffix excluded
  PlateKind kind = PlateKind::kOrdinary;
  PlateSuffix suffix = PlateSuffix::kNone;
  char energy_letter = 0;      // new-energy plates only
  bool pure_electric = false;  // new-energy plates only: energy letter D/A/B/C/E
};

// Normalises what a camera or an operator typed: trims blanks, removes inner spaces, '·' and
// '-', upper-cases ASCII letters and folds full-width letters/digits to ASCII. Bytes that are
// not UTF-8 are kept (with a blank right after them), so that parse_plate can point at them.
std::string normalise_plate(std::string_view utf8);

// Parses a normalised or raw plate. Errors name the offending character position (1-based)
// and what was expected there, e.g. "character 4 'I': letters I and O are not used on plates".
Result<Plate> parse_plate(std::string_view utf8);

bool is_new_energy(const Plate& p);

// The most characters (after normalise_plate) a plate read may have. A plate has 7 or 8; the
// margin lets a misread with an extra character be recorded and refused by the identity rule.
inline constexpr std::size_t kMaxPlateReadLength = 10;

// Whether `raw`, as a camera sent it, has the shape of a plate read: no control character
// (rules/control_characters.h), and after normalise_plate 1..kMaxPlateReadLength characters,
// each a province abbreviation, 使, an ASCII letter, a digit or one of 挂 学 警 港 澳 领. Such a
// read may still be no valid plate (parse_plate says why, and the identity rule refuses and
// records it); text of any other shape is no reading of a plate and is refused where it
// enters. The error says what was wrong, e.g. "has 12 characters; a plate has 7 or 8".
Status check_plate_read_shape(std::string_view raw);

// Number of Unicode code points in a UTF-8 string (invalid bytes count as one each).
std::size_t utf8_length(std::string_view s);

}  // namespace gate::rules
