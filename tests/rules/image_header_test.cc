// Picture sizes from headers alone (rules/image_header.h), for pictures OpenCV wrote
// and for headers made by hand.
#include "rules/image_header.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/test_images.h"

namespace gate::rules {
namespace {

using ::testing::HasSubstr;

TEST(ImageHeaderTest, ReadsTheSizeOfEachFormatOpenCvWrites) {
  for (const char* ext : {".jpg", ".png", ".bmp"}) {
    const auto h = read_image_header(test_support::make_image(ext, 37, 21, 1));
    ASSERT_TRUE(h.ok()) << ext << ": " << h.error();
    EXPECT_EQ(h.value().width, 37) << ext;
    EXPECT_EQ(h.value().height, 21) << ext;
  }
  EXPECT_EQ(read_image_header(test_support::make_jpeg(1)).value().format, "JPEG");
  EXPECT_EQ(read_image_header(test_support::make_png(1)).value().format, "PNG");
}

TEST(ImageHeaderTest, ReadsWhatAHeaderClaimsWithoutTheRest) {
  const auto h = read_image_header(test_support::png_claiming(50000, 40000));
  ASSERT_TRUE(h.ok()) << h.error();
  EXPECT_EQ(h.value().width, 50000);
  EXPECT_EQ(h.value().height, 40000);
  // A progressive JPEG's frame header (SOF2) after an APP0 segment, nothing after it.
  const std::string jpeg("\xFF\xD8\xFF\xE0\x00\x04xx\xFF\xC2\x00\x11\x08\x30\x00\x40\x00", 17);
  const auto j = read_image_header(jpeg);
  ASSERT_TRUE(j.ok()) << j.error();
  EXPECT_EQ(j.value().width, 0x4000);
  EXPECT_EQ(j.value().height, 0x3000);
  // A BMP stored top-down has a negative height.
  std::string bmp = test_support::make_image(".bmp", 8, 6, 2);
  bmp[22] = static_cast<char>(-6);
  bmp[23] = bmp[24] = bmp[25] = static_cast<char>(0xFF);
  EXPECT_EQ(read_image_header(bmp).value().height, 6);
}

TEST(ImageHeaderTest, OtherBytesAndCutHeadersAreErrors) {
  EXPECT_EQ(read_image_header("GIF89a....").error(),
            "not a JPEG, PNG or BMP picture (it starts with 47 49 46 38)");
  EXPECT_EQ(read_image_header("").error(),
            "not a JPEG, PNG or BMP picture (it starts with nothing)");
  std::string jpeg = test_support::make_jpeg(1);
  jpeg.resize(20);
  EXPECT_EQ(read_image_header(jpeg).error(), "JPEG ends before its frame header (truncated?)");
  std::string png = test_support::make_png(1);
  png.resize(20);
  EXPECT_EQ(read_image_header(png).error(), "PNG has no IHDR header");
  EXPECT_EQ(read_image_header(test_support::png_claiming(0, 10)).error(),
            "PNG header gives no size");
  EXPECT_THAT(read_image_header(std::string("\xFF\xD8\xFF\xE0\x00\x01", 6)).error(),
              HasSubstr("malformed"));
}

TEST(ImageHeaderTest, SizesOverTheLimitsAreNamed) {
  EXPECT_TRUE(check_image_size({"JPEG", 3840, 2160}).ok());
  EXPECT_TRUE(check_image_size({"JPEG", 8192, 4800}).ok());  // 39.3 MP
  EXPECT_THAT(check_image_size({"PNG", 8193, 100}).message(),
              HasSubstr("PNG of 8193x100 pixels is over the limit"));
  EXPECT_THAT(check_image_size({"PNG", 100, 8193}).message(), HasSubstr("100x8193"));
  EXPECT_THAT(check_image_size({"JPEG", 8000, 5001}).message(), HasSubstr("40 megapixels"));
}

}  // namespace
}  // namespace gate::rules
