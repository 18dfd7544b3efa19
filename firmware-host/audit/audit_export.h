// Export of a period for a recipient outside the plant: passages and ledgers as CSV and XLSX,
// the referenced photos, the ledger's document images (export_documents.h), the daily statistics
// (text and SVG chart), the seals, a manifest with the SHA-256 of every file, and a README saying
// how to check it all.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "firmware-host/store/gate_store.h"
#include "rules/result.h"

namespace gate::host {

struct ExportOptions {
  std::optional<int64_t> from_unix_ms;
  std::optional<int64_t> to_unix_ms;
  std::string out_dir;        // created; must not exist or be empty
  std::string photo_dir;      // the gate's photo store; empty = no photos copied
  std::string documents_dir;  // the ledger documents' store; empty = documents listed, not copied
  int utc_offset_minutes = 480;
};

struct ExportSummary {
  int passages = 0;
  int vehicles = 0;
  int photos = 0;
  int missing_photos = 0;
  int documents = 0;          // document files copied (each distinct file once)
  int missing_documents = 0;  // attachments whose file is missing or does not match its hash
  int files = 0;
};

Result<ExportSummary> export_audit_package(GateStore& store, const ExportOptions& opt);

// The passages as the export's passages.csv writes them (UTF-8 with BOM, CRLF).
std::string passages_csv(const std::vector<gate::v1::Passage>& passages, int utc_offset_minutes);

// The same rows as a workbook with one sheet, "passages" (every cell a string with the formula
// guard, as in the export's passages.xlsx).
Status write_passages_xlsx(const std::filesystem::path& file,
                           const std::vector<gate::v1::Passage>& passages, int utc_offset_minutes);

// Every regular file under `dir` as the manifest lists it: {path (relative), sha256, bytes},
// sorted by path.
nlohmann::json export_file_list(const std::filesystem::path& dir);

}  // namespace gate::host
