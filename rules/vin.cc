#include "rules/vin.h"

#include <array>
#include <string>

namespace gate::rules {
namespace {

constexpr std::array<int, 17> kWeights = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};

// Transliteration of ISO 3779 Annex: letters map to 1..9 skipping I, O, Q; -1 = not allowed.
int vin_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  switch (c) {
    case 'A':
    case 'J':
      return 1;
    case 'B':
    case 'K':
    case 'S':
      return 2;
    case 'C':
    case 'L':
    case 'T':
      return 3;
    case 'D':
    case 'M':
    case 'U':
      return 4;
    case 'E':
    case 'N':
    case 'V':
      return 5;
    case 'F':
    case 'W':
      return 6;
    case 'G':
    case 'P':
    case 'X':
      return 7;
    case 'H':
    case 'Y':
      return 8;
    case 'R':
    case 'Z':
      return 9;
    default:
      return -1;
  }
}

}  // namespace

char vin_check_digit(std::string_view vin) {
  int sum = 0;
  for (std::size_t i = 0; i < 17 && i < vin.size(); ++i) sum += vin_value(vin[i]) * kWeights[i];
  int r = sum % 11;
  return r == 10 ? 'X' : static_cast<char>('0' + r);
}

Status validate_vin(std::string_view vin) {
  if (vin.size() != 17) {
    return Error{"VIN has " + std::to_string(vin.size()) + " characters; it must have 17"};
  }
  for (std::size_t i = 0; i < vin.size(); ++i) {
    const char c = vin[i];
    if (vin_value(c) < 0) {
      std::string why = (c == 'I' || c == 'O' || c == 'Q')
                            ? "letters I, O and Q are not used in VINs"
                            : "only digits and capital letters are allowed";
      return Error{"VIN position " + std::to_string(i + 1) + " '" + std::string(1, c) +
                   "': " + why};
    }
  }
  const char expected = vin_check_digit(vin);
  if (vin[8] != expected) {
    return Error{"VIN position 9 is '" + std::string(1, vin[8]) + "' but the check digit is '" +
                 std::string(1, expected) + "' (mistyped VIN?)"};
  }
  return Status::Ok();
}

}  // namespace gate::rules
