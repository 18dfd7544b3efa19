// JPEG through libjpeg directly gives the pixels and bytes imgcodecs gave: colour and grey
// decodes, the EXIF orientation applied, the encoder's bytes at each quality fit_jpeg tries.
#include "drivers/image/jpeg_codec.h"

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <string>
#include <vector>

#include "drivers/image/exif_orientation.h"

namespace gate::drivers::image {
namespace {

cv::Mat scene(int w, int h) {
  cv::Mat img(h, w, CV_8UC3);
  cv::randu(img, cv::Scalar::all(0), cv::Scalar::all(255));
  cv::GaussianBlur(img, img, {5, 5}, 2);
  return img;
}

std::string imencoded(const cv::Mat& img, const char* ext, std::vector<int> params = {}) {
  std::vector<uchar> buf;
  EXPECT_TRUE(cv::imencode(ext, img, buf, params));
  return std::string(buf.begin(), buf.end());
}

cv::Mat imdecoded(const std::string& bytes) {
  return cv::imdecode(std::vector<uchar>(bytes.begin(), bytes.end()), cv::IMREAD_COLOR);
}

bool same_pixels(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

// An APP1 segment saying `orientation`, inserted after the SOI of `jpeg`.
std::string with_orientation(const std::string& jpeg, int orientation) {
  std::string tiff("II*\0\x08\0\0\0", 8);              // little-endian, IFD0 at 8
  tiff += std::string("\x01\0", 2);                    // one entry
  tiff += std::string("\x12\x01\x03\0\x01\0\0\0", 8);  // 0x0112, SHORT, count 1
  tiff += std::string(1, static_cast<char>(orientation)) + std::string("\0\0\0", 3);
  tiff += std::string("\0\0\0\0", 4);  // no next IFD
  const std::string payload = std::string("Exif\0\0", 6) + tiff;
  const std::size_t len = payload.size() + 2;
  std::string app1 = "\xFF\xE1";
  app1 += static_cast<char>(len >> 8);
  app1 += static_cast<char>(len & 0xFF);
  return jpeg.substr(0, 2) + app1 + payload + jpeg.substr(2);
}

TEST(JpegCodec, DecodesColourAndGreyAsImgcodecsDid) {
  const cv::Mat colour = scene(320, 240);
  cv::Mat grey;
  cv::cvtColor(colour, grey, cv::COLOR_BGR2GRAY);
  for (const std::string& jpeg : {imencoded(colour, ".jpg"), imencoded(grey, ".jpg")}) {
    auto ours = decode_jpeg_bgr(jpeg);
    ASSERT_TRUE(ours.ok()) << ours.error();
    EXPECT_TRUE(same_pixels(ours.value(), imdecoded(jpeg)));
    EXPECT_TRUE(check_jpeg_decodes(jpeg).ok());
  }
}

TEST(JpegCodec, TheExifOrientationIsAppliedAsImgcodecsDid) {
  const std::string plain = imencoded(scene(64, 32), ".jpg");
  for (int orientation = 1; orientation <= 8; ++orientation) {
    const std::string jpeg = with_orientation(plain, orientation);
    auto ours = decode_jpeg_bgr(jpeg);
    ASSERT_TRUE(ours.ok()) << ours.error();
    const cv::Mat theirs = imdecoded(jpeg);
    EXPECT_TRUE(same_pixels(ours.value(), theirs)) << "orientation " << orientation;
    EXPECT_EQ(ours.value().cols, orientation >= 5 ? 32 : 64) << "orientation " << orientation;
  }
  EXPECT_EQ(exif_orientation(std::string("Exif\0\0II", 8)), 0) << "ends in its header";
  EXPECT_EQ(exif_orientation("not exif"), 0);
}

TEST(JpegCodec, EncodesTheBytesImgcodecsWrote) {
  const cv::Mat img = scene(200, 150);
  for (int quality : {85, 70, 55, 40}) {
    auto ours = encode_jpeg(img, quality);
    ASSERT_TRUE(ours.ok()) << ours.error();
    EXPECT_EQ(ours.value(), imencoded(img, ".jpg", {cv::IMWRITE_JPEG_QUALITY, quality}))
        << "quality " << quality;
  }
  EXPECT_FALSE(encode_jpeg(cv::Mat(), 85).ok());
}

// A JPEG cut in its scan data decodes with a grey tail (libjpeg warns): imgcodecs took it, and so
// does the check; one cut in its headers is refused with libjpeg's reason.
TEST(JpegCodec, ATruncatedScanDecodesAndABrokenHeaderDoesNot) {
  const std::string jpeg = imencoded(scene(320, 240), ".jpg");
  const std::string cut = jpeg.substr(0, jpeg.size() / 2);
  ASSERT_FALSE(imdecoded(cut).empty());
  EXPECT_TRUE(check_jpeg_decodes(cut).ok());
  EXPECT_TRUE(decode_jpeg_bgr(cut).ok());
  const std::string header_only = jpeg.substr(0, 40);
  EXPECT_TRUE(imdecoded(header_only).empty());
  const Status st = check_jpeg_decodes(header_only);
  ASSERT_FALSE(st.ok());
  EXPECT_FALSE(st.message().empty());
  EXPECT_FALSE(decode_jpeg_bgr(header_only).ok());
}

}  // namespace
}  // namespace gate::drivers::image
