// UTF-8 decoding shared by the plate parser and the text checks. Pure.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace gate::rules {

// One decoded code point; `bytes` is the UTF-8 text it came from (one raw byte when invalid).
struct CodePoint {
  char32_t cp = 0;
  bool valid = false;
  std::string_view bytes;
};

// Decodes the code point starting at s[i]. Invalid sequences (bad lead byte, missing or bad
// continuation, overlong, surrogate, beyond U+10FFFF) decode as one invalid byte.
CodePoint decode_utf8_at(std::string_view s, std::size_t i);

// Every code point of `s`, viewing into it: `s` must outlive the result.
std::vector<CodePoint> decode_utf8(std::string_view s);

}  // namespace gate::rules
