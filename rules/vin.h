// Vehicle identification numbers (GB 16735 / ISO 3779): 17 characters from the digits and
// capital letters without I, O and Q, with a check digit in position 9. Pure.
#pragma once

#include <string_view>

#include "rules/result.h"

namespace gate::rules {

// The check character ('0'..'9' or 'X') the first 17 characters call for, ignoring position 9.
// Precondition: `vin` has 17 characters from the VIN alphabet.
char vin_check_digit(std::string_view vin);

// Ok, or an error naming what is wrong: length, the first character outside the alphabet
// (with its position), or the check digit ("position 9 is '3' but the check digit is '7'").
Status validate_vin(std::string_view vin);

}  // namespace gate::rules
