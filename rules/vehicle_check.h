// The regional platform's vehicle check joined with the local decision (docs/platform-profiles.md,
// "Vehicle check"). The lane asks the platform when a plate is read and decides from both:
//
// - answered, COMBINE_STRICTEST: the stricter verdict wins (refuse > hold > pass). A platform
//   refusal of a truck the local rules pass or hold refuses it under rule platform.check, the
//   platform's reason on the display and in the record; a local refusal stands, and the
//   explanation says what the platform answered;
// - answered, COMBINE_RECORD_ONLY: the local decision stands; the answer is recorded;
// - unavailable (no usable answer by the deadline), degraded mode local: the local decision
//   stands, and its explanation says that it was made without the platform and why;
// - unavailable, degraded mode refuse: refused under rule platform.unreachable ("platform
//   unreachable") unless the local rules refuse anyway, whose refusal then stands.
//
// Every explanation ends with what the check said, so `policy explain` and the record show the
// combination. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "gate/v1/decision.pb.h"
#include "gate/v1/passage.pb.h"
#include "gate/v1/vehicle.pb.h"

namespace gate::rules {

enum class DegradedMode { kLocal, kRefuse };
enum class CheckCombination { kStrictest, kRecordOnly };

struct CheckSettings {
  int64_t deadline_ms = 800;  // read to answer; past it the check is unavailable
  DegradedMode degraded = DegradedMode::kLocal;
  CheckCombination combine = CheckCombination::kStrictest;
};

inline constexpr const char* kRulePlatformCheck = "platform.check";
inline constexpr const char* kRulePlatformUnreachable = "platform.unreachable";

// "local" or "refuse".
std::string degraded_mode_name(DegradedMode m);

// The decision for a truck the local rules decided `local` and the platform's check said
// `check` (status ANSWERED or UNAVAILABLE; NONE returns `local`).
gate::v1::Decision combine_check(const gate::v1::Decision& local,
                                 const gate::v1::VehicleCheck& check,
                                 const CheckSettings& settings);

// The vehicle as the platform's answered check describes it, standing in for the ledger entry
// of a plate in no ledger (IdentityRules.unknown_vehicle): a transport vehicle with the read's
// plate and colour and the platform's stage, fuel, VIN and registration date. nullopt when the
// check did not answer or gave no stage or no fuel: nothing to decide on.
std::optional<gate::v1::Vehicle> platform_vehicle(const gate::v1::VehicleCheck& check,
                                                  const gate::v1::PlateRead& read);

// The vehicle a recorded passage was decided on, for share tallies and replays: its ledger
// entry, else the platform's vehicle data where the platform answered with it, else empty.
gate::v1::Vehicle vehicle_decided_on(const gate::v1::Passage& p);

// Where the platform's records of the vehicle (stage, fuel, VIN) disagree with the ledger's
// entry, e.g. "stage: ledger China V, platform China IV"; "" when they agree, when either side
// does not say, or when the plate is not in the ledger (`ledger` null).
std::string ledger_mismatch(const gate::v1::Vehicle* ledger, const gate::v1::VehicleCheck& check);

}  // namespace gate::rules
