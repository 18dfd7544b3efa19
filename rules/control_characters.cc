#include "rules/control_characters.h"

#include <cstdio>

#include "rules/utf8.h"

namespace gate::rules {
namespace {

const char* kind_of(char32_t cp) {
  if (cp < 0x20 || cp == 0x7F) return "a control character";
  if (cp >= 0x80 && cp <= 0x9F) return "a C1 control character";
  if (cp == 0x2028 || cp == 0x2029) return "a line or paragraph separator";
  return "a bidirectional override";
}

}  // namespace

bool is_control_character(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

std::optional<std::string> find_control_character(std::string_view utf8) {
  std::size_t position = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const CodePoint c = decode_utf8_at(utf8, i);
    i += c.bytes.size();
    ++position;
    if (!c.valid || !is_control_character(c.cp)) continue;
    char code[16];
    std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c.cp));
    return std::string(code) + " (" + kind_of(c.cp) + ") at character " + std::to_string(position);
  }
  return std::nullopt;
}

}  // namespace gate::rules
