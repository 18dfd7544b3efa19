#include "rules/image_header.h"

#include <cstdio>

namespace gate::rules {
namespace {

uint32_t be16(std::string_view b, std::size_t at) {
  return static_cast<uint32_t>(static_cast<unsigned char>(b[at])) << 8 |
         static_cast<unsigned char>(b[at + 1]);
}

uint32_t be32(std::string_view b, std::size_t at) {
  return be16(b, at) << 16 | be16(b, at + 2);
}

uint32_t le32(std::string_view b, std::size_t at) {
  uint32_t v = 0;
  for (int k = 3; k >= 0; --k) v = v << 8 | static_cast<unsigned char>(b[at + k]);
  return v;
}

std::string first_bytes(std::string_view b) {
  std::string out;
  for (std::size_t i = 0; i < b.size() && i < 4; ++i) {
    char hex[4];
    std::snprintf(hex, sizeof hex, "%02x", static_cast<unsigned>(static_cast<unsigned char>(b[i])));
    out += (i == 0 ? "" : " ") + std::string(hex);
  }
  return out.empty() ? "nothing" : out;
}

// Start-of-frame markers: C0–CF except DHT (C4), JPG (C8) and DAC (CC).
bool is_start_of_frame(unsigned char marker) {
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

Result<ImageHeader> jpeg_header(std::string_view b) {
  std::size_t at = 2;  // after SOI
  while (at + 4 <= b.size()) {
    if (static_cast<unsigned char>(b[at]) != 0xFF) {
      return Error{"JPEG has no marker at byte " + std::to_string(at)};
    }
    const auto marker = static_cast<unsigned char>(b[at + 1]);
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // no length follows
      at += 2;
      continue;
    }
    if (marker == 0xDA || marker == 0xD9) break;  // scan or end before any frame header
    const std::size_t length = be16(b, at + 2);
    if (is_start_of_frame(marker)) {
      if (length < 7 || at + 9 > b.size()) break;
      ImageHeader h{"JPEG", be16(b, at + 7), be16(b, at + 5)};
      if (h.width == 0 || h.height == 0) return Error{"JPEG frame header gives no size"};
      return h;
    }
    if (length < 2) return Error{"JPEG segment at byte " + std::to_string(at) + " is malformed"};
    at += 2 + length;
  }
  return Error{"JPEG ends before its frame header (truncated?)"};
}

Result<ImageHeader> png_header(std::string_view b) {
  // Signature (8), IHDR length (4) and type (4), width (4), height (4).
  if (b.size() < 24 || b.substr(12, 4) != "IHDR") return Error{"PNG has no IHDR header"};
  ImageHeader h{"PNG", be32(b, 16), be32(b, 20)};
  if (h.width == 0 || h.height == 0) return Error{"PNG header gives no size"};
  return h;
}

Result<ImageHeader> bmp_header(std::string_view b) {
  if (b.size() < 26) return Error{"BMP ends before its info header"};
  const uint32_t info_size = le32(b, 14);
  ImageHeader h{"BMP", 0, 0};
  if (info_size == 12) {  // BITMAPCOREHEADER: 16-bit width and height
    h.width = static_cast<int64_t>(le32(b, 18) & 0xFFFF);
    h.height = static_cast<int64_t>(le32(b, 18) >> 16);
  } else if (info_size >= 40 && b.size() >= 26) {
    h.width = static_cast<int32_t>(le32(b, 18));
    h.height = static_cast<int32_t>(le32(b, 22));  // negative: rows stored top-down
    if (h.width < 0) return Error{"BMP header gives a negative width"};
    if (h.height < 0) h.height = -h.height;
  } else {
    return Error{"BMP info header of " + std::to_string(info_size) + " bytes is not known"};
  }
  if (h.width == 0 || h.height == 0) return Error{"BMP header gives no size"};
  return h;
}

}  // namespace

Result<ImageHeader> read_image_header(std::string_view b) {
  if (b.size() >= 3 && b.substr(0, 3) == "\xFF\xD8\xFF") return jpeg_header(b);
  if (b.size() >= 8 && b.substr(0, 8) == "\x89PNG\r\n\x1a\n") return png_header(b);
  if (b.size() >= 2 && b.substr(0, 2) == "BM") return bmp_header(b);
  return Error{"not a JPEG, PNG or BMP picture (it starts with " + first_bytes(b) + ")"};
}

Status check_image_size(const ImageHeader& v, const ImageLimits& limits) {
  if (v.width > limits.max_side || v.height > limits.max_side ||
      v.width * v.height > limits.max_pixels) {
    return Error{v.format + " of " + std::to_string(v.width) + "x" + std::to_string(v.height) +
                 " pixels is over the limit of " + std::to_string(limits.max_side) +
                 " pixels a side and " + std::to_string(limits.max_pixels / 1'000'000) +
                 " megapixels (" + limits.what + "); it was not decoded"};
  }
  return Status::Ok();
}

}  // namespace gate::rules
