// Document image files: reading one to attach it (it must be an image OpenCV decodes, so a PDF,
// an office file or a truncated scan is refused before it is referenced), and checking a stored
// one (present, content still matches the SHA-256 it is named by).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "firmware-host/store/photo_store.h"
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

enum class StoredDocumentState { kOk, kMissing, kHashMismatch };

// Whether the store holds the file named `sha256` and its content still hashes to that name.
StoredDocumentState check_stored_document(const PhotoStore& store, const std::string& sha256);

// "ok", "file missing", "content does not match its SHA-256 (replaced or damaged)".
std::string_view stored_document_state_text(StoredDocumentState s);

}  // namespace gate::host
