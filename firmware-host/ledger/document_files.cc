#include "firmware-host/ledger/document_files.h"

#include <fstream>
#include <iterator>

namespace gate::host {

StoredDocumentState check_stored_document(const PhotoStore& store, const std::string& sha256) {
  std::ifstream in(store.path_of(sha256), std::ios::binary);
  if (!in) return StoredDocumentState::kMissing;
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return sha256_hex(bytes) == sha256 ? StoredDocumentState::kOk
                                     : StoredDocumentState::kHashMismatch;
}

std::string_view stored_document_state_text(StoredDocumentState s) {
  switch (s) {
    case StoredDocumentState::kOk:
      return "ok";
    case StoredDocumentState::kMissing:
      return "file missing";
    case StoredDocumentState::kHashMismatch:
      return "content does not match its SHA-256 (replaced or damaged)";
  }
  return "";
}

}  // namespace gate::host
