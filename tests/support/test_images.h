// Small images made at test time with OpenCV (no binary files in the repository): a JPEG or
// PNG of a w×h gradient whose `seed` makes the bytes, and so the SHA-256, differ; and a PNG
// "decompression bomb" header.
#pragma once

#include <cstdint>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <string>
#include <vector>

namespace gate::test_support {

inline std::string make_image(const std::string& ext, int w, int h, int seed) {
  cv::Mat img(h, w, CV_8UC3);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      img.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<uchar>((x * 7 + seed) & 255),
                                          static_cast<uchar>((y * 5 + seed * 3) & 255),
                                          static_cast<uchar>((x + y + seed * 11) & 255));
    }
  }
  std::vector<uchar> buf;
  cv::imencode(ext, img, buf);
  return std::string(buf.begin(), buf.end());
}

inline std::string make_jpeg(int seed, int w = 32, int h = 24) {
  return make_image(".jpg", w, h, seed);
}
inline std::string make_png(int seed, int w = 32, int h = 24) {
  return make_image(".png", w, h, seed);
}

namespace png_detail {

inline uint32_t crc32(const std::string& bytes) {
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char b : bytes) {
    crc ^= b;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

inline std::string be32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

inline std::string chunk(const std::string& type, const std::string& data) {
  return be32(static_cast<uint32_t>(data.size())) + type + data + be32(crc32(type + data));
}

}  // namespace png_detail

// A well-formed PNG (signature, IHDR, IDAT, IEND, every CRC right) whose header claims a
// width x height RGB picture while its zlib stream holds only the first row's few bytes (one
// stored deflate block): a few hundred bytes that a decoder would answer by allocating
// width x height x 3 bytes.
inline std::string png_claiming(uint32_t width, uint32_t height) {
  using namespace png_detail;
  const std::string ihdr = be32(width) + be32(height) + std::string("\x08\x02\x00\x00\x00", 5);
  const std::string row(64, '\0');  // filter byte 0, then black pixels
  uint32_t a = 1, b = 0;            // Adler-32 of the stored data
  for (unsigned char c : row) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  const auto n = static_cast<uint16_t>(row.size());
  const auto not_n = static_cast<uint16_t>(~n);
  std::string zlib = "\x78\x01";
  zlib += '\x01';  // final block, stored
  zlib += {static_cast<char>(n & 0xFF), static_cast<char>(n >> 8), static_cast<char>(not_n & 0xFF),
           static_cast<char>(not_n >> 8)};
  zlib += row + be32((b << 16) | a);
  return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", zlib) +
         chunk("IEND", "");
}

}  // namespace gate::test_support
