// A passage's cargo as the gate operator (or a weighbridge) enters it: what is checked before it
// is stored and uploaded. Quantities are kept as integer thousandths of the unit ("milli-units":
// kilograms for tonnes, millilitres for litres), never as a float, so that "31.25" is stored,
// chained and uploaded as exactly what was typed. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "rules/result.h"

namespace gate::rules {

inline constexpr std::size_t kCargoNameMaxChars = 64;
// 1,000,000 t (or L) in thousandths: far above any truck (or tanker) and far below int64's end.
inline constexpr int64_t kCargoMaxMilli = int64_t{1000000} * 1000;

// The units the gate records: "t" (tonnes) and "L" (litres), as the platforms take them.
bool is_cargo_unit(std::string_view unit);

// The name: non-empty after trimming spaces, valid UTF-8 without control characters, at most
// kCargoNameMaxChars characters. Returns the trimmed name; errors say what to write instead.
Result<std::string> check_cargo_name(std::string_view name);

// A quantity written as decimal text ("31", "31.25", "0.5"): greater than 0, at most three
// decimals, at most kCargoMaxMilli / 1000. Returns it in thousandths.
Result<int64_t> parse_cargo_quantity(std::string_view text);

// Thousandths as decimal text without trailing zeros: 31250 → "31.25", 30000 → "30".
std::string cargo_quantity_text(int64_t milli);

}  // namespace gate::rules
