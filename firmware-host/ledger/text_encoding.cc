#include "firmware-host/ledger/text_encoding.h"

#include <iconv.h>

#include <cerrno>
#include <cstring>

namespace gate::host {

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;  // continuation bytes
    if (c < 0x80) {
      n = 0;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
    } else {
      return false;
    }
    if (i + n >= s.size() && n > 0) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    }
    i += n + 1;
  }
  return true;
}

Result<std::string> gb18030_to_utf8(std::string_view s) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) return Error{"this system cannot convert GB18030"};
  std::string out(s.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(s.data());
  std::size_t in_left = s.size();
  char* o = out.data();
  std::size_t out_left = out.size();
  while (in_left > 0) {
    if (iconv(cd, &in, &in_left, &o, &out_left) == static_cast<std::size_t>(-1)) {
      if (errno == E2BIG) {
        const std::size_t used = static_cast<std::size_t>(o - out.data());
        out.resize(out.size() * 2);
        o = out.data() + used;
        out_left = out.size() - used;
        continue;
      }
      const std::size_t offset = s.size() - in_left;
      iconv_close(cd);
      return Error{"the file is neither UTF-8 nor GBK: bad byte at offset " +
                   std::to_string(offset) + " (save it from Excel as CSV UTF-8 or CSV)"};
    }
  }
  iconv_close(cd);
  out.resize(static_cast<std::size_t>(o - out.data()));
  return out;
}

Result<std::string> ledger_text_to_utf8(std::string_view s, bool* converted) {
  if (is_valid_utf8(s)) {
    if (converted) *converted = false;
    return std::string(s);
  }
  if (converted) *converted = true;
  return gb18030_to_utf8(s);
}

}  // namespace gate::host
