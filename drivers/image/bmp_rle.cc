// RLE8 and RLE4 BMP pixel data: see bmp_rle.h.
#include "drivers/image/bmp_rle.h"

#include <algorithm>

namespace gate::drivers::image {
namespace {

// Where the next pixel goes, moving as OpenCV's BMP decoder moved: a run or literal that ends at
// its row's end goes on at the next row's start, and an end-of-line right after such a wrap is
// ignored; a delta moves on by dy rows and dx pixels, wrapping like a run.
class RleCursor {
 public:
  RleCursor(const BmpPalette& palette, cv::Mat& image, bool bottom_up)
      : palette_(palette), image_(image), bottom_up_(bottom_up) {}
  bool done() const { return y_ >= image_.rows; }
  bool fits(int n) const { return n <= image_.cols - x_; }
  void put(int index) {
    uint8_t* p = image_.ptr(bottom_up_ ? image_.rows - 1 - y_ : y_) + x_ * 3;
    const auto& c = palette_[static_cast<std::size_t>(index)];
    p[0] = c[0];
    p[1] = c[1];
    p[2] = c[2];
    ++x_;
  }
  void end_of_run() {
    wrapped_ = x_ == image_.cols;
    if (wrapped_) next_row();
  }
  void end_of_line() {
    if (wrapped_ && x_ == 0) {
      wrapped_ = false;
      return;
    }
    next_row();
    wrapped_ = true;
  }
  void skip(int dx, int dy) {
    const int64_t at = (int64_t{y_} + dy) * image_.cols + x_ + dx;
    const int y = static_cast<int>(std::min<int64_t>(at / image_.cols, image_.rows));
    wrapped_ = y != y_;
    y_ = y;
    x_ = static_cast<int>(at % image_.cols);
  }

 private:
  void next_row() {
    x_ = 0;
    ++y_;
  }
  const BmpPalette& palette_;
  cv::Mat& image_;
  bool bottom_up_;
  int x_ = 0;
  int y_ = 0;
  bool wrapped_ = false;  // the last step ended its row
};

// The i-th pixel's palette index in a byte string of `bits`-bit indices.
int index_at(std::string_view bytes, std::size_t start, int i, int bits) {
  const auto byte = static_cast<uint8_t>(bytes[start + static_cast<std::size_t>(i * bits / 8)]);
  return bits == 8 ? byte : (i % 2 == 0 ? byte >> 4 : byte & 0x0f);
}

}  // namespace

Status expand_bmp_rle(std::string_view data, int bits, const BmpPalette& palette, cv::Mat& image,
                      bool bottom_up) {
  RleCursor at(palette, image, bottom_up);
  std::size_t pos = 0;
  while (!at.done()) {
    if (data.size() - pos < 2) return Error{"the RLE data ends early"};
    const int count = static_cast<uint8_t>(data[pos]);
    const int code = static_cast<uint8_t>(data[pos + 1]);
    pos += 2;
    if (count > 0) {  // a run: `count` pixels of the colour(s) in `code`
      if (!at.fits(count)) return Error{"an RLE run leaves its row"};
      for (int i = 0; i < count; ++i)
        at.put(bits == 8 ? code : (i % 2 == 0 ? code >> 4 : code & 15));
      at.end_of_run();
    } else if (code == 0) {
      at.end_of_line();
    } else if (code == 1) {
      return Status::Ok();  // end of bitmap
    } else if (code == 2) {
      if (data.size() - pos < 2) return Error{"the RLE data ends early"};
      at.skip(static_cast<uint8_t>(data[pos]), static_cast<uint8_t>(data[pos + 1]));
      pos += 2;
    } else {  // literal: `code` pixels, padded to 16 bits
      const std::size_t bytes =
          (static_cast<std::size_t>(code) * static_cast<std::size_t>(bits) + 15) / 16 * 2;
      if (data.size() - pos < bytes) return Error{"the RLE data ends early"};
      if (!at.fits(code)) return Error{"RLE literal pixels leave their row"};
      for (int i = 0; i < code; ++i) at.put(index_at(data, pos, i, bits));
      at.end_of_run();
      pos += bytes;
    }
  }
  return Status::Ok();
}

}  // namespace gate::drivers::image
