// PNG decoding with libpng: see png_decode.h.
//
// libpng reports errors through the error function, which must not return: it longjmps back to
// the setjmp of the call. Everything that owns memory lives in the Reader made before setjmp.
#include "drivers/image/png_decode.h"

#include <csetjmp>
#include <cstring>
#include <string>
#include <vector>

#include <png.h>

namespace gate::drivers::image {
namespace {

struct Reader {
  png_structp png = nullptr;
  png_infop info = nullptr;
  std::string_view data;
  std::size_t pos = 0;
  std::string message;
  std::vector<unsigned char> row;
  std::vector<png_bytep> rows;
  cv::Mat pixels;
  explicit Reader(std::string_view bytes) : data(bytes) {}
  ~Reader() { png_destroy_read_struct(&png, info != nullptr ? &info : nullptr, nullptr); }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;
};

void on_error(png_structp png, png_const_charp message) {
  auto* r = static_cast<Reader*>(png_get_error_ptr(png));
  r->message = message;
  png_longjmp(png, 1);
}

void on_warning(png_structp, png_const_charp) {}

void read_bytes(png_structp png, png_bytep out, png_size_t n) {
  auto* r = static_cast<Reader*>(png_get_io_ptr(png));
  if (n > r->data.size() - r->pos) png_error(png, "the PNG ends early");
  std::memcpy(out, r->data.data() + r->pos, n);
  r->pos += n;
}

// The header and OpenCV's IMREAD_COLOR transforms; returns the number of interlace passes.
int start(Reader& r) {
  png_set_read_fn(r.png, &r, read_bytes);
  png_read_info(r.png, r.info);
  const int depth = png_get_bit_depth(r.png, r.info);
  const int type = png_get_color_type(r.png, r.info);
  if (depth > 8) png_set_strip_16(r.png);
  png_set_strip_alpha(r.png);
  if (type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(r.png);
  if ((type & PNG_COLOR_MASK_COLOR) == 0 && depth < 8) png_set_expand_gray_1_2_4_to_8(r.png);
  if ((type & PNG_COLOR_MASK_COLOR) != 0) {
    png_set_bgr(r.png);
  } else {
    png_set_gray_to_rgb(r.png);
  }
  const int passes = png_set_interlace_handling(r.png);
  png_read_update_info(r.png, r.info);
  if (png_get_rowbytes(r.png, r.info) != png_get_image_width(r.png, r.info) * 3) {
    png_error(r.png, "unexpected row layout after conversion to 8-bit BGR");
  }
  return passes;
}

bool create(Reader& r) {
  r.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &r, on_error, on_warning);
  if (r.png == nullptr) return false;
  r.info = png_create_info_struct(r.png);
  return r.info != nullptr;
}

}  // namespace

Result<cv::Mat> decode_png_bgr(std::string_view png) {
  Reader r(png);
  if (!create(r)) return Error{"out of memory"};
  if (setjmp(png_jmpbuf(r.png)) != 0) return Error{r.message};
  start(r);
  const int height = static_cast<int>(png_get_image_height(r.png, r.info));
  r.pixels.create(height, static_cast<int>(png_get_image_width(r.png, r.info)), CV_8UC3);
  r.rows.resize(static_cast<std::size_t>(height));
  for (int y = 0; y < height; ++y) r.rows[static_cast<std::size_t>(y)] = r.pixels.ptr(y);
  png_read_image(r.png, r.rows.data());
  png_read_end(r.png, nullptr);
  return r.pixels;
}

Status check_png_decodes(std::string_view png) {
  Reader r(png);
  if (!create(r)) return Error{"out of memory"};
  if (setjmp(png_jmpbuf(r.png)) != 0) return Error{r.message};
  const int passes = start(r);
  const png_uint_32 height = png_get_image_height(r.png, r.info);
  r.row.resize(png_get_rowbytes(r.png, r.info));
  for (int pass = 0; pass < passes; ++pass) {
    for (png_uint_32 y = 0; y < height; ++y) png_read_row(r.png, r.row.data(), nullptr);
  }
  png_read_end(r.png, nullptr);
  return Status::Ok();
}

}  // namespace gate::drivers::image
