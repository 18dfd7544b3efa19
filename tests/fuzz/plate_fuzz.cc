// Plate text as cameras, ledgers and operators give it (rules/plate.h), and VINs (rules/vin.h):
// a plate that parses parses again from its normalised text to the same plate.
#include <cstddef>
#include <cstdint>

#include "rules/plate.h"
#include "rules/vin.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const auto text = gate::fuzz::text_of(data, size);
  const std::string normal = gate::rules::normalise_plate(text);
  if (gate::rules::normalise_plate(normal) != normal) __builtin_trap();
  (void)gate::rules::utf8_length(text);
  auto plate = gate::rules::parse_plate(text);
  if (plate.ok()) {
    (void)gate::rules::is_new_energy(plate.value());
    auto again = gate::rules::parse_plate(plate.value().text);
    if (!again.ok() || again.value().text != plate.value().text) __builtin_trap();
  }
  (void)gate::rules::vin_check_digit(text);
  (void)gate::rules::validate_vin(text);
  return 0;
}
