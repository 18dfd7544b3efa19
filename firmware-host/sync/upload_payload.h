// Upload payload of the foundation's uplink (JSON over HTTP). The versioned reference profile
// with signing, TLS and code-table mapping replaces this in the uplink issue; the record keys
// (gate id + local sequence + kind) are already the idempotency keys that profile uses.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "firmware-host/store/gate_store.h"

namespace gate::host {

// "<gate_id>-<seq>-<kind>"
std::string record_key(const std::string& gate_id, const OutboxRow& row);

// A record is "backfill" when it is sent more than `live_window_ms` after it was queued.
std::string build_upload_batch(const std::string& gate_id, const std::vector<OutboxRow>& rows,
                               int64_t now_unix_ms, int64_t live_window_ms, int utc_offset_minutes);

// Keys the platform acknowledged in its reply {"acked":[…]}; an error for anything else.
Result<std::vector<std::string>> parse_upload_reply(const std::string& body);

}  // namespace gate::host
