#include "rules/control_characters.h"

#include <gtest/gtest.h>

#include <string>

namespace gate::rules {
namespace {

TEST(ControlCharacters, TheRangesThatBreakRecordsLogsAndDisplays) {
  for (char32_t cp : {0x00, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9F, 0x202A, 0x202E,
                      0x2066, 0x2069, 0x2028, 0x2029}) {
    EXPECT_TRUE(is_control_character(cp)) << std::hex << static_cast<unsigned>(cp);
  }
  for (char32_t cp : {0x20, 0x41, 0x7E, 0xA0, 0xB7, 0x202F, 0x2065, 0x206A, 0x8C6B /* 豫 */}) {
    EXPECT_FALSE(is_control_character(cp)) << std::hex << static_cast<unsigned>(cp);
  }
}

TEST(ControlCharacters, TheFirstIsNamedWithItsPosition) {
  EXPECT_EQ(find_control_character("豫H12345"), std::nullopt);
  EXPECT_EQ(find_control_character(""), std::nullopt);
  EXPECT_EQ(find_control_character("cam\r\n1").value(),
            "U+000D (a control character) at character 4");
  EXPECT_EQ(find_control_character("豫\u202eH").value(),
            "U+202E (a bidirectional override) at character 2");
  EXPECT_EQ(find_control_character("L1\u2066").value(),
            "U+2066 (a bidirectional override) at character 3");
  EXPECT_EQ(find_control_character("a\u0085").value(),
            "U+0085 (a C1 control character) at character 2");
  EXPECT_EQ(find_control_character("a\u2028b").value(),
            "U+2028 (a line or paragraph separator) at character 2");
  EXPECT_EQ(find_control_character(std::string("a\0b", 3)).value(),
            "U+0000 (a control character) at character 2");
}

TEST(ControlCharacters, BytesThatAreNotUtf8AreLeftToTheEncodingCheck) {
  // 0x85 alone is no UTF-8 (the C1 character is the two bytes C2 85).
  EXPECT_EQ(find_control_character("a\x85z"), std::nullopt);
}

}  // namespace
}  // namespace gate::rules
