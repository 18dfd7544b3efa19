// What-if replay (`gatectl policy replay`): re-decides recorded passages under another policy
// and reports the differences, so that bureau staff and managers see a rule's impact before it
// takes effect.
//
// Assumptions, printed with the report: the vehicle is the ledger entry as recorded with the
// passage (class, stage, fuel, plate colour), completed with today's ledger entry for what the
// passage does not record (exemptions, machinery compliance, validity); the alert level is the
// one recorded; platform lists are not recorded, so the list rules see none; the platform's
// vehicle check is taken as answered then (a refusal stays a refusal, its vehicle data stands in
// for a plate in no ledger where the policy allows it); a truck the new policy holds is taken as
// not entering that day (it is not called back); manual releases stay as they were. Share
// tallies are rebuilt day by day under the new policy.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "gate/v1/passage.pb.h"
#include "rules/policy_engine.h"
#include "rules/vehicle_check.h"

namespace gate::host {

struct ReplayCounter {
  int64_t released = 0;
  int64_t qualifying = 0;
};

struct ReplayDay {
  std::string day;
  int64_t passages = 0;
  int64_t recorded_released = 0, replayed_released = 0;
  int64_t replayed_refused = 0, replayed_held = 0;
  // By counter of the replayed policy: as recorded (what actually entered) and as replayed.
  std::map<std::string, ReplayCounter> recorded, replayed;
};

struct ReplayChange {
  gate::v1::Passage recorded;
  gate::v1::Decision replayed;
};

struct ReplayReport {
  int64_t passages = 0;                        // re-decided (manual releases excluded)
  int64_t manual = 0;                          // manual releases, kept as recorded
  int64_t same = 0;                            // same verdict
  std::map<std::string, int64_t> transitions;  // "PASS -> HOLD" → count
  std::map<std::string, int64_t> new_rules;    // rule of a changed replayed decision → count
  std::vector<ReplayDay> days;
  std::vector<ReplayChange> changes;  // the first `max_changes`
};

using VehicleLookup = std::function<const gate::v1::Vehicle*(const std::string& plate)>;

// `passages` in recording order. A passage whose lane asked the platform's vehicle check is
// re-decided and joined with the recorded answer by `check_combination` (the profile's), or,
// where no answer came, by the degraded mode recorded with it.
ReplayReport replay_passages(
    const rules::PolicyEngine& engine, const std::vector<gate::v1::Passage>& passages,
    const VehicleLookup& ledger, int utc_offset_minutes, std::size_t max_changes,
    rules::CheckCombination check_combination = rules::CheckCombination::kStrictest);

}  // namespace gate::host
