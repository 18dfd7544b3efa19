// BMP decoding: see bmp_decode.h.
#include "drivers/image/bmp_decode.h"

#include "drivers/image/bmp_rle.h"

#include <array>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace gate::drivers::image {
namespace {

enum Compression : uint32_t { kRgb = 0, kRle8 = 1, kRle4 = 2, kBitFields = 3 };

struct Colour {
  uint8_t b = 0, g = 0, r = 0;
};

struct Bmp {
  std::string_view bytes;
  int64_t width = 0;
  int64_t height = 0;  // positive: rows stored bottom-up
  int bpp = 0;
  uint32_t compression = kRgb;
  uint32_t offset = 0;  // of the pixel data
  std::array<Colour, 256> palette{};
  std::array<uint32_t, 3> masks{};  // red, green, blue (bit fields)
};

uint32_t le(std::string_view b, std::size_t at, int n) {
  uint32_t v = 0;
  for (int i = n - 1; i >= 0; --i)
    v = v << 8 | static_cast<uint8_t>(b[at + static_cast<std::size_t>(i)]);
  return v;
}

Status read_palette(Bmp& bmp, std::size_t at, uint32_t colours, int entry_bytes) {
  if (colours > 256) return Error{"a palette of " + std::to_string(colours) + " colours"};
  if (at + std::size_t{colours} * static_cast<std::size_t>(entry_bytes) > bmp.bytes.size())
    return Error{"the file ends in its palette"};
  for (uint32_t i = 0; i < colours; ++i) {
    const std::size_t e = at + i * static_cast<std::size_t>(entry_bytes);
    bmp.palette[i] = {static_cast<uint8_t>(bmp.bytes[e]), static_cast<uint8_t>(bmp.bytes[e + 1]),
                      static_cast<uint8_t>(bmp.bytes[e + 2])};
  }
  return Status::Ok();
}

bool known_layout(int bpp, uint32_t compression) {
  switch (compression) {
    case kRgb:
      return bpp == 1 || bpp == 4 || bpp == 8 || bpp == 16 || bpp == 24 || bpp == 32;
    case kBitFields:
      return bpp == 16 || bpp == 32;
    case kRle8:
      return bpp == 8;
    case kRle4:
      return bpp == 4;
    default:
      return false;
  }
}

Status read_masks(Bmp& bmp) {
  if (bmp.compression != kBitFields) {
    if (bmp.bpp == 16) bmp.masks = {0x7c00, 0x03e0, 0x001f};
    if (bmp.bpp == 32) bmp.masks = {0xff0000, 0x00ff00, 0x0000ff};
    return Status::Ok();
  }
  if (bmp.bytes.size() < 66) return Error{"the file ends before its bit-field masks"};
  bmp.masks = {le(bmp.bytes, 54, 4), le(bmp.bytes, 58, 4), le(bmp.bytes, 62, 4)};
  const bool rgb555 = bmp.masks == std::array<uint32_t, 3>{0x7c00, 0x03e0, 0x001f};
  const bool rgb565 = bmp.masks == std::array<uint32_t, 3>{0xf800, 0x07e0, 0x001f};
  if (bmp.bpp == 16 && !rgb555 && !rgb565)
    return Error{"16-bit bit fields other than 5-5-5 and 5-6-5"};
  return Status::Ok();
}

Result<Bmp> read_header(std::string_view b) {
  if (b.size() < 26 || b.substr(0, 2) != "BM") return Error{"the file ends in its header"};
  Bmp bmp;
  bmp.bytes = b;
  bmp.offset = le(b, 10, 4);
  const uint32_t info = le(b, 14, 4);
  if (info == 12) {  // OS/2 core header: 16-bit sizes, 3-byte palette entries
    bmp.width = le(b, 18, 2);
    bmp.height = static_cast<int16_t>(le(b, 20, 2));
    bmp.bpp = static_cast<int>(le(b, 24, 2));
    if (bmp.bpp == 16 || !known_layout(bmp.bpp, kRgb)) return Error{"a depth OpenCV did not read"};
    if (bmp.bpp <= 8 && !read_palette(bmp, 26, 1u << bmp.bpp, 3).ok())
      return Error{"the file ends in its palette"};
    return bmp;
  }
  if (info < 36 || b.size() < 50)
    return Error{"an info header of " + std::to_string(info) + " bytes"};
  bmp.width = static_cast<int32_t>(le(b, 18, 4));
  bmp.height = static_cast<int32_t>(le(b, 22, 4));
  bmp.bpp = static_cast<int>(le(b, 28, 2));
  bmp.compression = le(b, 30, 4);
  if (bmp.width <= 0 || bmp.height == 0) return Error{"no size"};
  if (!known_layout(bmp.bpp, bmp.compression))
    return Error{"" + std::to_string(bmp.bpp) + " bits a pixel with compression " +
                 std::to_string(bmp.compression) + " is not read"};
  if (bmp.bpp <= 8) {
    const uint32_t used = le(b, 46, 4);
    if (Status st = read_palette(bmp, 14 + std::size_t{info}, used == 0 ? 1u << bmp.bpp : used, 4);
        !st.ok())
      return Error{st.message()};
  }
  if (Status st = read_masks(bmp); !st.ok()) return Error{st.message()};
  return bmp;
}

// The 8-bit value of a bit-field channel: its bits scaled to 8 (5 bits shifted up, as OpenCV did).
uint8_t channel(uint32_t pixel, uint32_t mask) {
  if (mask == 0) return 0;
  const int shift = std::countr_zero(mask);
  const int bits = std::popcount(mask);
  const uint32_t v = (pixel & mask) >> shift;
  return static_cast<uint8_t>(bits >= 8 ? v >> (bits - 8) : v << (8 - bits));
}

void convert_row(const Bmp& bmp, const uint8_t* src, uint8_t* out) {
  for (int64_t x = 0; x < bmp.width; ++x, out += 3) {
    Colour c;
    if (bmp.bpp <= 8) {
      const int64_t bit = x * bmp.bpp;
      const int index = (src[bit / 8] >> (8 - bmp.bpp - bit % 8)) & ((1 << bmp.bpp) - 1);
      c = bmp.palette[static_cast<std::size_t>(index)];
    } else if (bmp.bpp == 24) {
      c = {src[x * 3], src[x * 3 + 1], src[x * 3 + 2]};
    } else {
      const int bytes = bmp.bpp / 8;
      const uint32_t p =
          le(std::string_view(reinterpret_cast<const char*>(src + x * bytes), 4), 0, bytes);
      c = {channel(p, bmp.masks[2]), channel(p, bmp.masks[1]), channel(p, bmp.masks[0])};
    }
    out[0] = c.b;
    out[1] = c.g;
    out[2] = c.r;
  }
}

int row_of(const Bmp& bmp, int64_t stored_row) {
  return static_cast<int>(bmp.height > 0 ? bmp.height - 1 - stored_row : stored_row);
}

Result<cv::Mat> decode_plain(const Bmp& bmp, cv::Mat image) {
  const std::size_t pitch = static_cast<std::size_t>((bmp.width * bmp.bpp + 31) / 32 * 4);
  const auto rows = static_cast<std::size_t>(std::llabs(bmp.height));
  if (bmp.offset > bmp.bytes.size() || pitch * rows > bmp.bytes.size() - bmp.offset)
    return Error{"the pixel data ends before the last row"};
  const auto* data = reinterpret_cast<const uint8_t*>(bmp.bytes.data()) + bmp.offset;
  for (std::size_t y = 0; y < rows; ++y) {
    convert_row(bmp, data + y * pitch, image.ptr(row_of(bmp, static_cast<int64_t>(y))));
  }
  return image;
}

}  // namespace

Result<cv::Mat> decode_bmp_bgr(std::string_view bmp_bytes) {
  auto header = read_header(bmp_bytes);
  if (!header.ok()) return Error{header.error()};
  const Bmp& bmp = header.value();
  const int rows = static_cast<int>(std::llabs(bmp.height));
  const Colour first = bmp.palette[0];
  cv::Mat image(rows, static_cast<int>(bmp.width), CV_8UC3, cv::Scalar(first.b, first.g, first.r));
  if (bmp.compression != kRle8 && bmp.compression != kRle4) return decode_plain(bmp, image);
  if (bmp.offset > bmp_bytes.size()) return Error{"the pixel data lies past the file's end"};
  BmpPalette palette{};
  for (std::size_t i = 0; i < palette.size(); ++i)
    palette[i] = {bmp.palette[i].b, bmp.palette[i].g, bmp.palette[i].r};
  if (Status st =
          expand_bmp_rle(bmp_bytes.substr(bmp.offset), bmp.bpp, palette, image, bmp.height > 0);
      !st.ok())
    return Error{st.message()};
  return image;
}

}  // namespace gate::drivers::image
