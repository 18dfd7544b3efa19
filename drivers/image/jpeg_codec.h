// JPEG through libjpeg-turbo directly (Debian libjpeg62-turbo), as gated decoded and encoded it
// with OpenCV's imgcodecs before: the same library calls, so the same pixels and the same bytes,
// without mapping imgcodecs' hundreds of shared libraries into gated.
#pragma once

#include <string>
#include <string_view>

#include <opencv2/core.hpp>

#include "rules/result.h"

namespace gate::drivers::image {

// The picture as 8-bit BGR, as cv::imdecode(IMREAD_COLOR) gave it: grey and colour JPEGs
// converted by libjpeg, CMYK/YCCK (Adobe, inverted) converted as OpenCV did, and an EXIF
// orientation (APP1, tag 0x0112) applied to the pixels. A JPEG that ends early decodes with a grey
// tail, as it did (libjpeg warns, OpenCV ignored the warning). Errors carry libjpeg's message.
Result<cv::Mat> decode_jpeg_bgr(std::string_view jpeg);

// Decodes the whole picture at an eighth of its size in grey (what
// cv::imdecode(IMREAD_REDUCED_GRAYSCALE_8) did), one row at a time: whether it decodes, at a small
// fraction of a full decode's memory and time.
Status check_jpeg_decodes(std::string_view jpeg);

// 8-bit BGR `image` as a baseline JPEG at `quality` (1..100), 4:2:0, as
// cv::imencode(".jpg", image, {IMWRITE_JPEG_QUALITY, quality}) wrote it.
Result<std::string> encode_jpeg(const cv::Mat& bgr, int quality);

}  // namespace gate::drivers::image
