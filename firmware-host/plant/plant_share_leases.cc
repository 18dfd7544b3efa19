#include "firmware-host/plant/plant_share_leases.h"

#include <sstream>

#include "rules/plant_share.h"

namespace gate::host {

void PlantShareLeases::switch_day(const std::string& day) {
  if (day == day_) return;
  day_ = day;
  leases_.clear();
  uncertain_counts_.clear();
  uncertain_through_ = 0;
}

void PlantShareLeases::begin(const std::string& day, const rules::ShareCounts& so_far) {
  std::lock_guard lock(mu_);
  switch_day(day);
  for (const auto& [counter, c] : so_far) leases_[counter] = {c, 0};
}

PlantLeases PlantShareLeases::leases(const std::string& day) const {
  std::lock_guard lock(mu_);
  return day == day_ ? leases_ : PlantLeases{};
}

void PlantShareLeases::settled(const PlantShareSettlement& s) {
  std::lock_guard lock(mu_);
  switch_day(s.day);
  for (const auto& [counter, lease] : s.leases) leases_[counter] = lease;
  uncertain_counts_.clear();
  uncertain_through_ = 0;
  ++settlements_;
}

void PlantShareLeases::uncertain(const PlantShareRound& round, const std::vector<int64_t>& sent) {
  std::lock_guard lock(mu_);
  switch_day(round.today);
  for (int64_t seq : sent) {
    if (seq <= uncertain_through_) continue;  // counted when first sent
    uncertain_through_ = seq;
    auto it = round.releases.find(seq);
    if (it == round.releases.end() || it->second.first != day_) continue;
    for (const auto& [counter, c] : it->second.second) {
      rules::ShareCount& u = uncertain_counts_[counter];
      u.released += c.released;
      u.qualifying += c.qualifying;
    }
  }
  auto today = round.rules.find(day_);
  if (today == round.rules.end()) return;
  for (const auto& r : today->second) {
    rules::PlantLease& lease = leases_[r.counter];
    auto u = uncertain_counts_.find(r.counter);
    const rules::ShareCount batch = u == uncertain_counts_.end() ? rules::ShareCount{} : u->second;
    lease.allowance_bp = rules::uncertain_allowance(r, lease.allowance_bp, batch,
                                                    round.requested_trucks * r.target_bp);
  }
}

int64_t PlantShareLeases::settlements() const {
  std::lock_guard lock(mu_);
  return settlements_;
}

std::string PlantShareLeases::day() const {
  std::lock_guard lock(mu_);
  return day_;
}

std::string render_plant_share_metrics(const PlantLeases& leases, int64_t settlements) {
  std::ostringstream o;
  o << "# HELP gate_plant_share_settlements_total Settlements of this gate's share lease with the "
       "plant database since start\n"
    << "# TYPE gate_plant_share_settlements_total counter\n"
    << "gate_plant_share_settlements_total " << settlements << "\n"
    << "# HELP gate_plant_share_allowance_bp Allowance the plant granted this gate for the share "
       "window, in basis points of a truck (a non-qualifying truck takes the rule's target)\n"
    << "# TYPE gate_plant_share_allowance_bp gauge\n";
  for (const auto& [counter, lease] : leases) {
    o << "gate_plant_share_allowance_bp{counter=\"" << counter << "\"} " << lease.allowance_bp
      << "\n";
  }
  o << "# HELP gate_plant_share_counted_releases This gate's releases of the share window the "
       "plant has counted\n"
    << "# TYPE gate_plant_share_counted_releases gauge\n";
  for (const auto& [counter, lease] : leases) {
    o << "gate_plant_share_counted_releases{counter=\"" << counter << "\"} "
      << lease.reported.released << "\n";
  }
  return o.str();
}

}  // namespace gate::host
