// Outbox rows as uplink records of the reference profile (docs/uplink.md §3): the passage's
// docs/domain.md §3.5 fields in the platform's code tables, the idempotency key and the
// live/backfill flag. Pure: the time of the attempt is passed in.
#pragma once

#include <cstdint>
#include <string>

#include "firmware-host/store/gate_store.h"
#include "gate/v1/uplink.pb.h"
#include "rules/plate_color.h"

namespace gate::host {

// 1 for kPhotoRecordKind, 2 for kCloseupRecordKind (gate_store.h), 0 for records that are no
// photo.
int photo_number(const std::string& kind);

// "<gate_id>-<seq>-<kind>": the record's idempotency key, the same on every attempt.
std::string record_key(const std::string& gate_id, const OutboxRow& row);

struct PayloadOptions {
  int64_t live_window_ms = 60000;
  int utc_offset_minutes = 480;
  rules::ColorCodeTable color_table = rules::ColorCodeTable::kTrafficEtc;
};

// The record for one attempt at `now_unix_ms`. It is "backfill" when sent more than the live
// window after it was queued. A "decision" record carries the passage as decided; an "outcome"
// record carries the barrier result; a "photo_1" record the decision's fields and the photo, a
// "photo_2" record the decision's fields and the plate close-up (closeup_sha256); a cargo record
// ("cargo", "cargo_<n>") one cargo entry. None carries anything that changes between attempts
// except backfill and sent_at, so a repeat is one the platform can ignore by key.
gate::v1::UplinkRecord build_record(const std::string& gate_id, const OutboxRow& row,
                                    int64_t now_unix_ms, const PayloadOptions& opt);

}  // namespace gate::host
