// Small images made at test time with OpenCV (no binary files in the repository): a JPEG or
// PNG of a w×h gradient whose `seed` makes the bytes, and so the SHA-256, differ.
#pragma once

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

}  // namespace gate::test_support
