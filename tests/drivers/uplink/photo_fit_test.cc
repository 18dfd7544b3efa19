// Photos fitted to a platform's limit: a JPEG that fits goes as it is; a large one comes back as
// a JPEG within the limit; a PNG becomes a JPEG; what is no image, or cannot fit, is an error.
#include "drivers/uplink/photo_fit.h"

#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <vector>

namespace gate::drivers::uplink {
namespace {

std::string encoded(const char* ext, int w, int h) {
  cv::Mat img(h, w, CV_8UC3);
  cv::randu(img, cv::Scalar::all(0), cv::Scalar::all(255));
  std::vector<uchar> out;
  cv::imencode(ext, img, out);
  return std::string(out.begin(), out.end());
}

bool is_jpeg(const std::string& b) {
  return b.size() > 2 && static_cast<unsigned char>(b[0]) == 0xFF &&
         static_cast<unsigned char>(b[1]) == 0xD8;
}

TEST(PhotoFit, AJpegThatFitsGoesAsItIs) {
  const std::string small = encoded(".jpg", 64, 48);
  auto r = fit_jpeg(small, 200000);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value(), small);
}

TEST(PhotoFit, ALargePhotoComesBackWithinTheLimit) {
  const std::string big = encoded(".jpg", 1280, 960);
  ASSERT_GT(big.size(), 500000u);
  for (int limit : {204800, 20480}) {
    auto r = fit_jpeg(big, limit);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_LE(static_cast<int>(r.value().size()), limit);
    EXPECT_TRUE(is_jpeg(r.value()));
  }
}

TEST(PhotoFit, APngBecomesAJpeg) {
  auto r = fit_jpeg(encoded(".png", 64, 48), 200000);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_TRUE(is_jpeg(r.value()));
}

TEST(PhotoFit, NoImageOrNoWayToFitIsAnError) {
  auto garbage = fit_jpeg("not an image at all", 200000);
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.error(), "the photo does not decode as an image");
  auto tiny = fit_jpeg(encoded(".jpg", 640, 480), 100);
  ASSERT_FALSE(tiny.ok());
  EXPECT_EQ(tiny.error(), "the photo does not fit in 100 bytes");
}

// What fit_jpeg did with OpenCV's imgcodecs, which gated no longer links: the reference the
// libjpeg/libpng version must match byte for byte (same library, same calls, same resizing).
std::string fit_with_imgcodecs(const std::string& image, int max_bytes) {
  cv::Mat img = cv::imdecode(std::vector<uchar>(image.begin(), image.end()), cv::IMREAD_COLOR);
  std::vector<uchar> out;
  while (img.cols >= 64) {
    for (int quality : {85, 70, 55, 40}) {
      cv::imencode(".jpg", img, out, {cv::IMWRITE_JPEG_QUALITY, quality});
      if (static_cast<int>(out.size()) <= max_bytes) return std::string(out.begin(), out.end());
    }
    cv::resize(img, img, cv::Size(), 0.75, 0.75, cv::INTER_AREA);
  }
  return "";
}

TEST(PhotoFit, TheBytesAreThoseImgcodecsWrote) {
  cv::Mat scene(960, 1280, CV_8UC3);
  cv::randu(scene, cv::Scalar::all(0), cv::Scalar::all(255));
  cv::GaussianBlur(scene, scene, {7, 7}, 2);  // compresses like a photo, so every step is tried
  for (const char* ext : {".jpg", ".png", ".bmp"}) {
    std::vector<uchar> buf;
    cv::imencode(ext, scene, buf);
    const std::string image(buf.begin(), buf.end());
    for (int limit : {150000, 40000, 8000}) {
      auto r = fit_jpeg(image, limit);
      ASSERT_TRUE(r.ok()) << ext << " " << limit << ": " << r.error();
      EXPECT_EQ(r.value(), fit_with_imgcodecs(image, limit)) << ext << " " << limit;
    }
  }
}

TEST(PhotoFit, ADataUriHoldsTheBytesInBase64) {
  EXPECT_EQ(jpeg_data_uri(std::string("\xFF\xD8\xFF", 3)), "data:image/jpeg;base64,/9j/");
  EXPECT_EQ(jpeg_data_uri("ab"), "data:image/jpeg;base64,YWI=");
}

}  // namespace
}  // namespace gate::drivers::uplink
