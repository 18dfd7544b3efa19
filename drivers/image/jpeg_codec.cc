// JPEG decoding and encoding with libjpeg: see jpeg_codec.h.
//
// libjpeg reports errors through error_exit, which must not return: it longjmps back to the
// setjmp of the call that started the work. Everything that owns memory lives in the Decoder or
// Encoder object made before setjmp, so nothing is left undestroyed by the jump.
#include "drivers/image/jpeg_codec.h"

#include <csetjmp>
#include <cstdio>  // jpeglib.h needs FILE
#include <cstdlib>
#include <vector>

#include <jpeglib.h>

#include "drivers/image/exif_orientation.h"

namespace gate::drivers::image {
namespace {

struct ErrorManager {
  jpeg_error_mgr mgr{};
  std::jmp_buf jump{};
  char message[JMSG_LENGTH_MAX] = {};
};

void on_error(j_common_ptr cinfo) {
  auto* errors = reinterpret_cast<ErrorManager*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, errors->message);
  std::longjmp(errors->jump, 1);
}

// Warnings (a file that ends early, a corrupt segment) are not errors, as they were not to OpenCV.
void on_message(j_common_ptr, int) {}

void install(ErrorManager& errors) {
  jpeg_std_error(&errors.mgr);
  errors.mgr.error_exit = on_error;
  errors.mgr.emit_message = on_message;
}

struct Decoder {
  jpeg_decompress_struct cinfo{};
  ErrorManager errors;
  std::vector<unsigned char> row;
  cv::Mat pixels;
  int orientation = 1;  // EXIF; read before finishing, which frees the saved markers
  Decoder() {
    install(errors);
    cinfo.err = &errors.mgr;
    jpeg_create_decompress(&cinfo);
  }
  ~Decoder() { jpeg_destroy_decompress(&cinfo); }
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;
};

void start(Decoder& d, std::string_view jpeg) {
  jpeg_mem_src(&d.cinfo, reinterpret_cast<const unsigned char*>(jpeg.data()),
               static_cast<unsigned long>(jpeg.size()));
  jpeg_save_markers(&d.cinfo, JPEG_APP0 + 1, 0xffff);
  jpeg_read_header(&d.cinfo, TRUE);
}

// Adobe's inverted CMYK to BGR, OpenCV's icvCvt_CMYK2BGR_8u_C4C3R.
void cmyk_row_to_bgr(const unsigned char* cmyk, unsigned char* bgr, int width) {
  for (int i = 0; i < width; ++i, cmyk += 4, bgr += 3) {
    const int k = cmyk[3];
    bgr[2] = static_cast<unsigned char>(k - ((255 - cmyk[0]) * k >> 8));
    bgr[1] = static_cast<unsigned char>(k - ((255 - cmyk[1]) * k >> 8));
    bgr[0] = static_cast<unsigned char>(k - ((255 - cmyk[2]) * k >> 8));
  }
}

int orientation_of(const jpeg_decompress_struct& cinfo) {
  for (jpeg_saved_marker_ptr m = cinfo.marker_list; m != nullptr; m = m->next) {
    if (m->marker != JPEG_APP0 + 1) continue;
    const int o =
        exif_orientation(std::string_view(reinterpret_cast<const char*>(m->data), m->data_length));
    if (o != 0) return o;
  }
  return 1;
}

// Between setjmp and the end of the decode: only Decoder's members hold memory.
void decode_rows(Decoder& d) {
  const bool cmyk = d.cinfo.num_components == 4;
  d.cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_EXT_BGR;
  jpeg_start_decompress(&d.cinfo);
  const int width = static_cast<int>(d.cinfo.output_width);
  d.pixels.create(static_cast<int>(d.cinfo.output_height), width, CV_8UC3);
  d.row.resize(static_cast<std::size_t>(width) * 4);
  while (d.cinfo.output_scanline < d.cinfo.output_height) {
    unsigned char* out = d.pixels.ptr(static_cast<int>(d.cinfo.output_scanline));
    JSAMPROW target = cmyk ? d.row.data() : out;
    jpeg_read_scanlines(&d.cinfo, &target, 1);
    if (cmyk) cmyk_row_to_bgr(d.row.data(), out, width);
  }
  d.orientation = orientation_of(d.cinfo);
  jpeg_finish_decompress(&d.cinfo);
}

struct Encoder {
  jpeg_compress_struct cinfo{};
  ErrorManager errors;
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  Encoder() {
    install(errors);
    cinfo.err = &errors.mgr;
    jpeg_create_compress(&cinfo);
  }
  ~Encoder() {
    jpeg_destroy_compress(&cinfo);
    std::free(buffer);
  }
  Encoder(const Encoder&) = delete;
  Encoder& operator=(const Encoder&) = delete;
};

void encode_rows(Encoder& e, const cv::Mat& bgr, int quality) {
  jpeg_mem_dest(&e.cinfo, &e.buffer, &e.size);
  e.cinfo.image_width = static_cast<JDIMENSION>(bgr.cols);
  e.cinfo.image_height = static_cast<JDIMENSION>(bgr.rows);
  e.cinfo.input_components = 3;
  e.cinfo.in_color_space = JCS_EXT_BGR;
  jpeg_set_defaults(&e.cinfo);
  jpeg_set_quality(&e.cinfo, quality, TRUE);
  jpeg_start_compress(&e.cinfo, TRUE);
  while (e.cinfo.next_scanline < e.cinfo.image_height) {
    JSAMPROW row = const_cast<unsigned char*>(bgr.ptr(static_cast<int>(e.cinfo.next_scanline)));
    jpeg_write_scanlines(&e.cinfo, &row, 1);
  }
  jpeg_finish_compress(&e.cinfo);
}

}  // namespace

Result<cv::Mat> decode_jpeg_bgr(std::string_view jpeg) {
  Decoder d;
  if (setjmp(d.errors.jump) != 0) return Error{std::string(d.errors.message)};
  start(d, jpeg);
  decode_rows(d);
  return apply_exif_orientation(d.pixels, d.orientation);
}

Status check_jpeg_decodes(std::string_view jpeg) {
  Decoder d;
  if (setjmp(d.errors.jump) != 0) return Error{std::string(d.errors.message)};
  start(d, jpeg);
  d.cinfo.scale_num = 1;
  d.cinfo.scale_denom = 8;
  // libjpeg cannot turn CMYK into grey: OpenCV read such pictures as CMYK, and so does this.
  d.cinfo.out_color_space = d.cinfo.num_components == 4 ? JCS_CMYK : JCS_GRAYSCALE;
  jpeg_start_decompress(&d.cinfo);
  d.row.resize(static_cast<std::size_t>(d.cinfo.output_width) *
               static_cast<std::size_t>(d.cinfo.output_components));
  while (d.cinfo.output_scanline < d.cinfo.output_height) {
    JSAMPROW target = d.row.data();
    jpeg_read_scanlines(&d.cinfo, &target, 1);
  }
  jpeg_finish_decompress(&d.cinfo);
  return Status::Ok();
}

Result<std::string> encode_jpeg(const cv::Mat& bgr, int quality) {
  if (bgr.type() != CV_8UC3 || bgr.empty()) return Error{"only 8-bit BGR pictures are encoded"};
  Encoder e;
  if (setjmp(e.errors.jump) != 0) return Error{std::string(e.errors.message)};
  encode_rows(e, bgr, quality);
  return std::string(reinterpret_cast<const char*>(e.buffer), e.size);
}

}  // namespace gate::drivers::image
