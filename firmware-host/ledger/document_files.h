// Stored document image files: checking one (present, content still matches the SHA-256 it is
// named by). Reading a new one to attach it is document_image.h's.
#pragma once

#include <string>
#include <string_view>

#include "firmware-host/store/photo_store.h"

namespace gate::host {

enum class StoredDocumentState { kOk, kMissing, kHashMismatch };

// Whether the store holds the file named `sha256` and its content still hashes to that name.
StoredDocumentState check_stored_document(const PhotoStore& store, const std::string& sha256);

// "ok", "file missing", "content does not match its SHA-256 (replaced or damaged)".
std::string_view stored_document_state_text(StoredDocumentState s);

}  // namespace gate::host
