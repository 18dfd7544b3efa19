#include "rules/image_size.h"

namespace gate::rules {

namespace {

unsigned byte_at(std::string_view b, std::size_t i) {
  return static_cast<unsigned char>(b[i]);
}

int64_t be16(std::string_view b, std::size_t i) {
  return (int64_t{byte_at(b, i)} << 8) | byte_at(b, i + 1);
}

int64_t be32(std::string_view b, std::size_t i) {
  return (be16(b, i) << 16) | be16(b, i + 2);
}

int64_t le32_signed(std::string_view b, std::size_t i) {
  const uint32_t v = byte_at(b, i) | (byte_at(b, i + 1) << 8) | (byte_at(b, i + 2) << 16) |
                     (uint32_t{byte_at(b, i + 3)} << 24);
  return static_cast<int32_t>(v);
}

int64_t le16_signed(std::string_view b, std::size_t i) {
  return static_cast<int16_t>(byte_at(b, i) | (byte_at(b, i + 1) << 8));
}

// Markers SOF0..SOF15 carry the frame header; C4 (DHT), C8 (JPG) and CC (DAC) do not.
bool is_sof(unsigned m) {
  return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

std::optional<ImageSize> jpeg_size(std::string_view b) {
  std::size_t i = 2;  // after SOI
  while (i + 1 < b.size()) {
    if (byte_at(b, i) != 0xFF) return std::nullopt;  // not at a marker: a damaged file
    unsigned m = byte_at(b, i + 1);
    while (m == 0xFF && i + 2 < b.size()) m = byte_at(b, ++i + 1);  // fill bytes
    i += 2;
    if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) continue;  // markers without a segment
    if (m == 0xD9 || m == 0xDA) return std::nullopt;      // end, or scan data before any frame
    if (i + 2 > b.size()) return std::nullopt;
    const std::size_t len = static_cast<std::size_t>(be16(b, i));
    if (len < 2) return std::nullopt;
    if (is_sof(m)) {
      if (len < 7 || i + 7 > b.size()) return std::nullopt;
      return ImageSize{"JPEG", be16(b, i + 5), be16(b, i + 3)};
    }
    i += len;
  }
  return std::nullopt;
}

}  // namespace

std::optional<ImageSize> image_size(std::string_view b) {
  if (b.size() >= 4 && byte_at(b, 0) == 0xFF && byte_at(b, 1) == 0xD8) return jpeg_size(b);
  if (b.size() >= 24 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8) &&
      b.substr(12, 4) == "IHDR") {
    return ImageSize{"PNG", be32(b, 16), be32(b, 20)};
  }
  if (b.size() >= 26 && b.substr(0, 2) == "BM") {
    const int64_t header = le32_signed(b, 14);
    if (header == 12) return ImageSize{"BMP", le16_signed(b, 18), le16_signed(b, 20)};
    int64_t height = le32_signed(b, 22);
    if (height < 0) height = -height;  // a top-down bitmap
    return ImageSize{"BMP", le32_signed(b, 18), height};
  }
  return std::nullopt;
}

Status check_image_size(std::string_view bytes, int64_t max_side, int64_t max_pixels) {
  const auto size = image_size(bytes);
  if (!size) return Status::Ok();
  const std::string dims = std::to_string(size->width) + "x" + std::to_string(size->height);
  if (size->width <= 0 || size->height <= 0) {
    return Error{"the " + size->format + " header declares a size of " + dims};
  }
  if (size->width > max_side || size->height > max_side ||
      size->width * size->height > max_pixels) {
    return Error{"the " + size->format + " header declares " + dims + " pixels, more than the " +
                 std::to_string(max_side) + " a side and " + std::to_string(max_pixels / 1000000) +
                 " million in all that are accepted"};
  }
  return Status::Ok();
}

}  // namespace gate::rules
