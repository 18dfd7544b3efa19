// Document images attached to ledger entries (随车清单, 行驶证, engine nameplate, machinery
// label): one row per (entry, kind, file) in the table ledger_documents, beside the vehicles.
// The image itself lives in a content-addressed PhotoStore (photo_store.h) under its SHA-256;
// the row is the reference, so the hash is also the file's integrity check.
//
// Contracts:
// - The table is created lazily by the first write (CREATE TABLE IF NOT EXISTS), so GateStore's
//   schema is untouched; readers treat a database without the table as having no documents.
// - Every attach is recorded in the ledger change history (vehicle_history, action "attach")
//   in the same savepoint as the row: the history cannot miss an attach.
// - Nothing here deletes a row; attaching the same file again to the same entry and kind is a
//   no-op (no row, no history).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rules/document_kind.h"
#include "firmware-host/store/sqlite_db.h"
#include "gate/v1/vehicle.pb.h"
#include "rules/result.h"

namespace gate::host {

struct LedgerDocument {
  std::string ledger_key;  // as ledger_key_of()
  rules::DocumentKind kind = rules::DocumentKind::kConformityList;
  std::string sha256;         // 64 hex: the file's name in the document store
  std::string original_name;  // the file name it was attached from (no directory)
  int64_t bytes = 0;
  int64_t added_unix_ms = 0;
  std::string added_by;
};

// The key GateStore files an entry under: "plate:<plate>", or "code:<registration code>" when
// the plate is empty (machinery). Must stay equal to GateStore's (checked by a test).
std::string ledger_key_of(const gate::v1::Vehicle& v);

Status create_ledger_documents_table(SqliteDb& db);

// Adds `d` for the ledger entry `entry` and records it in the history, inside the caller's
// transaction if there is one. Returns false (and writes nothing) when the same file is already
// attached to the entry as that kind.
Result<bool> add_ledger_document(SqliteDb& db, const LedgerDocument& d,
                                 const gate::v1::Vehicle& entry);

// The documents of one entry, or of every entry (empty key), ordered by entry, kind, time.
Result<std::vector<LedgerDocument>> list_ledger_documents(SqliteDb& db,
                                                          const std::string& ledger_key = "");

}  // namespace gate::host
