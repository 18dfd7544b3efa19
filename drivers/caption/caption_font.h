// Which font file evidence captions are drawn with. Captions carry plates such as 豫H90030D,
// so the font must have CJK glyphs; Debian's Noto Sans CJK (fonts-noto-cjk) is the default,
// WenQuanYi Micro Hei (fonts-wqy-microhei, a twentieth of its size) the alternative.
#pragma once

#include <string>
#include <vector>

#include "rules/result.h"

namespace gate::caption {

// Where the Debian packages put their fonts, in order of preference.
std::vector<std::string> default_caption_fonts();

// `configured` when it is set (it must be a readable file), else the first of
// default_caption_fonts() that exists. The error names the path(s) tried and the Debian
// package to install, or the setting to change.
Result<std::string> find_caption_font(const std::string& configured);

}  // namespace gate::caption
