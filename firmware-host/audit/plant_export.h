// The plant's passages of a period as a readable extract (docs/plant.md §5, docs/audit.md):
// passages.csv and passages.xlsx with the gate-level export's columns (audit_export.h), the
// daily counts per gate and for the plant (plant_days.h, text and SVG), a manifest with the
// SHA-256 of every file, and a README saying what it is, what it is not (no photos, no seals:
// those stay with each gate's export) and how to check it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gate/v1/passage.pb.h"
#include "rules/result.h"

namespace gate::host {

struct PlantExportOptions {
  std::optional<int64_t> from_unix_ms;
  std::optional<int64_t> to_unix_ms;
  std::string gate_id;  // the one gate exported; "" for every gate
  std::string out_dir;  // created; must not exist or be empty
  int utc_offset_minutes = 480;
};

struct GateExtent {
  int passages = 0;
  int64_t first_seq = 0;
  int64_t last_seq = 0;
};

struct PlantExportSummary {
  int passages = 0;
  std::map<std::string, GateExtent> gates;  // by gate_id
  int files = 0;                            // in the manifest (manifest.json itself apart)
};

// `passages` as read from the plant (plant_records.h), ordered by gate then seq.
Result<PlantExportSummary> export_plant_package(const std::vector<gate::v1::Passage>& passages,
                                                const PlantExportOptions& opt);

}  // namespace gate::host
