#include "drivers/uplink/frame_codec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

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

TEST(FrameBufferTest, FramesComeOutWholeWhateverTheChunking) {
  const std::string stream =
      encode_frame("{\"a\":1}") + encode_frame("[2]") + encode_frame(std::string(300, 'x'));
  for (std::size_t chunk : {std::size_t{1}, std::size_t{3}, std::size_t{7}, stream.size()}) {
    FrameBuffer b;
    std::vector<std::string> got;
    for (std::size_t i = 0; i < stream.size(); i += chunk) {
      b.append(std::string_view(stream).substr(i, chunk));
      for (;;) {
        auto f = b.next();
        ASSERT_TRUE(f.ok()) << f.error();
        if (!f.value()) break;
        got.push_back(*f.value());
      }
    }
    ASSERT_EQ(got.size(), 3u) << "chunk " << chunk;
    EXPECT_EQ(got[0], "{\"a\":1}");
    EXPECT_EQ(got[1], "[2]");
    EXPECT_EQ(got[2], std::string(300, 'x'));
    EXPECT_EQ(b.buffered(), 0u);
  }
}

TEST(FrameBufferTest, ABadLengthIsAnError) {
  FrameBuffer b;
  b.append("HTTP/1.1 200 OK\r\n");
  EXPECT_FALSE(b.next().ok());
}

}  // namespace
}  // namespace gate::drivers::uplink
