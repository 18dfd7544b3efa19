// EXIF orientation: see exif_orientation.h.
#include "drivers/image/exif_orientation.h"

#include <cstdint>

namespace gate::drivers::image {
namespace {

constexpr uint16_t kOrientationTag = 0x0112;
constexpr uint16_t kShortType = 3;

class TiffReader {
 public:
  TiffReader(std::string_view tiff, bool little_endian) : b_(tiff), le_(little_endian) {}
  bool has(std::size_t at, std::size_t n) const { return at <= b_.size() && n <= b_.size() - at; }
  uint16_t u16(std::size_t at) const {
    const auto x = static_cast<uint8_t>(b_[at]), y = static_cast<uint8_t>(b_[at + 1]);
    return static_cast<uint16_t>(le_ ? (y << 8 | x) : (x << 8 | y));
  }
  uint32_t u32(std::size_t at) const {
    const uint32_t hi = u16(at), lo = u16(at + 2);
    return le_ ? (lo << 16 | hi) : (hi << 16 | lo);
  }

 private:
  std::string_view b_;
  bool le_;
};

}  // namespace

int exif_orientation(std::string_view app1) {
  constexpr std::string_view kExif("Exif\0\0", 6);
  if (app1.substr(0, kExif.size()) != kExif) return 0;
  const std::string_view tiff = app1.substr(kExif.size());
  if (tiff.size() < 8) return 0;
  const bool le = tiff.substr(0, 2) == "II";
  if (!le && tiff.substr(0, 2) != "MM") return 0;
  const TiffReader r(tiff, le);
  const std::size_t ifd = r.u32(4);
  if (!r.has(ifd, 2)) return 0;
  const int entries = r.u16(ifd);
  for (int i = 0; i < entries; ++i) {
    const std::size_t e = ifd + 2 + static_cast<std::size_t>(i) * 12;
    if (!r.has(e, 12)) return 0;
    if (r.u16(e) != kOrientationTag) continue;
    if (r.u16(e + 2) != kShortType) return 0;
    const int value = r.u16(e + 8);
    return value >= 1 && value <= 8 ? value : 0;
  }
  return 0;
}

cv::Mat apply_exif_orientation(cv::Mat image, int orientation) {
  switch (orientation) {
    case 2:  // mirrored left-right
      cv::flip(image, image, 1);
      break;
    case 3:  // upside down
      cv::flip(image, image, -1);
      break;
    case 4:  // mirrored top-bottom
      cv::flip(image, image, 0);
      break;
    case 5:
      cv::transpose(image, image);
      break;
    case 6:  // turned 90° clockwise to view
      cv::transpose(image, image);
      cv::flip(image, image, 1);
      break;
    case 7:
      cv::transpose(image, image);
      cv::flip(image, image, -1);
      break;
    case 8:  // turned 90° anticlockwise to view
      cv::transpose(image, image);
      cv::flip(image, image, 0);
      break;
    default:
      break;
  }
  return image;
}

}  // namespace gate::drivers::image
