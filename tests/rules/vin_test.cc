#include "rules/vin.h"

#include <gtest/gtest.h>

namespace gate::rules {
namespace {

// Published examples with valid check digits (the 1M8GDM9AXKP042788 example of the ISO 3779
// annex / 49 CFR 565, and common test VINs).
TEST(Vin, AcceptsValidVins) {
  for (const char* v :
       {"1M8GDM9AXKP042788", "11111111111111111", "1HGCM82633A004352", "JH4KA7561PC008269"}) {
    EXPECT_TRUE(validate_vin(v).ok()) << v << ": " << validate_vin(v).message();
  }
}

TEST(Vin, ComputesTheCheckDigit) {
  EXPECT_EQ(vin_check_digit("1M8GDM9A_KP042788"), 'X');
  EXPECT_EQ(vin_check_digit("1HGCM826_3A004352"), '3');
}

TEST(Vin, RefusesAWrongCheckDigitAndSaysWhich) {
  Status st = validate_vin("1M8GDM9A1KP042788");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "VIN position 9 is '1' but the check digit is 'X' (mistyped VIN?)");
}

TEST(Vin, RefusesBadLengthAndLetters) {
  EXPECT_EQ(validate_vin("1M8GDM9AXKP04278").message(), "VIN has 16 characters; it must have 17");
  EXPECT_EQ(validate_vin("1M8GDM9AXKP0427O8").message(),
            "VIN position 16 'O': letters I, O and Q are not used in VINs");
  EXPECT_EQ(validate_vin("1m8GDM9AXKP042788").message(),
            "VIN position 2 'm': only digits and capital letters are allowed");
}

TEST(Vin, EveryAlphabetCharacterChangesTheCheckDigitConsistently) {
  // Changing one weighted position by one transliteration step changes the sum by its weight,
  // so the check digit must change (weights are never a multiple of 11).
  std::string base = "LZZ1234567X890123";
  base[8] = vin_check_digit(base);
  ASSERT_TRUE(validate_vin(base).ok());
  std::string changed = base;
  changed[3] = '2';
  EXPECT_FALSE(validate_vin(changed).ok());
}

}  // namespace
}  // namespace gate::rules
