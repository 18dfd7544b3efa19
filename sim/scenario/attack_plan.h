// When the scenario's attacker (Scenario.attacker) strikes, and at which lane: for each kind a
// Poisson process at its rate per simulated hour over the scenario window, the lanes taken in
// turn. Pure and deterministic from the scenario's seed (its own stream, so adding an attacker
// leaves the trucks as they were).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gate/v1/scenario.pb.h"

namespace gate::sim {

enum class AttackKind { kForged, kReplayed, kForeign };

// "forged", "replayed", "foreign".
std::string_view attack_kind_name(AttackKind kind);

struct PlannedAttack {
  int64_t time_unix_ms = 0;  // simulated time
  AttackKind kind = AttackKind::kForged;
  std::string lane_id;
};

// The attacks of the scenario in time order, spread over `lanes` (those whose camera has
// credentials); none when the scenario has no attacker or `lanes` is empty.
std::vector<PlannedAttack> plan_attacks(const gate::v1::Scenario& scenario,
                                        const std::vector<std::string>& lanes);

}  // namespace gate::sim
