// Offline verification of a copy of a gate database: the audit chain (every entry's link and
// hash recomputed from the stored records), the daily seals (signature with the gate's public
// key, hashes and counts), and the photos (content hash). Reports the first failure, naming
// the record and what is wrong.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "firmware-host/store/gate_store.h"
#include "rules/result.h"

namespace gate::host {

struct VerifyOptions {
  std::string public_pem;               // the gate's Ed25519 public key
  std::optional<int64_t> from_unix_ms;  // photos and counts: only passages in [from, to)
  std::optional<int64_t> to_unix_ms;
  std::string photo_dir;  // empty = photos not checked
  int utc_offset_minutes = 480;
};

struct VerifyReport {
  bool ok = true;
  std::string failure;  // the first problem found, for the auditor
  int64_t chain_entries = 0;
  int64_t passages_in_range = 0;
  int64_t seals = 0;
  int64_t photos_checked = 0;
  std::vector<std::string> notes;  // not failures: e.g. the current day is not sealed yet
};

// Errors are for a database that cannot be read at all; tampering is reported in the report.
Result<VerifyReport> verify_gate_records(GateStore& store, const VerifyOptions& opt);

}  // namespace gate::host
