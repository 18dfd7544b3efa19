#include "drivers/caption/caption_writer.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ft.h>
#include <hb.h>

#include <algorithm>
#include <stdexcept>

namespace gate::caption {

struct CaptionWriter::Face {
  FT_Library library = nullptr;
  FT_Face face = nullptr;
  hb_font_t* font = nullptr;
  ~Face() {
    if (font) hb_font_destroy(font);
    if (face) FT_Done_Face(face);
    if (library) FT_Done_FreeType(library);
  }
};

namespace {

bool is_simplified_chinese(FT_Face face) {
  const std::string family = face->family_name ? face->family_name : "";
  return family.size() > 3 && family.compare(family.size() - 3, 3, " SC") == 0;
}

// The face of a collection that plates are written in: its Simplified Chinese member when it
// has one (Noto's .ttc starts with the Japanese one), else its first.
FT_Error open_face(FT_Library library, const std::string& path, FT_Face* out) {
  if (FT_Error e = FT_New_Face(library, path.c_str(), 0, out)) return e;
  const FT_Long faces = (*out)->num_faces;
  for (FT_Long i = 1; i < faces && !is_simplified_chinese(*out); ++i) {
    FT_Face candidate = nullptr;
    if (FT_New_Face(library, path.c_str(), i, &candidate) != 0) continue;
    if (is_simplified_chinese(candidate)) {
      FT_Done_Face(*out);
      *out = candidate;
    } else {
      FT_Done_Face(candidate);
    }
  }
  return 0;
}

// Coverage 0..255 of the glyph bitmap's pixel (row, col), for anti-aliased and 1-bit glyphs.
int coverage(const FT_Bitmap& bm, unsigned row, unsigned col) {
  const unsigned char* line = bm.buffer + static_cast<std::ptrdiff_t>(row) * bm.pitch;
  if (bm.pixel_mode == FT_PIXEL_MODE_MONO) return (line[col / 8] >> (7 - col % 8)) & 1 ? 255 : 0;
  return line[col];
}

void blend_glyph(cv::Mat& image, const FT_Bitmap& bm, int left, int top, const cv::Scalar& colour) {
  const int channels = image.channels();
  const int row_begin = std::max(0, -top);
  const int row_end = std::min<int>(bm.rows, image.rows - top);
  const int col_begin = std::max(0, -left);
  const int col_end = std::min<int>(bm.width, image.cols - left);
  for (int r = row_begin; r < row_end; ++r) {
    unsigned char* px = image.ptr<unsigned char>(top + r);
    for (int c = col_begin; c < col_end; ++c) {
      const int a = coverage(bm, r, c);
      if (a == 0) continue;
      unsigned char* p = px + static_cast<std::ptrdiff_t>(left + c) * channels;
      for (int k = 0; k < channels; ++k) {
        const int ink = cv::saturate_cast<unsigned char>(colour[std::min(k, 3)]);
        p[k] = static_cast<unsigned char>((p[k] * (255 - a) + ink * a + 127) / 255);
      }
    }
  }
}

}  // namespace

CaptionWriter::CaptionWriter(std::string font_path, std::unique_ptr<Face> face)
    : font_path_(std::move(font_path)), face_(std::move(face)) {
  family_ = face_->face->family_name ? face_->face->family_name : "";
}

CaptionWriter::~CaptionWriter() = default;

Result<std::unique_ptr<CaptionWriter>> CaptionWriter::Load(const std::string& font_path,
                                                           int pixel_height) {
  auto f = std::make_unique<Face>();
  if (FT_Init_FreeType(&f->library) != 0) return Error{"FreeType could not be initialised"};
  if (FT_Error e = open_face(f->library, font_path, &f->face)) {
    return Error{"font " + font_path + " cannot be opened (FreeType error " + std::to_string(e) +
                 "); give a TrueType/OpenType font file with Chinese glyphs"};
  }
  if (FT_Set_Pixel_Sizes(f->face, 0, static_cast<FT_UInt>(pixel_height)) != 0) {
    return Error{"font " + font_path + " has no size " + std::to_string(pixel_height) +
                 " px; give a scalable (TrueType/OpenType) font"};
  }
  f->font = hb_ft_font_create_referenced(f->face);
  return std::unique_ptr<CaptionWriter>(new CaptionWriter(font_path, std::move(f)));
}

int CaptionWriter::draw(cv::Mat& image, std::string_view utf8, cv::Point origin,
                        const cv::Scalar& colour) const {
  if (image.depth() != CV_8U || image.channels() > 4)
    throw std::invalid_argument("CaptionWriter::draw: image must be 8-bit with 1 to 4 channels");
  const std::lock_guard lock(mutex_);
  hb_buffer_t* buf = hb_buffer_create();
  hb_buffer_add_utf8(buf, utf8.data(), static_cast<int>(utf8.size()), 0, -1);
  hb_buffer_guess_segment_properties(buf);
  hb_shape(face_->font, buf, nullptr, 0);
  unsigned int n = 0;
  const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &n);
  const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buf, &n);
  // Pen position in 26.6 fixed point, as HarfBuzz's positions are.
  long pen_x = static_cast<long>(origin.x) * 64;
  long pen_y = static_cast<long>(origin.y) * 64;
  for (unsigned int i = 0; i < n; ++i) {
    if (FT_Load_Glyph(face_->face, info[i].codepoint, FT_LOAD_RENDER) == 0) {
      const FT_GlyphSlot slot = face_->face->glyph;
      const int left = static_cast<int>((pen_x + pos[i].x_offset + 32) >> 6) + slot->bitmap_left;
      const int top = static_cast<int>((pen_y - pos[i].y_offset + 32) >> 6) - slot->bitmap_top;
      blend_glyph(image, slot->bitmap, left, top, colour);
    }
    pen_x += pos[i].x_advance;
    pen_y -= pos[i].y_advance;
  }
  hb_buffer_destroy(buf);
  return static_cast<int>((pen_x + 32) / 64) - origin.x;
}

}  // namespace gate::caption
