// The size of a picture (a camera's, or a scanned ledger document) read from its header, before
// anything is decoded: a small file can claim a huge picture (a PNG "decompression bomb" of 250 KB
// unpacks to hundreds of MB), so the claim is checked against a limit first. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "rules/result.h"

namespace gate::rules {

struct ImageHeader {
  std::string format;  // "JPEG", "PNG" or "BMP"
  int64_t width = 0;
  int64_t height = 0;
};

struct ImageLimits {
  int64_t max_side = 0;    // pixels, width and height each
  int64_t max_pixels = 0;  // width x height
  const char* what = "";   // for the message: what such a picture is at most
};

// Camera pictures are at most about 4K (3840x2160, 8.3 megapixels); these limits leave room for
// any camera while bounding what one decode may take (40 MP at 3 bytes a pixel is 120 MB).
inline constexpr int64_t kMaxImageSide = 8192;
inline constexpr int64_t kMaxImagePixels = 40'000'000;
inline constexpr ImageLimits kCameraImageLimits{kMaxImageSide, kMaxImagePixels,
                                                "a camera picture is at most about 4K"};
// A scanned document: an A3 page at 600 dpi is 7016x9921 (70 MP); 150 MP at 4 bytes a pixel
// bounds one decode to 600 MB.
inline constexpr ImageLimits kDocumentImageLimits{20000, 150'000'000,
                                                  "an A3 page scanned at 600 dpi is 7016x9921"};

// Width and height from a JPEG's frame header (SOFn), a PNG's IHDR or a BMP's info header.
// Other formats, and headers that end early or give no size, are errors saying so.
Result<ImageHeader> read_image_header(std::string_view bytes);

// Ok when the size is within `limits`; the error names the size and the limit.
Status check_image_size(const ImageHeader& header, const ImageLimits& limits = kCameraImageLimits);

}  // namespace gate::rules
