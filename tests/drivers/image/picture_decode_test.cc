// PNG and BMP decoded in gated without imgcodecs give the pixels imgcodecs gave (16-bit, alpha,
// grey, palettes, run-length BMP); what imgcodecs refused, they refuse.
#include "drivers/image/picture_decode.h"

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace gate::drivers::image {
namespace {

std::string imencoded(const cv::Mat& img, const char* ext) {
  std::vector<uchar> buf;
  EXPECT_TRUE(cv::imencode(ext, img, buf));
  return std::string(buf.begin(), buf.end());
}

cv::Mat imdecoded(const std::string& bytes) {
  return cv::imdecode(std::vector<uchar>(bytes.begin(), bytes.end()), cv::IMREAD_COLOR);
}

// Decodes with both and says where they differ; empty when they agree.
std::string compare_with_imgcodecs(const std::string& bytes) {
  auto ours = decode_picture_bgr(bytes);
  if (!ours.ok()) return "ours failed: " + ours.error();
  if (Status st = check_picture_decodes(bytes); !st.ok()) return "check failed: " + st.message();
  const cv::Mat theirs = imdecoded(bytes);
  if (theirs.empty()) return "imgcodecs failed";
  if (ours.value().size() != theirs.size() || ours.value().type() != theirs.type())
    return "size or type differs";
  if (cv::norm(ours.value(), theirs, cv::NORM_INF) != 0) return "pixels differ";
  return "";
}

cv::Mat scene(int w, int h, int type = CV_8UC3) {
  cv::Mat img(h, w, type);
  cv::randu(img, cv::Scalar::all(0), cv::Scalar::all(type == CV_16UC3 ? 65535 : 255));
  return img;
}

void le(std::string& out, uint32_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

// An 8-bit BMP of `w` x `h` with a four-colour palette and the given pixel data (compression
// 0 = none, 1 = RLE8).
std::string bmp8(int w, int h, uint32_t compression, const std::string& pixels) {
  std::string b = "BM";
  const uint32_t offset = 14 + 40 + 4 * 4;
  le(b, offset + static_cast<uint32_t>(pixels.size()), 4);
  le(b, 0, 4);
  le(b, offset, 4);
  le(b, 40, 4);
  le(b, static_cast<uint32_t>(w), 4);
  le(b, static_cast<uint32_t>(h), 4);
  le(b, 1, 2);
  le(b, 8, 2);
  le(b, compression, 4);
  le(b, static_cast<uint32_t>(pixels.size()), 4);
  le(b, 2835, 4);
  le(b, 2835, 4);
  le(b, 4, 4);  // colours used
  le(b, 0, 4);
  for (uint32_t c : {0x000000u, 0x0000FFu, 0x00FF00u, 0xFF8040u}) le(b, c, 4);
  return b + pixels;
}

TEST(PictureDecode, PngsDecodeAsImgcodecsDecodedThem) {
  cv::Mat grey = scene(33, 17, CV_8UC1);
  EXPECT_EQ(compare_with_imgcodecs(imencoded(scene(64, 48), ".png")), "") << "BGR";
  EXPECT_EQ(compare_with_imgcodecs(imencoded(scene(31, 9, CV_8UC4), ".png")), "") << "alpha";
  EXPECT_EQ(compare_with_imgcodecs(imencoded(grey, ".png")), "") << "grey";
  EXPECT_EQ(compare_with_imgcodecs(imencoded(scene(20, 10, CV_16UC3), ".png")), "") << "16-bit";
}

TEST(PictureDecode, BmpsDecodeAsImgcodecsDecodedThem) {
  EXPECT_EQ(compare_with_imgcodecs(imencoded(scene(63, 21), ".bmp")), "") << "24-bit";
  EXPECT_EQ(compare_with_imgcodecs(imencoded(scene(13, 7, CV_8UC1), ".bmp")), "") << "8-bit grey";
  // 5 x 2, uncompressed: rows of 5 indices padded to 8 bytes, bottom row first.
  const std::string plain = std::string("\x00\x01\x02\x03\x01\0\0\0\x03\x03\x02\x01\x00\0\0\0", 16);
  EXPECT_EQ(compare_with_imgcodecs(bmp8(5, 2, 0, plain)), "") << "8-bit palette";
  // 4 x 3 in RLE8: a run, end of line; a literal of 3 (padded), a run of 1, end of line; a delta
  // past the last row's first two pixels, a run of 2, end of bitmap.
  const std::string rle = std::string(
      "\x04\x01\x00\x00"
      "\x00\x03\x02\x03\x01\x00\x01\x02\x00\x00"
      "\x00\x02\x02\x00\x02\x03\x00\x01",
      22);
  EXPECT_EQ(compare_with_imgcodecs(bmp8(4, 3, 1, rle)), "") << "RLE8";
}

TEST(PictureDecode, WhatImgcodecsRefusedIsRefused) {
  const std::string png = imencoded(scene(64, 48), ".png");
  const std::string bmp = imencoded(scene(64, 48), ".bmp");
  for (const std::string& cut : {png.substr(0, png.size() - 30), bmp.substr(0, bmp.size() - 30)}) {
    ASSERT_TRUE(imdecoded(cut).empty());
    EXPECT_FALSE(decode_picture_bgr(cut).ok());
    EXPECT_FALSE(check_picture_decodes(cut).ok());
  }
  std::string bad_crc = png;
  const std::size_t idat = bad_crc.find("IDAT") + 8;  // inside IDAT: its CRC no longer holds
  bad_crc[idat] = static_cast<char>(bad_crc[idat] ^ 0x55);
  ASSERT_TRUE(imdecoded(bad_crc).empty());
  EXPECT_FALSE(check_picture_decodes(bad_crc).ok());
  // An RLE run longer than its row.
  const std::string overrun = bmp8(4, 1, 1, std::string("\x09\x01\x00\x01", 4));
  EXPECT_FALSE(check_picture_decodes(overrun).ok());
  EXPECT_EQ(check_picture_decodes("GIF89a...").message(), "not a JPEG, PNG or BMP picture");
}

}  // namespace
}  // namespace gate::drivers::image
