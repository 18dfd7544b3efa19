// BMP (Windows bitmap) decoded in the project, as OpenCV's imgcodecs decoded it when gated read
// camera pictures with it, without mapping imgcodecs' hundreds of shared libraries. Debian has no
// small BMP library, and the format is simple.
#pragma once

#include <string_view>

#include <opencv2/core.hpp>

#include "rules/result.h"

namespace gate::drivers::image {

// The picture as 8-bit BGR. Takes what OpenCV took: uncompressed 1, 4, 8 (palette), 16 (5-5-5, or
// bit fields 5-5-5 / 5-6-5), 24 and 32 bits a pixel (32: alpha dropped; bit fields by their
// masks), and RLE8 / RLE4 compression; the core (OS/2) header and the Windows info headers (40
// bytes and longer). Bit-field masks are read where the format puts them (offset 54). Refused:
// any other depth or compression, a palette of more than 256 colours, pixel data that ends before
// the last row, and RLE runs longer than what is left of their row. Pixels RLE skips are the
// palette's first colour.
Result<cv::Mat> decode_bmp_bgr(std::string_view bmp);

}  // namespace gate::drivers::image
