#include "drivers/caption/caption_font.h"

#include <filesystem>
#include <fstream>

namespace gate::caption {

std::vector<std::string> default_caption_fonts() {
  return {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
          "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"};
}

Result<std::string> find_caption_font(const std::string& configured) {
  if (!configured.empty()) {
    if (std::ifstream(configured, std::ios::binary)) return configured;
    return Error{"caption font " + configured +
                 " cannot be read; point lpr_camera.caption_font at a TrueType/OpenType font "
                 "with Chinese glyphs, or leave it empty for Noto Sans CJK (Debian package "
                 "fonts-noto-cjk)"};
  }
  std::string tried;
  for (const auto& path : default_caption_fonts()) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) return path;
    tried += (tried.empty() ? "" : ", ") + path;
  }
  return Error{"no font with Chinese glyphs for evidence captions (tried " + tried +
               "); install the Debian package fonts-noto-cjk (or fonts-wqy-microhei), or set "
               "lpr_camera.caption_font to such a font"};
}

}  // namespace gate::caption
