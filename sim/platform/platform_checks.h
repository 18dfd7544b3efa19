// The mock platform's strict checks of one uploaded record (docs/uplink.md §3, §4): key form,
// kind and body, code tables (the plate colour's code must be the agreed table's code for its
// name), required fields, the VIN rule of §3.2, time formats (whole seconds). Pure. A record
// that fails is rejected as invalid with a code and a reason the gate shows to its operators.
#pragma once

#include <optional>
#include <string>

#include "gate/v1/uplink.pb.h"
#include "rules/plate_color.h"

namespace gate::sim {

struct RecordProblem {
  std::string code;  // "key", "kind", "code_table", "missing", "time", "range", "gate_id"
  std::string reason;
};

// `gate_id`: the gate the request came from (batch or login); records must carry it.
std::optional<RecordProblem> check_record(const gate::v1::UplinkRecord& r,
                                          const std::string& gate_id,
                                          rules::ColorCodeTable color_table);

// The record without its per-attempt fields (backfill, sent_at), serialised deterministically:
// two arrivals of a key with the same content are a repeat the platform may ignore.
std::string record_content(const gate::v1::UplinkRecord& r);

}  // namespace gate::sim
