// Decoding by format: see picture_decode.h.
#include "drivers/image/picture_decode.h"

#include "drivers/image/bmp_decode.h"
#include "drivers/image/jpeg_codec.h"
#include "drivers/image/png_decode.h"

namespace gate::drivers::image {
namespace {

enum class Format { kJpeg, kPng, kBmp, kOther };

Format format_of(std::string_view b) {
  // The signatures OpenCV's decoders were chosen by.
  if (b.substr(0, 3) == std::string_view("\xFF\xD8\xFF", 3)) return Format::kJpeg;
  if (b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return Format::kPng;
  if (b.substr(0, 2) == "BM") return Format::kBmp;
  return Format::kOther;
}

constexpr const char* kNotAPicture = "not a JPEG, PNG or BMP picture";

}  // namespace

Result<cv::Mat> decode_picture_bgr(std::string_view bytes) {
  switch (format_of(bytes)) {
    case Format::kJpeg:
      return decode_jpeg_bgr(bytes);
    case Format::kPng:
      return decode_png_bgr(bytes);
    case Format::kBmp:
      return decode_bmp_bgr(bytes);
    case Format::kOther:
      break;
  }
  return Error{kNotAPicture};
}

Status check_picture_decodes(std::string_view bytes) {
  switch (format_of(bytes)) {
    case Format::kJpeg:
      return check_jpeg_decodes(bytes);
    case Format::kPng:
      return check_png_decodes(bytes);
    case Format::kBmp: {
      auto decoded = decode_bmp_bgr(bytes);
      if (!decoded.ok()) return Error{decoded.error()};
      return Status::Ok();
    }
    case Format::kOther:
      break;
  }
  return Error{kNotAPicture};
}

}  // namespace gate::drivers::image
