// The document images a ledger's rows name (doc_<kind> columns), read, checked and stored before
// the import writes anything (ledger_import.h). Links OpenCV's imgcodecs through
// document_image.h: gatectl's, not gated's.
#pragma once

#include <string>
#include <vector>

#include "firmware-host/ledger/ledger_csv.h"
#include "firmware-host/ledger/ledger_import.h"
#include "firmware-host/store/photo_store.h"
#include "rules/result.h"

namespace gate::host {

// Reads the files named by parsed.documents (paths relative to `base_dir` unless absolute;
// '\' is read as '/', as Windows writes paths), checks each is an image and stores it in
// `documents`. A missing or non-image file becomes an error of its row (line, doc_<kind> column,
// reason naming the file) in parsed.errors, and the row leaves parsed.vehicles. Returns the stored
// documents parallel to parsed.vehicles. Files stored for an import that then fails are
// unreferenced, which is harmless.
Result<std::vector<std::vector<StoredRowDocument>>> store_row_documents(LedgerParse& parsed,
                                                                        const std::string& base_dir,
                                                                        PhotoStore& documents);

}  // namespace gate::host
