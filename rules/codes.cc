#include "rules/codes.h"

#include <array>
#include <cctype>
#include <string>

namespace gate::rules {
namespace {

using gate::v1::EmissionStage;
using gate::v1::FuelType;

struct StageRow {
  EmissionStage stage;
  char code;
  int rank;
  std::string_view name;
};

// docs/domain.md §3.2, in rank order: NONE (X) < CHINA_0 < … < CHINA_VI < ELECTRIC.
constexpr std::array<StageRow, 9> kStages = {{
    {gate::v1::EMISSION_STAGE_NONE, 'X', 0, "no stage (X)"},
    {gate::v1::EMISSION_STAGE_CHINA_0, '0', 1, "China 0"},
    {gate::v1::EMISSION_STAGE_CHINA_I, '1', 2, "China I"},
    {gate::v1::EMISSION_STAGE_CHINA_II, '2', 3, "China II"},
    {gate::v1::EMISSION_STAGE_CHINA_III, '3', 4, "China III"},
    {gate::v1::EMISSION_STAGE_CHINA_IV, '4', 5, "China IV"},
    {gate::v1::EMISSION_STAGE_CHINA_V, '5', 6, "China V"},
    {gate::v1::EMISSION_STAGE_CHINA_VI, '6', 7, "China VI"},
    {gate::v1::EMISSION_STAGE_ELECTRIC, 'D', 8, "electric"},
}};

const StageRow* find_stage(EmissionStage s) {
  for (const StageRow& r : kStages) {
    if (r.stage == s) return &r;
  }
  return nullptr;
}

struct FuelRow {
  FuelType fuel;
  char code;
  std::string_view name;
};

// docs/domain.md §3.3 (GA 24.9 letters), plus H for hydrogen fuel cell.
constexpr std::array<FuelRow, 13> kFuels = {{
    {gate::v1::FUEL_TYPE_PETROL, 'A', "petrol"},
    {gate::v1::FUEL_TYPE_DIESEL, 'B', "diesel"},
    {gate::v1::FUEL_TYPE_ELECTRIC, 'C', "electric"},
    {gate::v1::FUEL_TYPE_MIXED_OIL, 'D', "mixed oil"},
    {gate::v1::FUEL_TYPE_NATURAL_GAS, 'E', "natural gas"},
    {gate::v1::FUEL_TYPE_LPG, 'F', "LPG"},
    {gate::v1::FUEL_TYPE_METHANOL, 'L', "methanol"},
    {gate::v1::FUEL_TYPE_ETHANOL, 'M', "ethanol"},
    {gate::v1::FUEL_TYPE_SOLAR, 'N', "solar"},
    {gate::v1::FUEL_TYPE_HYBRID, 'O', "hybrid"},
    {gate::v1::FUEL_TYPE_NONE, 'Y', "none"},
    {gate::v1::FUEL_TYPE_OTHER, 'Z', "other"},
    {gate::v1::FUEL_TYPE_FUEL_CELL, 'H', "hydrogen fuel cell"},
}};

// A one-letter code, trimmed of ASCII blanks and upper-cased; 0 if `code` is not one character.
char single_code(std::string_view code) {
  while (!code.empty() && std::isspace(static_cast<unsigned char>(code.front()))) {
    code.remove_prefix(1);
  }
  while (!code.empty() && std::isspace(static_cast<unsigned char>(code.back()))) {
    code.remove_suffix(1);
  }
  if (code.size() != 1) return 0;
  return static_cast<char>(std::toupper(static_cast<unsigned char>(code[0])));
}

// ---- certificate text ----

EmissionStage stage_for_number(int n) {
  switch (n) {
    case 0:
      return gate::v1::EMISSION_STAGE_CHINA_0;
    case 1:
      return gate::v1::EMISSION_STAGE_CHINA_I;
    case 2:
      return gate::v1::EMISSION_STAGE_CHINA_II;
    case 3:
      return gate::v1::EMISSION_STAGE_CHINA_III;
    case 4:
      return gate::v1::EMISSION_STAGE_CHINA_IV;
    case 5:
      return gate::v1::EMISSION_STAGE_CHINA_V;
    case 6:
      return gate::v1::EMISSION_STAGE_CHINA_VI;
    default:
      return gate::v1::EMISSION_STAGE_UNSPECIFIED;
  }
}

// Spellings of the stage numeral, longest first so "VI" wins over "V" and "III" over "II".
struct Numeral {
  std::string_view text;
  int value;
};
constexpr std::array<Numeral, 25> kNumerals = {{
    {"III", 3}, {"VI", 6}, {"IV", 4}, {"II", 2}, {"V", 5},  {"I", 1},  {"Ⅰ", 1},
    {"Ⅱ", 2},   {"Ⅲ", 3},  {"Ⅳ", 4},  {"Ⅴ", 5},  {"Ⅵ", 6},  {"ⅰ", 1},  {"ⅱ", 2},
    {"ⅲ", 3},   {"ⅳ", 4},  {"ⅴ", 5},  {"ⅵ", 6},  {"零", 0}, {"一", 1}, {"二", 2},
    {"三", 3},  {"四", 4}, {"五", 5}, {"六", 6},
}};

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(s[i])) !=
        std::toupper(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

bool is_roman_letter(char c) {
  const char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return u == 'I' || u == 'V' || u == 'X';
}

// Reads the stage numeral at the start of `s`: ASCII roman (any case), Unicode roman
// numerals, Chinese numerals or an ASCII digit 0-6. Trailing text such as "(b)" or "b" is
// ignored; a longer roman numeral ("VII") is rejected.
std::optional<EmissionStage> numeral_at(std::string_view s) {
  if (!s.empty() && s[0] >= '0' && s[0] <= '6') {
    if (s.size() > 1 && std::isdigit(static_cast<unsigned char>(s[1]))) return std::nullopt;
    return stage_for_number(s[0] - '0');
  }
  for (const Numeral& n : kNumerals) {
    const bool ascii = n.text[0] == 'I' || n.text[0] == 'V';
    if (ascii ? !starts_with_ci(s, n.text) : !s.starts_with(n.text)) continue;
    if (ascii && s.size() > n.text.size() && is_roman_letter(s[n.text.size()])) {
      return std::nullopt;  // e.g. "VII", "IIV": not a China stage
    }
    return stage_for_number(n.value);
  }
  return std::nullopt;
}

// Skips blanks, '-', ':' and the words 家/第 of "国家第六阶段" after the 国 / China marker.
std::string_view skip_filler(std::string_view s) {
  for (bool more = true; more;) {
    more = false;
    for (std::string_view f : {" ", "\t", "-", ":", "：", "　", "家", "第", "·"}) {
      if (s.starts_with(f)) {
        s.remove_prefix(f.size());
        more = true;
      }
    }
  }
  return s;
}

}  // namespace

char stage_to_code(EmissionStage s) {
  const StageRow* r = find_stage(s);
  return r ? r->code : '?';
}

std::optional<EmissionStage> stage_from_code(std::string_view code) {
  const char c = single_code(code);
  for (const StageRow& r : kStages) {
    if (r.code == c) return r.stage;
  }
  return std::nullopt;
}

std::optional<EmissionStage> stage_from_certificate(std::string_view text) {
  // Every place a stage marker appears; the first followed by a numeral decides.
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::string_view rest = text.substr(i);
    std::size_t marker = 0;
    if (rest.starts_with("国")) {
      marker = std::string_view("国").size();
    } else if (starts_with_ci(rest, "China")) {
      marker = 5;
    } else {
      continue;
    }
    if (auto stage = numeral_at(skip_filler(rest.substr(marker)))) return stage;
  }
  // A bare numeral, as some ledgers print it ("VI", "Ⅵ", "六", "6"), but only when it is all
  // there is: a "V" inside other text is not a stage.
  std::string_view bare = text;
  while (!bare.empty() && std::isspace(static_cast<unsigned char>(bare.front()))) {
    bare.remove_prefix(1);
  }
  while (!bare.empty() && std::isspace(static_cast<unsigned char>(bare.back()))) {
    bare.remove_suffix(1);
  }
  if (bare.size() == 1 && bare[0] >= '0' && bare[0] <= '6') return stage_for_number(bare[0] - '0');
  for (const Numeral& n : kNumerals) {
    if (bare.size() == n.text.size() && starts_with_ci(bare, n.text)) {
      return stage_for_number(n.value);
    }
  }
  return std::nullopt;
}

int stage_rank(EmissionStage s) {
  const StageRow* r = find_stage(s);
  return r ? r->rank : -1;
}

std::string_view stage_name(EmissionStage s) {
  const StageRow* r = find_stage(s);
  return r ? r->name : "unspecified";
}

char fuel_to_code(FuelType f) {
  for (const FuelRow& r : kFuels) {
    if (r.fuel == f) return r.code;
  }
  return '?';
}

std::optional<FuelType> fuel_from_code(std::string_view code) {
  const char c = single_code(code);
  for (const FuelRow& r : kFuels) {
    if (r.code == c) return r.fuel;
  }
  return std::nullopt;
}

std::string_view fuel_name(FuelType f) {
  for (const FuelRow& r : kFuels) {
    if (r.fuel == f) return r.name;
  }
  return "unspecified";
}

bool is_new_energy(const gate::v1::Vehicle& v) {
  return v.fuel_type() == gate::v1::FUEL_TYPE_ELECTRIC ||
         v.fuel_type() == gate::v1::FUEL_TYPE_FUEL_CELL ||
         v.emission_stage() == gate::v1::EMISSION_STAGE_ELECTRIC;
}

}  // namespace gate::rules
