// Reading a platform's vehicle check answer (a KIND_VEHICLE_CHECK message's `reads`,
// docs/platform-profiles.md, "Vehicle check") into our record of the check: whether the vehicle
// may pass, the platform's reason, its records of the vehicle (stage, fuel, VIN, registration
// date) and the serial it issued. Pure.
#pragma once

#include <nlohmann/json.hpp>

#include "gate/v1/passage.pb.h"
#include "gate/v1/platform_profile.pb.h"
#include "rules/result.h"

namespace gate::drivers::uplink {

// The check `answer` (already judged a success) carries, as `message` (of the checked
// `profile`) reads it: status ANSWERED with the fields read. An error names the platform's
// field and what was wrong (may_pass missing or a code its table does not list, a required
// reading missing): such an answer is unusable, and the lane decides as when no answer came. A
// stage or fuel code the table does not list, or a registration date that is no date, is left
// out (the platform's records are evidence, not the decision).
Result<gate::v1::VehicleCheck> read_check_answer(const gate::v1::PlatformProfile& profile,
                                                 const gate::v1::PlatformMessage& message,
                                                 const nlohmann::json& answer);

}  // namespace gate::drivers::uplink
