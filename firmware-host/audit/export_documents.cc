#include "firmware-host/audit/export_documents.h"

#include <fstream>
#include <iterator>

#include "firmware-host/ledger/document_files.h"
#include "firmware-host/store/photo_store.h"

namespace gate::host {
namespace {

namespace fs = std::filesystem;

// Reads the stored file and writes it to `target` if its content matches `sha256`; returns the
// problem otherwise.
std::string copy_verified(const PhotoStore& store, const std::string& sha256,
                          const fs::path& target) {
  std::ifstream in(store.path_of(sha256), std::ios::binary);
  if (!in) return std::string(stored_document_state_text(StoredDocumentState::kMissing));
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (sha256_hex(bytes) != sha256) {
    return std::string(stored_document_state_text(StoredDocumentState::kHashMismatch));
  }
  std::ofstream out(target, std::ios::binary);
  out << bytes;
  out.close();
  if (!out) return "cannot write " + target.string() + " (disk full?)";
  return "";
}

}  // namespace

Result<ExportedDocuments> export_ledger_documents(SqliteDb& db, const std::string& documents_dir,
                                                  const fs::path& out_dir) {
  auto docs = list_ledger_documents(db);
  if (!docs.ok()) return Error{docs.error()};
  ExportedDocuments out;
  if (docs.value().empty()) return out;
  const PhotoStore store(documents_dir);
  std::map<std::string, std::string> done;  // sha256 → problem ("" = copied)
  std::error_code ec;
  if (!documents_dir.empty()) {
    fs::create_directories(out_dir / "documents", ec);
    if (ec) return Error{"cannot create " + (out_dir / "documents").string() + ": " + ec.message()};
  }
  for (const auto& d : docs.value()) {
    ExportedDocument e{d, "", ""};
    if (documents_dir.empty()) {
      e.problem = "not exported (no document directory given)";
    } else {
      const std::string rel = "documents/" + d.sha256 + ".jpg";
      auto it = done.find(d.sha256);
      if (it == done.end()) {
        it = done.emplace(d.sha256, copy_verified(store, d.sha256, out_dir / rel)).first;
        if (it->second.empty()) ++out.files;
      }
      if (it->second.empty()) {
        e.path = rel;
      } else {
        e.problem = it->second;
        ++out.missing;
      }
    }
    std::string& cell = out.cells[d.ledger_key];
    cell += (cell.empty() ? "" : "; ") + std::string(rules::document_code(d.kind)) + ":" +
            (e.path.empty() ? d.sha256 + " (missing: " + e.problem + ")" : e.path);
    out.documents.push_back(std::move(e));
  }
  return out;
}

}  // namespace gate::host
