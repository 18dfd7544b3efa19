// Image sizes read from headers (rules/image_size.h), on hand-made headers.
#include "rules/image_size.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace gate::rules {
namespace {

using ::testing::HasSubstr;

std::string be16(int v) {
  return {static_cast<char>(v >> 8), static_cast<char>(v & 0xFF)};
}

std::string le32(int32_t v) {
  const auto u = static_cast<uint32_t>(v);
  return {static_cast<char>(u), static_cast<char>(u >> 8), static_cast<char>(u >> 16),
          static_cast<char>(u >> 24)};
}

// SOI, an APP0 segment, a DHT segment, then SOF2 (progressive) declaring w x h.
std::string jpeg(int w, int h) {
  std::string j = "\xFF\xD8";
  j += std::string("\xFF\xE0", 2) + be16(16) + "JFIF" + std::string(10, '\0');
  j += std::string("\xFF\xC4", 2) + be16(4) + std::string(2, '\0');
  j += std::string("\xFF\xFF\xC2", 3) + be16(11) + "\x08" + be16(h) + be16(w) + "\x01\x01\x11";
  return j;
}

std::string png(uint32_t w, uint32_t h) {
  std::string p("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16);
  for (uint32_t v : {w, h}) {
    p += be16(static_cast<int>(v >> 16)) + be16(static_cast<int>(v & 0xFFFF));
  }
  return p;
}

std::string bmp(int32_t w, int32_t h) {
  return "BM" + std::string(12, '\0') + le32(40) + le32(w) + le32(h);
}

TEST(ImageSize, ReadsJpegPngBmpHeaders) {
  auto j = image_size(jpeg(640, 480));
  ASSERT_TRUE(j);
  EXPECT_EQ(j->format, "JPEG");
  EXPECT_EQ(j->width, 640);
  EXPECT_EQ(j->height, 480);
  auto p = image_size(png(1920, 1080));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->format, "PNG");
  EXPECT_EQ(p->width, 1920);
  auto b = image_size(bmp(100, -50));  // top-down
  ASSERT_TRUE(b);
  EXPECT_EQ(b->height, 50);
}

TEST(ImageSize, UnknownOrCutShortGivesNothing) {
  EXPECT_FALSE(image_size(""));
  EXPECT_FALSE(image_size("GIF89a"));
  EXPECT_FALSE(image_size(jpeg(640, 480).substr(0, 30)));                // before the frame header
  EXPECT_FALSE(image_size(std::string("\xFF\xD8\xFF\xDA\x00\x02", 6)));  // scan before frame
  EXPECT_FALSE(image_size(std::string("\xFF\xD8\x00\x00", 4)));          // not a marker
  EXPECT_FALSE(image_size(png(1, 1).substr(0, 20)));
}

TEST(ImageSize, LimitsAreChecked) {
  EXPECT_TRUE(check_image_size(jpeg(8192, 4000), 8192, 40'000'000).ok());
  EXPECT_THAT(check_image_size(jpeg(8193, 10), 8192, 40'000'000).message(),
              HasSubstr("JPEG header declares 8193x10 pixels, more than the 8192 a side"));
  EXPECT_THAT(check_image_size(png(8000, 6000), 8192, 40'000'000).message(),
              HasSubstr("PNG header declares 8000x6000 pixels"));
  EXPECT_THAT(check_image_size(bmp(0, 5), 8192, 40'000'000).message(),
              HasSubstr("declares a size of 0x5"));
  EXPECT_THAT(check_image_size(png(0x80000000u, 1), 8192, 40'000'000).message(),
              HasSubstr("declares 2147483648x1"));
  EXPECT_TRUE(check_image_size("not an image", 1, 1).ok());  // left to the decoder
}

}  // namespace
}  // namespace gate::rules
