// Fitting photos to a platform's size limit: see photo_fit.h.
#include "drivers/uplink/photo_fit.h"

#include <openssl/evp.h>

#include <opencv2/imgproc.hpp>

#include "drivers/image/jpeg_codec.h"
#include "drivers/image/picture_decode.h"

namespace gate::drivers::uplink {
namespace {

bool is_jpeg(const std::string& b) {
  return b.size() > 3 && static_cast<unsigned char>(b[0]) == 0xFF &&
         static_cast<unsigned char>(b[1]) == 0xD8;
}

}  // namespace

Result<std::string> fit_jpeg(const std::string& image, int max_bytes) {
  if (is_jpeg(image) && static_cast<int>(image.size()) <= max_bytes) return image;
  auto decoded = image::decode_picture_bgr(image);
  if (!decoded.ok()) return Error{"the photo does not decode as an image"};
  cv::Mat img = std::move(decoded).value();
  while (img.cols >= 64) {
    for (int quality : {85, 70, 55, 40}) {
      auto out = image::encode_jpeg(img, quality);
      if (!out.ok()) return Error{"the photo cannot be encoded as JPEG: " + out.error()};
      if (static_cast<int>(out.value().size()) <= max_bytes) return std::move(out).value();
    }
    // Resizing stays OpenCV's (imgproc, a small library): area averaging, as before.
    cv::resize(img, img, cv::Size(), 0.75, 0.75, cv::INTER_AREA);
  }
  return Error{"the photo does not fit in " + std::to_string(max_bytes) + " bytes"};
}

std::string jpeg_base64(const std::string& jpeg) {
  std::string b64(4 * ((jpeg.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()),
                                reinterpret_cast<const unsigned char*>(jpeg.data()),
                                static_cast<int>(jpeg.size()));
  b64.resize(static_cast<std::size_t>(n));
  return b64;
}

std::string jpeg_data_uri(const std::string& jpeg) {
  return "data:image/jpeg;base64," + jpeg_base64(jpeg);
}

}  // namespace gate::drivers::uplink
