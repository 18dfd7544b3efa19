// Checks a copy of a gate database against the anchors its platform holds (anchor_file.h):
// every anchored seal of the copy's gate must equal the copy's seal of that day (chain range,
// last hash, counts, key, signature), and every anchored chain head must be in the copy's
// chain with the same hash. A day rewritten and sealed again with the gate's own key passes
// `verify` on its own, but not this: the platform received the first seal before the rewrite.
//
// Seals of the copy that have no anchor are warnings ("not anchored"), not failures: they may
// simply not have been sent yet, and nothing outside the plant vouches for them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "firmware-host/audit/anchor_file.h"
#include "firmware-host/audit/retention.h"
#include "firmware-host/store/sqlite_db.h"
#include "rules/result.h"

namespace gate::host {

struct AnchorReport {
  bool ok = true;
  std::string failure;  // the first disagreement, naming the date or chain id and the line
  std::string gate_id;  // the copy's gate, whose anchors were checked
  int64_t seals_checked = 0;
  int64_t heads_checked = 0;
  std::vector<std::string> warnings;
};

// Errors are for a copy that cannot be read; disagreements are reported in the report.
Result<AnchorReport> check_anchors(SqliteDb& db, const AnchorFile& anchors,
                                   const std::optional<RetentionHorizon>& horizon);

}  // namespace gate::host
