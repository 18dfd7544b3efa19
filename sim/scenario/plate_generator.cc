#include "sim/scenario/plate_generator.h"

#include <string_view>
#include <vector>

namespace gate::sim {
namespace {

constexpr std::string_view kProvince = "豫";
// Henan's issuing authorities: A Zhengzhou … H Jiaozuo … U Jiyuan.
constexpr std::string_view kHenanCities = "ABCDEFGHJKLMNPQRSU";
constexpr std::string_view kLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ";  // no I, O
constexpr std::string_view kDigits = "0123456789";

char pick(std::string_view from, SimRandom& rng) {
  return from[rng.below(from.size())];
}

// Trucks at a Jiaozuo plant are mostly local.
char city(SimRandom& rng) {
  return rng.chance(0.4) ? 'H' : pick(kHenanCities, rng);
}

}  // namespace

std::string make_plate(gate::v1::PlateColor color, bool pure_electric, SimRandom& rng) {
  std::string out(kProvince);
  out += city(rng);
  const char energy = pure_electric ? 'D' : 'F';
  if (color == gate::v1::PLATE_COLOR_GREEN) {
    out += energy;
    out += rng.chance(0.7) ? pick(kDigits, rng) : pick(kLetters, rng);
    for (int i = 0; i < 4; ++i) out += pick(kDigits, rng);
  } else if (color == gate::v1::PLATE_COLOR_YELLOW_GREEN) {
    for (int i = 0; i < 5; ++i) out += pick(kDigits, rng);
    out += energy;
  } else {
    const std::size_t letter_at = rng.chance(0.3) ? rng.below(5) : 5;  // 5: digits only
    for (std::size_t i = 0; i < 5; ++i) {
      out += i == letter_at ? pick(kLetters, rng) : pick(kDigits, rng);
    }
  }
  return out;
}

std::string misread_plate(const std::string& plate, double invalid_share, SimRandom& rng) {
  // Plates are the province (one multi-byte character) followed by ASCII; misread the ASCII.
  std::size_t first = 0;
  while (first < plate.size() && static_cast<unsigned char>(plate[first]) >= 0x80) ++first;
  std::string out = plate;
  if (first >= out.size()) return out + "O";  // nothing to misread: make it invalid
  if (rng.chance(invalid_share)) {
    out[first + rng.below(out.size() - first)] = rng.chance(0.5) ? 'O' : 'I';
    return out;
  }
  // A digit read as another digit keeps the plate valid: digits are allowed wherever
  // make_plate puts them.
  std::vector<std::size_t> digits;
  for (std::size_t i = first; i < out.size(); ++i) {
    if (out[i] >= '0' && out[i] <= '9') digits.push_back(i);
  }
  if (digits.empty()) {
    out[first + rng.below(out.size() - first)] = 'O';
    return out;
  }
  const std::size_t at = digits[rng.below(digits.size())];
  const char was = out[at];
  out[at] = static_cast<char>('0' + (was - '0' + 1 + static_cast<int>(rng.below(9))) % 10);
  return out;
}

}  // namespace gate::sim
