// Manual override (docs/domain.md §4.7): an operator releases a truck that was refused or held,
// giving a reason. It is a decision of its own kind (VERDICT_MANUAL_PASS, rule manual.override)
// with the operator and the reason, recorded and uploaded as such and counted in the share.
// The policy says how long a reason must be, how long after the refusal a release is allowed,
// and which refusals can never be overridden (e.g. the excess-emission list). Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "gate/v1/decision.pb.h"
#include "rules/policy_engine.h"
#include "rules/result.h"

namespace gate::rules {

struct ManualRelease {
  std::string operator_id;
  std::string reason;
};

// The MANUAL_PASS decision replacing `refused` (a REFUSE or HOLD decided `age_s` seconds ago on
// `local_date`), or an error saying why the release is not allowed.
Result<gate::v1::Decision> manual_release(const PolicyEngine& engine,
                                          const gate::v1::Decision& refused,
                                          std::string_view local_date, int64_t age_s,
                                          const ManualRelease& release);

}  // namespace gate::rules
