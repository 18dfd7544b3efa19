#include "drivers/uplink/frame_codec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace gate::drivers::uplink {
namespace {

TEST(FrameCodecTest, LengthIsFourBytesBigEndian) {
  std::string f = encode_frame("{\"a\":1}");
  ASSERT_EQ(f.size(), 4u + 7u);
  EXPECT_EQ(f.substr(0, 4), std::string("\0\0\0\x07", 4));
  EXPECT_EQ(f.substr(4), "{\"a\":1}");
  std::string big(70000, 'x');
  std::string g = encode_frame(big);
  EXPECT_EQ(g.substr(0, 4), std::string("\x00\x01\x11\x70", 4));
  auto n = decode_frame_length(g.substr(0, 4));
  ASSERT_TRUE(n.ok()) << n.error();
  EXPECT_EQ(n.value(), 70000u);
}

TEST(FrameCodecTest, RefusesEmptyAndOversizedFrames) {
  auto zero = decode_frame_length(std::string(4, '\0'));
  ASSERT_FALSE(zero.ok());
  EXPECT_THAT(zero.error(), ::testing::HasSubstr("empty"));
  // "HTTP" read as a length is over a gigabyte: a peer speaking the wrong protocol.
  auto http = decode_frame_length("HTTP");
  ASSERT_FALSE(http.ok());
  EXPECT_THAT(http.error(), ::testing::HasSubstr("limit"));
  EXPECT_FALSE(decode_frame_length("abc").ok());
  EXPECT_TRUE(decode_frame_length(std::string("\0\0\x10\0", 4), 4096).ok());
  EXPECT_FALSE(decode_frame_length(std::string("\0\0\x10\x01", 4), 4096).ok());
}

}  // namespace
}  // namespace gate::drivers::uplink
