// What this gate takes as settled with the plant for the plant-wide share (docs/plant.md §3):
// by counter, its releases of the current share window the plant has counted and the allowance
// it holds. The lanes read it at every decision (PolicyRuntime's plant_leases port); the plant
// pusher writes it after each round. Thread-safe.
//
// Contracts:
// - Before the first settlement since start the gate takes every release of the window so far
//   as counted by the plant, with no allowance (begin()): it does not know what the plant has,
//   and releases it never reported are either room it gives up (qualifying) or were covered by
//   an allowance the plant still holds for it (non-qualifying). Safe, and one round away from
//   the plant's truth.
// - A settlement replaces the leases it names with the plant's values.
// - A round whose COMMIT got no answer (uncertain()) keeps the old report and lowers each
//   allowance to rules::uncertain_allowance over the releases sent since the last settlement.
// - Another share window: no leases until the plant settles one (a cut gate then keeps the
//   share on its own releases of the new day).
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "firmware-host/plant/plant_share_settlement.h"

namespace gate::host {

class PlantShareLeases {
 public:
  // The window `day` with the gate's own tallies so far taken as counted (see the top).
  void begin(const std::string& day, const rules::ShareCounts& so_far);
  // The leases for `day`; empty when the plant has settled nothing for it.
  PlantLeases leases(const std::string& day) const;
  void settled(const PlantShareSettlement& s);
  // `round` was sent with these seqs and the COMMIT's answer was lost.
  void uncertain(const PlantShareRound& round, const std::vector<int64_t>& sent);
  // Settlements since start (for /metrics and tests).
  int64_t settlements() const;
  // The window the leases are for ("" before begin()).
  std::string day() const;

 private:
  void switch_day(const std::string& day);

  mutable std::mutex mu_;
  std::string day_;
  PlantLeases leases_;
  rules::ShareCounts uncertain_counts_;  // releases of day_ sent since the last settlement
  int64_t uncertain_through_ = 0;        // the highest seq counted there
  int64_t settlements_ = 0;
};

// The share lines of /metrics (Prometheus text): gate_plant_share_settlements_total, and by
// counter gate_plant_share_allowance_bp and gate_plant_share_counted_releases.
std::string render_plant_share_metrics(const PlantLeases& leases, int64_t settlements);

}  // namespace gate::host
