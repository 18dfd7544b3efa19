// What a field-map platform (profile_platform.h) took, read back into the shape the simulator
// judges by (ReceivedRecord, the reference platform's): the key from the field mapped from
// "key" (<gate_id>-<seq>-<kind>), backfill from the field mapped from "backfill" or "live", the
// time from "time" (outcomes: "outcome_time") in the field's time format, plate, verdict, rule
// and reason, each decoded through the profile's code tables. What the profile does not carry
// stays empty. Pure.
#pragma once

#include "gate/v1/platform_profile.pb.h"
#include "rules/result.h"
#include "sim/platform/platform_record_db.h"
#include "sim/platform/profile_platform.h"

namespace gate::sim {

// An error when the record cannot be placed: the profile maps no "key" for its message, or the
// serial is not <gate_id>-<seq>-<kind>.
Result<ReceivedRecord> received_record(const gate::v1::PlatformProfile& profile,
                                       const ProfileRecord& record, int utc_offset_minutes);

}  // namespace gate::sim
