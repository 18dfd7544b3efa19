#include "rules/plate.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "rules/control_characters.h"
#include "rules/utf8.h"

namespace gate::rules {
namespace {

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Blanks trimmed and dropped by normalise_plate: ASCII whitespace, NBSP, ideographic space.
bool is_blank(char32_t cp) {
  return cp == U' ' || cp == U'\t' || cp == U'\n' || cp == U'\r' || cp == U'\v' || cp == U'\f' ||
         cp == 0x00A0 || cp == 0x3000;
}

// Separators people and cameras put between province/authority and serial: '·' and look-alikes,
// and '-'.
bool is_separator(char32_t cp) {
  return cp == U'-' || cp == 0x00B7 /* · */ || cp == 0x2022 /* • */ || cp == 0x30FB /* ・ */ ||
         cp == 0xFF65 /* ･ */ || cp == 0x2027 /* ‧ */;
}

constexpr std::array<char32_t, 31> kProvinces = {
    U'京', U'津', U'沪', U'渝', U'冀', U'豫', U'云', U'辽', U'黑', U'湘', U'皖',
    U'鲁', U'新', U'苏', U'浙', U'赣', U'鄂', U'桂', U'甘', U'晋', U'蒙', U'陕',
    U'吉', U'闽', U'贵', U'粤', U'青', U'藏', U'川', U'宁', U'琼'};

bool is_province(char32_t cp) {
  for (char32_t p : kProvinces) {
    if (p == cp) return true;
  }
  return false;
}

bool is_digit(char32_t cp) {
  return cp >= U'0' && cp <= U'9';
}
bool is_upper(char32_t cp) {
  return cp >= U'A' && cp <= U'Z';
}
bool is_i_or_o(char32_t cp) {
  return cp == U'I' || cp == U'O';
}
bool is_plate_alnum(char32_t cp) {
  return is_digit(cp) || (is_upper(cp) && !is_i_or_o(cp));
}
bool is_pure_electric_letter(char32_t cp) {
  return cp == U'D' || cp == U'A' || cp == U'B' || cp == U'C' || cp == U'E';
}
bool is_other_energy_letter(char32_t cp) {
  return cp == U'F' || cp == U'G' || cp == U'H' || cp == U'J' || cp == U'K';
}
bool is_energy_letter(char32_t cp) {
  return is_pure_electric_letter(cp) || is_other_energy_letter(cp);
}

struct SuffixInfo {
  char32_t cp;
  PlateSuffix suffix;
};
constexpr std::array<SuffixInfo, 6> kSuffixes = {{
    {U'挂', PlateSuffix::kTrailer},
    {U'学', PlateSuffix::kLearner},
    {U'警', PlateSuffix::kPolice},
    {U'港', PlateSuffix::kHongKong},
    {U'澳', PlateSuffix::kMacau},
    {U'领', PlateSuffix::kConsulate},
}};

PlateSuffix suffix_of(char32_t cp) {
  for (const auto& s : kSuffixes) {
    if (s.cp == cp) return s.suffix;
  }
  return PlateSuffix::kNone;
}

constexpr std::string_view kEnergyLetters =
    "an energy letter: D, A, B, C, E (pure electric) or F, G, H, J, K (other)";

// How a character is shown in an error: itself, or \xNN for a byte that is not valid UTF-8.
std::string shown(const CodePoint& c) {
  if (c.valid) return std::string(c.bytes);
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(c.cp));
  return buf;
}

Error at(const std::vector<CodePoint>& cs, std::size_t index, std::string_view what) {
  return Error{"character " + std::to_string(index + 1) + " '" + shown(cs[index]) +
               "': " + std::string(what)};
}

// The error for position `index` where `expected` was wanted; I and O get their own message.
Error expected_at(const std::vector<CodePoint>& cs, std::size_t index, std::string_view expected) {
  if (is_i_or_o(cs[index].cp)) return at(cs, index, "letters I and O are not used on plates");
  return at(cs, index, "expected " + std::string(expected));
}

// Checks positions [from, to) with `ok`; the first failure names `expected`.
template <class Pred>
std::optional<Error> check_range(const std::vector<CodePoint>& cs, std::size_t from, std::size_t to,
                                 Pred ok, std::string_view expected) {
  for (std::size_t i = from; i < to; ++i) {
    if (!ok(cs[i].cp)) return expected_at(cs, i, expected);
  }
  return std::nullopt;
}

std::string join(const std::vector<CodePoint>& cs, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) out += cs[i].bytes;
  return out;
}

// `cs` views into the normalised text; it must outlive the parse (the text is copied into the
// Plate, never moved, so the views stay valid).
Result<Plate> parse_embassy(const std::vector<CodePoint>& cs, const std::string& text) {
  if (cs.size() != 7) {
    return Error{"embassy plate has " + std::to_string(cs.size()) +
                 " characters; expected 7 (使 followed by 6 digits)"};
  }
  if (auto e =
          check_range(cs, 1, 7, is_digit, "a digit (embassy plate: 使 followed by 6 digits)")) {
    return *e;
  }
  Plate p;
  p.text = text;
  p.province = std::string(cs[0].bytes);
  p.serial = join(cs, 1, 7);
  p.kind = PlateKind::kEmbassy;
  return p;
}

