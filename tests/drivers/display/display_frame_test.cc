// The framed LED text protocol: byte layout, CRC, round trip, truncation and bad frames.
#include "drivers/display/display_frame.h"

#include <gtest/gtest.h>

namespace gate::drivers {
namespace {

TEST(DisplayFrame, CrcIsModbusCrc16) {
  EXPECT_EQ(crc16_modbus("123456789"), 0x4B37);  // the catalogue check value
  EXPECT_EQ(crc16_modbus(""), 0xFFFF);
}

TEST(DisplayFrame, LayoutOfAFrame) {
  const std::string f = encode_display_frame(7, {DisplayColour::kGreen, {"AB", "C"}});
  // STX addr len(2) | cmd colour count | 2 "AB" | 1 "C" | crc(2) ETX
  const std::string payload = {'\x31', 'G', '\x02', '\x02', 'A', 'B', '\x01', 'C'};
  ASSERT_EQ(f.size(), 1 + 3 + payload.size() + 3);
  EXPECT_EQ(f[0], '\x02');
  EXPECT_EQ(f[1], '\x07');
  EXPECT_EQ(f[2], '\x00');
  EXPECT_EQ(static_cast<std::size_t>(f[3]), payload.size());
  EXPECT_EQ(f.substr(4, payload.size()), payload);
  const uint16_t crc = crc16_modbus(f.substr(1, 3 + payload.size()));
  EXPECT_EQ(static_cast<unsigned char>(f[f.size() - 3]), crc & 0xFF);
  EXPECT_EQ(static_cast<unsigned char>(f[f.size() - 2]), crc >> 8);
  EXPECT_EQ(f.back(), '\x03');
}

TEST(DisplayFrame, RoundTripWithChineseTextAndNoiseBefore) {
  DisplayMessage m{DisplayColour::kRed, {"豫HF50BC", "国IV柴油车", "橙色预警", "禁止通行"}};
  const std::string bytes = "noise" + encode_display_frame(1, m) + encode_display_frame(2, m);
  std::size_t used = 0;
  auto f = decode_display_frame(bytes, &used);
  ASSERT_TRUE(f.ok()) << f.error();
  EXPECT_EQ(f.value().address, 1);
  EXPECT_EQ(f.value().message, m);
  auto g = decode_display_frame(std::string_view(bytes).substr(used), &used);
  ASSERT_TRUE(g.ok()) << g.error();
  EXPECT_EQ(g.value().address, 2);
}

TEST(DisplayFrame, IncompleteFramesWait) {
  const std::string f = encode_display_frame(1, {DisplayColour::kYellow, {"请等候叫号"}});
  for (std::size_t n = 0; n < f.size(); ++n) {
    std::size_t used = 99;
    auto r = decode_display_frame(f.substr(0, n), &used);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), "incomplete");
  }
}

TEST(DisplayFrame, CorruptFramesAreRejectedAndSkipped) {
  std::string f = encode_display_frame(1, {DisplayColour::kGreen, {"请通行"}});
  f[6] ^= 0x01;  // a payload bit
  std::size_t used = 0;
  auto r = decode_display_frame(f, &used);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("CRC"), std::string::npos) << r.error();
  EXPECT_EQ(used, 1u);  // past the STX, to look for the next frame
}

TEST(DisplayFrame, LongLinesAreCutAtACharacterBoundaryAndLinesCapped) {
  std::string long_line;
  for (int i = 0; i < 100; ++i) long_line += "汉";  // 300 bytes
  DisplayMessage m{DisplayColour::kWhite, {long_line}};
  for (int i = 0; i < 12; ++i) m.lines.push_back("x");
  std::size_t used = 0;
  auto f = decode_display_frame(encode_display_frame(0, m), &used);
  ASSERT_TRUE(f.ok()) << f.error();
  EXPECT_EQ(f.value().message.lines.size(), kDisplayMaxLines);
  EXPECT_EQ(f.value().message.lines[0].size(), 255u);  // 85 characters of 3 bytes
  EXPECT_EQ(f.value().message.lines[0], long_line.substr(0, 255));
}

}  // namespace
}  // namespace gate::drivers
