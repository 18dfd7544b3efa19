#include "sim/scenario/attack_plan.h"

#include <algorithm>

#include "sim/scenario/scenario_time.h"
#include "sim/scenario/sim_random.h"
#include "sim/scenario/traffic_generator.h"

namespace gate::sim {
namespace {

// Mixed into the seed so that the attacker's draws are not the traffic's.
constexpr std::uint64_t kAttackerStream = 0xA77AC4E5ULL;

}  // namespace

std::string_view attack_kind_name(AttackKind kind) {
  switch (kind) {
    case AttackKind::kReplayed:
      return "replayed";
    case AttackKind::kForeign:
      return "foreign";
    case AttackKind::kForged:
      break;
  }
  return "forged";
}

std::vector<PlannedAttack> plan_attacks(const gate::v1::Scenario& s,
                                        const std::vector<std::string>& lanes) {
  std::vector<PlannedAttack> out;
  if (!s.has_attacker() || lanes.empty()) return out;
  const auto start = parse_scenario_time(s.start());
  if (!start) return out;
  const int64_t start_ms = (*start - kLocalUtcOffsetSeconds) * 1000;
  const int64_t end_ms = start_ms + int64_t{s.duration_hours()} * 3600 * 1000;
  SimRandom rng(s.seed() ^ kAttackerStream);
  const auto& a = s.attacker();
  for (auto [kind, per_hour] : {std::pair{AttackKind::kForged, a.forged_per_hour()},
                                std::pair{AttackKind::kReplayed, a.replayed_per_hour()},
                                std::pair{AttackKind::kForeign, a.foreign_per_hour()}}) {
    if (!(per_hour > 0)) continue;
    const double per_ms = per_hour / 3'600'000.0;
    std::size_t turn = 0;
    for (double t = static_cast<double>(start_ms) + rng.exponential(per_ms);
         t < static_cast<double>(end_ms); t += rng.exponential(per_ms)) {
      out.push_back({static_cast<int64_t>(t), kind, lanes[turn++ % lanes.size()]});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const PlannedAttack& x, const PlannedAttack& y) {
    return x.time_unix_ms < y.time_unix_ms;
  });
  return out;
}

}  // namespace gate::sim
