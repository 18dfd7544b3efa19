// Document image files: reading one to attach it. It must be an image OpenCV decodes, so a PDF,
// an office file or a truncated scan is refused before it is referenced. Kept apart from
// document_files.h because it links OpenCV's imgcodecs (and the hundreds of libraries Debian's
// build of it pulls in): gatectl attaches and imports documents, gated never reads a document
// file and does not link this (library host_ledger_images).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "rules/result.h"

namespace gate::host {

// Scans larger than this are refused (they are phone photos or 600 dpi colour scans at most).
inline constexpr std::size_t kMaxDocumentBytes = 64u << 20;

struct DocumentImage {
  std::string bytes;
  std::string name;  // the file name without its directory, kept as the original name
  int width = 0;
  int height = 0;
};

// Reads `path` and checks it with check_document_image(). Errors name the file.
Result<DocumentImage> read_document_image(const std::string& path);

// Checks that `bytes` are a whole image: cv::imdecode must decode them (JPEG, PNG, BMP, TIFF,
// WebP, …), and a JPEG must reach its end marker (OpenCV decodes a truncated JPEG with a grey
// tail instead of failing). Returns "WIDTHxHEIGHT"; errors start with `name`.
Result<std::string> check_document_image(std::string_view bytes, const std::string& name);

}  // namespace gate::host
