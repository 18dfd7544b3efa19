// The pixel size an image file declares in its header (JPEG, PNG, BMP), read without decoding
// it. Pure. A decoder allocates what the header declares before it reads any pixel, so a few
// hundred bytes claiming 30000 x 30000 pixels cost gigabytes; the camera events and the ledger's
// document images are checked against a limit here first (found while fuzzing the camera
// events, tests/fuzz/vzenith_event_fuzz).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "rules/result.h"

namespace gate::rules {

struct ImageSize {
  std::string format;  // "JPEG", "PNG", "BMP"
  int64_t width = 0;
  int64_t height = 0;
};

// The declared size, or nullopt when the bytes are none of these formats or the header is cut
// short before the size (a JPEG: before its frame header).
std::optional<ImageSize> image_size(std::string_view bytes);

// An error when the image declares more than `max_side` pixels on a side or `max_pixels` in
// all, or a size of 0. Bytes whose size cannot be read pass (the decoder judges them).
Status check_image_size(std::string_view bytes, int64_t max_side, int64_t max_pixels);

}  // namespace gate::rules