Result<Plate> parse_ordinary(const std::vector<CodePoint>& cs, Plate p) {
  const PlateSuffix suffix = suffix_of(cs[6].cp);
  const std::size_t serial_end = suffix == PlateSuffix::kNone ? 7 : 6;
  constexpr std::string_view kAlnum = "a letter (A-Z without I, O) or a digit";
  if (auto e = check_range(cs, 2, 6, is_plate_alnum, kAlnum)) return *e;
  // The 7th character is the last serial character or a suffix.
  if (suffix == PlateSuffix::kNone && !is_plate_alnum(cs[6].cp)) {
    return expected_at(cs, 6,
                       "a letter (A-Z without I, O), a digit or a suffix 挂, 学, 警, 港, 澳, 领");
  }
  p.serial = join(cs, 2, serial_end);
  p.kind = PlateKind::kOrdinary;
  p.suffix = suffix;
  return p;
}

Result<Plate> parse_new_energy(const std::vector<CodePoint>& cs, Plate p) {
  const char32_t third = cs[2].cp;
  if (is_digit(third)) {
    // Large: 3rd-7th digits, 8th the energy letter.
    if (auto e = check_range(cs, 3, 7, is_digit,
                             "a digit (large new-energy plate: 5 digits then "
                             "the energy letter)")) {
      return *e;
    }
    if (!is_energy_letter(cs[7].cp)) {
      return expected_at(cs, 7, std::string(kEnergyLetters) + " (large new-energy plate)");
    }
    p.kind = PlateKind::kNewEnergyLarge;
    p.energy_letter = static_cast<char>(cs[7].cp);
  } else {
    // Small: 3rd the energy letter, 4th letter or digit, 5th-8th digits.
    if (!is_energy_letter(third)) {
      return expected_at(cs, 2,
                         std::string(kEnergyLetters) +
                             " (small new-energy plate) or a digit "
                             "(large new-energy plate)");
    }
    if (!is_plate_alnum(cs[3].cp)) {
      return expected_at(cs, 3, "a letter (A-Z without I, O) or a digit (small new-energy plate)");
    }
    if (auto e = check_range(cs, 4, 8, is_digit, "a digit (small new-energy plate)")) return *e;
    p.kind = PlateKind::kNewEnergySmall;
    p.energy_letter = static_cast<char>(third);
  }
  p.pure_electric = is_pure_electric_letter(static_cast<unsigned char>(p.energy_letter));
  p.serial = join(cs, 2, 8);
  return p;
}

bool is_plate_read_character(const CodePoint& c) {
  return c.valid && (is_digit(c.cp) || is_upper(c.cp) || is_province(c.cp) || c.cp == U'使' ||
                     suffix_of(c.cp) != PlateSuffix::kNone);
}

// Longer raw text is refused before it is normalised: no plate, however spaced, is this long.
constexpr std::size_t kMaxPlateReadBytes = 64;

}  // namespace

Status check_plate_read_shape(std::string_view raw) {
  if (raw.size() > kMaxPlateReadBytes) {
    return Error{"is " + std::to_string(raw.size()) + " bytes long; a plate has 7 or 8 characters"};
  }
  if (auto control = find_control_character(raw)) return Error{"holds " + *control};
  const std::string text = normalise_plate(raw);
  const std::vector<CodePoint> cs = decode_utf8(text);
  if (cs.empty()) return Error{"is empty"};
  if (cs.size() > kMaxPlateReadLength) {
    return Error{"has " + std::to_string(cs.size()) + " characters; a plate has 7 or 8"};
  }
  for (std::size_t i = 0; i < cs.size(); ++i) {
    if (is_plate_read_character(cs[i])) continue;
    return Error{"character " + std::to_string(i + 1) + " '" + shown(cs[i]) +
                 "' is on no plate (plates hold a province abbreviation or 使, letters, digits and "
                 "挂 学 警 港 澳 领)"};
  }
  return Status::Ok();
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) i += decode_utf8_at(s, i).bytes.size();
  return n;
}

std::string normalise_plate(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  bool after_invalid = false;
  for (const CodePoint& c : decode_utf8(utf8)) {
    if (!c.valid) {
      out += c.bytes;  // keep invalid bytes so the parser can point at them
      after_invalid = true;
      continue;
    }
    char32_t cp = c.cp;
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII
    // A blank or separator right after invalid bytes stays: dropping it could join them with the
    // bytes after it into a character ("\xef\xbc \x92" into "２"), so that normalising the
    // result again would change it (found by tests/fuzz/plate_fuzz).
    if ((is_blank(cp) || is_separator(cp)) && !after_invalid) continue;
    after_invalid = false;
    if (cp >= U'a' && cp <= U'z') cp -= U'a' - U'A';
    append_utf8(out, cp);
  }
  return out;
}

Result<Plate> parse_plate(std::string_view utf8) {
  const std::string text = normalise_plate(utf8);
  const std::vector<CodePoint> cs = decode_utf8(text);
  if (cs.empty()) return Error{"plate is empty"};
  if (cs[0].cp == U'使') return parse_embassy(cs, text);
  if (cs.size() != 7 && cs.size() != 8) {
    return Error{"plate has " + std::to_string(cs.size()) +
                 " characters; expected 7 (ordinary) or 8 (new-energy)"};
  }
  if (!is_province(cs[0].cp)) return at(cs, 0, "not a province abbreviation");
  if (!is_upper(cs[1].cp) || is_i_or_o(cs[1].cp)) {
    return expected_at(cs, 1, "the issuing authority letter (A-Z without I, O)");
  }
  Plate p;
  p.text = text;
  p.province = std::string(cs[0].bytes);
  p.authority = static_cast<char>(cs[1].cp);
  return cs.size() == 7 ? parse_ordinary(cs, std::move(p)) : parse_new_energy(cs, std::move(p));
}

bool is_new_energy(const Plate& p) {
  return p.kind == PlateKind::kNewEnergySmall || p.kind == PlateKind::kNewEnergyLarge;
}

}  // namespace gate::rules
