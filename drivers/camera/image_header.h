// The size of a camera picture read from its header, before anything is decoded: a small file
// can claim a huge picture (a PNG "decompression bomb" of 250 KB unpacks to hundreds of MB), so
// the claim is checked against a limit first. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "rules/result.h"

namespace gate::drivers {

struct ImageHeader {
  std::string format;  // "JPEG", "PNG" or "BMP"
  int64_t width = 0;
  int64_t height = 0;
};

// Camera pictures are at most about 4K (3840x2160, 8.3 megapixels); these limits leave room for
// any camera while bounding what one decode may take (40 MP at 3 bytes a pixel is 120 MB).
inline constexpr int64_t kMaxImageSide = 8192;
inline constexpr int64_t kMaxImagePixels = 40'000'000;

// Width and height from a JPEG's frame header (SOFn), a PNG's IHDR or a BMP's info header.
// Other formats, and headers that end early or give no size, are errors saying so.
Result<ImageHeader> read_image_header(std::string_view bytes);

// Ok when the size is within the limits above; the error names the size and the limit.
Status check_image_size(const ImageHeader& header);

}  // namespace gate::drivers
