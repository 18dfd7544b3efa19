// The ledger's document images in an audit export: each referenced file is copied once to
// documents/<sha256>.jpg after checking that its content still hashes to its name (a replaced
// or damaged file is not passed off as the original; it is reported instead), and every
// attachment is described for the manifest and the ledger sheet.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "firmware-host/store/ledger_documents.h"
#include "firmware-host/store/sqlite_db.h"
#include "rules/result.h"

namespace gate::host {

struct ExportedDocument {
  LedgerDocument doc;
  std::string path;     // "documents/<sha256>.jpg" inside the export; empty when not copied
  std::string problem;  // why it was not copied ("file missing", …); empty when copied
};

struct ExportedDocuments {
  std::vector<ExportedDocument> documents;  // every attachment, by entry and kind
  // The ledger sheet's "documents" cell by ledger key: "list:documents/<sha>.jpg; license:…",
  // with "<sha> (missing: why)" for a document that is not in the export.
  std::map<std::string, std::string> cells;
  int files = 0;    // distinct files copied
  int missing = 0;  // attachments whose file could not be exported
};

// Copies the documents of every ledger entry from `documents_dir` (the content-addressed
// store) into `out_dir`/documents. With an empty `documents_dir` nothing is copied or counted
// missing; the attachments are still listed.
Result<ExportedDocuments> export_ledger_documents(SqliteDb& db, const std::string& documents_dir,
                                                  const std::filesystem::path& out_dir);

}  // namespace gate::host
