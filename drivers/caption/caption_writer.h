// Draws UTF-8 text, Chinese included, into an OpenCV image: shaped with HarfBuzz, rasterised
// with FreeType (anti-aliased), blended by coverage. OpenCV's own Hershey fonts are ASCII only.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <opencv2/core.hpp>

#include "rules/result.h"

namespace gate::caption {

class CaptionWriter {
 public:
  // Opens `font_path` (a .ttf/.otf, or a .ttc collection: its Simplified Chinese face is taken
  // when it has one, else its first) at `pixel_height` pixels per em. The error names the file.
  static Result<std::unique_ptr<CaptionWriter>> Load(const std::string& font_path,
                                                     int pixel_height);
  ~CaptionWriter();
  CaptionWriter(const CaptionWriter&) = delete;
  CaptionWriter& operator=(const CaptionWriter&) = delete;

  // Draws `utf8` into `image` (8-bit, 1 or 3 channels) with the left end of its baseline at
  // `origin`, in `colour`; whatever falls outside the image is clipped. Invalid UTF-8 is drawn
  // as the font's replacement glyph. Returns the text's advance width in pixels.
  // Safe to call from several threads (calls are serialised: FreeType faces are not shared).
  int draw(cv::Mat& image, std::string_view utf8, cv::Point origin, const cv::Scalar& colour) const;

  const std::string& font_path() const { return font_path_; }
  const std::string& family() const { return family_; }  // e.g. "Noto Sans CJK SC"

 private:
  struct Face;
  CaptionWriter(std::string font_path, std::unique_ptr<Face> face);

  std::string font_path_;
  std::string family_;
  std::unique_ptr<Face> face_;
  mutable std::mutex mutex_;
};

}  // namespace gate::caption
