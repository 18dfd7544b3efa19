#include "rules/utf8.h"

namespace gate::rules {

CodePoint decode_utf8_at(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  CodePoint out{b0, false, s.substr(i, 1)};
  if (b0 < 0x80) {
    out.valid = true;
    return out;
  }
  std::size_t len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return out;
  }
  if (i + len > s.size()) return out;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return out;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return out;
  out.cp = cp;
  out.valid = true;
  out.bytes = s.substr(i, len);
  return out;
}

std::vector<CodePoint> decode_utf8(std::string_view s) {
  std::vector<CodePoint> out;
  out.reserve(s.size());  // one allocation: decide() parses every read's plate
  for (std::size_t i = 0; i < s.size();) {
    CodePoint c = decode_utf8_at(s, i);
    i += c.bytes.size();
    out.push_back(c);
  }
  return out;
}

}  // namespace gate::rules
