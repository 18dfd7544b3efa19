// Run-length encoded BMP pixel data (RLE8, RLE4), expanded into a BGR image. Part of bmp_decode.h.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include <opencv2/core.hpp>

#include "rules/result.h"

namespace gate::drivers::image {

using BmpPalette = std::array<std::array<uint8_t, 3>, 256>;  // B, G, R

// Expands `data` (from the pixel offset on) into `image` (8-bit BGR, already the bitmap's size and
// filled with the colour skipped pixels keep). `bits` is 8 (RLE8) or 4 (RLE4); `bottom_up` as the
// header's positive height says. Done at the end-of-bitmap mark or once past the last row (a
// delta may get there). Errors: a run or literal longer than what is left of its row, data that
// ends before it is done.
Status expand_bmp_rle(std::string_view data, int bits, const BmpPalette& palette, cv::Mat& image,
                      bool bottom_up);

}  // namespace gate::drivers::image
