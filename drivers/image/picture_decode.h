// Camera pictures and passage photos decoded in gated without OpenCV's imgcodecs, whose Debian
// build maps some 280 shared libraries (GDAL, FFmpeg, OpenEXR, ...): JPEG with libjpeg-turbo,
// PNG with libpng, BMP in the project. These are the formats rules/image_header.h reads, the only
// ones a camera's picture is taken in (plate_event.h), so the only ones a passage photo has.
#pragma once

#include <string_view>

#include <opencv2/core.hpp>

#include "rules/result.h"

namespace gate::drivers::image {

// The picture as 8-bit BGR (as cv::imdecode(IMREAD_COLOR) gave it). Errors: not a JPEG, PNG or
// BMP; or the decoder's reason.
Result<cv::Mat> decode_picture_bgr(std::string_view bytes);

// Whether the whole picture decodes, at the least cost the format allows (JPEG at an eighth of its
// size in grey, PNG a row at a time). Errors as decode_picture_bgr's.
Status check_picture_decodes(std::string_view bytes);

}  // namespace gate::drivers::image
