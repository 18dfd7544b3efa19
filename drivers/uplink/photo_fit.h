// A passage photo made to fit a platform's size limit (docs/platform-profiles.md, photos): a JPEG
// at most `max_bytes` long, re-encoded at lower quality and then smaller sizes only when it does
// not fit as it is, and written as a data URI (inline photo fields) or bare base64.
#pragma once

#include <string>

#include "rules/result.h"

namespace gate::drivers::uplink {

// The JPEG bytes of `image` (a JPEG, PNG or BMP, the formats a camera's picture is taken in;
// drivers/image/picture_decode.h) in at most `max_bytes`: unchanged when it
// is a JPEG that fits; else quality 85, 70, 55, 40, then each at three quarters of the size,
// down to 64 pixels wide. Errors: not an image; cannot fit even so.
Result<std::string> fit_jpeg(const std::string& image, int max_bytes);

// The bytes in base64 (RFC 4648, padded, no line breaks).
std::string jpeg_base64(const std::string& jpeg);
// "data:image/jpeg;base64,<bytes>".
std::string jpeg_data_uri(const std::string& jpeg);

}  // namespace gate::drivers::uplink
