// Importing a parsed ledger (CSV or XLSX) with the document images its rows name, all or
// nothing: the files are checked and stored first (row_documents.h), each bad file an error of
// its row in the same report as the field errors; then every entry and every attachment is
// written in one transaction, so a failed import leaves no row behind.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "firmware-host/ledger/ledger_csv.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/photo_store.h"
#include "rules/document_kind.h"
#include "rules/result.h"

namespace gate::host {

// A document a row named, read, checked as an image and stored under its SHA-256.
struct StoredRowDocument {
  rules::DocumentKind kind = rules::DocumentKind::kConformityList;
  std::string sha256;
  std::string name;  // original file name
  int64_t bytes = 0;
};

// Writes every entry (GateStore::upsert_vehicle, with its history) and attaches its documents
// (ledger_documents.h) in one transaction. `documents` is parallel to `vehicles`.
Status import_ledger(GateStore& store, const std::vector<gate::v1::Vehicle>& vehicles,
                     const std::vector<std::vector<StoredRowDocument>>& documents,
                     const std::string& actor, int64_t now_unix_ms);

}  // namespace gate::host
