// Reading a platform's control codes (a KIND_POLICY_PULL answer, docs/platform-profiles.md,
// "Policy pull") into our control measures: each of the message's `reads` takes the answer's
// field, decodes it with its code table (theirs → ours; an unlisted code reads as the table's
// `otherwise`, itself one of ours, or refuses the answer) or its time format, and sets one
// field of gate.v1.ControlMeasures. Pure.
#pragma once

#include <nlohmann/json.hpp>

#include "gate/v1/platform_profile.pb.h"
#include "gate/v1/uplink.pb.h"
#include "rules/result.h"

namespace gate::drivers::uplink {

// The measures `answer` (already judged a success) carries, as `message` (of the checked
// `profile`) reads it. alert_level and response_level are our codes (0 none … 3), strategy our
// name with strategy_code the platform's code, times as wire times at `utc_offset_minutes`.
// An error names the platform's field and what was wrong (missing, a code no table lists, a
// time not in its format): nothing of such an answer is applied.
Result<gate::v1::ControlMeasures> read_control(const gate::v1::PlatformProfile& profile,
                                               const gate::v1::PlatformMessage& message,
                                               const nlohmann::json& answer,
                                               int utc_offset_minutes);

}  // namespace gate::drivers::uplink
