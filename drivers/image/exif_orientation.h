// A JPEG's EXIF orientation (tag 0x0112 of IFD0 in the APP1 "Exif" segment) and turning the
// pixels upright by it, as OpenCV's imdecode did for every JPEG it decoded in colour.
#pragma once

#include <string_view>

#include <opencv2/core.hpp>

namespace gate::drivers::image {

// The orientation 1..8 an APP1 segment's payload (from "Exif\0\0" on) gives; 0 when it is not
// EXIF or carries no valid orientation. Pure; never reads outside `app1`.
int exif_orientation(std::string_view app1);

// `image` turned by `orientation` (1 or anything unknown: unchanged): OpenCV's
// ApplyExifOrientation (flips and transposes).
cv::Mat apply_exif_orientation(cv::Mat image, int orientation);

}  // namespace gate::drivers::image
