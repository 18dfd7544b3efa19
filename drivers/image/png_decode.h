// PNG through libpng directly (Debian libpng16-16), with the transforms OpenCV's imgcodecs applied
// when gated read PNGs with it, without mapping imgcodecs' hundreds of shared libraries.
#pragma once

#include <string_view>

#include <opencv2/core.hpp>

#include "rules/result.h"

namespace gate::drivers::image {

// The picture as 8-bit BGR, as cv::imdecode(IMREAD_COLOR) gave it: 16-bit samples stripped to
// 8, alpha dropped (not composited), palettes and grey expanded. Errors carry libpng's message
// (a bad CRC, a stream that ends early, ...).
Result<cv::Mat> decode_png_bgr(std::string_view png);

// Decodes every row (and every interlace pass) through one row's buffer and reads to IEND: whether
// the PNG decodes whole, with the memory of one row.
Status check_png_decodes(std::string_view png);

}  // namespace gate::drivers::image
