// The plant-wide share with allowances for gates cut off: see plant_share.h.
#include "rules/plant_share.h"

#include <algorithm>

namespace gate::rules {
namespace {

bool holds_nothing(const CompiledShareRule& r) {
  return (r.mode != gate::v1::SHARE_MODE_STRICT && r.mode != gate::v1::SHARE_MODE_BUDGET) ||
         r.target_bp <= 0;
}

int64_t strict_slack(const CompiledShareRule& r, const ShareCount& c) {
  const int64_t q = c.qualifying;
  const int64_t n = c.released - c.qualifying;
  return q * (10000 - r.target_bp) - n * r.target_bp;
}

}  // namespace

int64_t share_slack(const CompiledShareRule& r, const ShareCount& c) {
  if (holds_nothing(r)) return 0;
  const int64_t opening = r.mode == gate::v1::SHARE_MODE_BUDGET ? r.opening_allowance : 0;
  return strict_slack(r, c) + opening * r.target_bp;
}

bool plant_admits_non_qualifying(const CompiledShareRule& r, const ShareCount& plant,
                                 int64_t called, int64_t granted) {
  if (holds_nothing(r)) return true;
  return share_slack(r, plant) - (granted + called + 1) * r.target_bp >= 0;
}

bool cut_gate_admits_non_qualifying(const CompiledShareRule& r, const ShareCount& since_cut,
                                    int64_t allowance) {
  if (holds_nothing(r)) return true;
  return strict_slack(r, since_cut) + (allowance - 1) * r.target_bp >= 0;
}

int64_t grantable_allowance(const CompiledShareRule& r, const ShareCount& plant, int64_t called,
                            int64_t granted) {
  if (holds_nothing(r)) return -1;
  const int64_t free = share_slack(r, plant) - (granted + called) * r.target_bp;
  return free <= 0 ? 0 : free / r.target_bp;
}

int64_t release_slack(const CompiledShareRule& r, const ShareCount& c) {
  return holds_nothing(r) ? 0 : strict_slack(r, c);
}

int64_t gate_room_bp(const CompiledShareRule& r, const ShareCount& gate_window,
                     const PlantLease& lease, int64_t reserved) {
  if (holds_nothing(r)) return 0;
  // Tallies rebuilt under another policy can fall below what was reported: count nothing then.
  const ShareCount since{std::max<int64_t>(0, gate_window.released - lease.reported.released),
                         std::max<int64_t>(0, gate_window.qualifying - lease.reported.qualifying)};
  return strict_slack(r, since) - reserved * r.target_bp + lease.allowance_bp;
}

bool gate_admits_non_qualifying(const CompiledShareRule& r, const ShareCount& gate_window,
                                const PlantLease& lease, int64_t reserved) {
  if (holds_nothing(r)) return true;
  return gate_room_bp(r, gate_window, lease, reserved) - r.target_bp >= 0;
}

bool share_state_admits(const CompiledShareRule& r, const ShareState& st, int64_t reserved) {
  auto c = st.counts.find(r.counter);
  const ShareCount own = c == st.counts.end() ? ShareCount{} : c->second;
  if (!st.plant_wide) return admits_non_qualifying(r, own, reserved);
  auto l = st.plant.find(r.counter);
  return gate_admits_non_qualifying(r, own, l == st.plant.end() ? PlantLease{} : l->second,
                                    reserved);
}

int64_t settled_allowance(const CompiledShareRule& r, const ShareCount& plant, int64_t granted_bp,
                          int64_t allowance_bp, const ShareCount& batch, int64_t requested_bp) {
  if (holds_nothing(r)) return 0;
  const int64_t free = share_slack(r, plant) - granted_bp;
  return std::min(requested_bp, allowance_bp + strict_slack(r, batch) + free);
}

int64_t uncertain_allowance(const CompiledShareRule& r, int64_t allowance_bp,
                            const ShareCount& batch, int64_t requested_bp) {
  if (holds_nothing(r)) return allowance_bp;
  return std::min(allowance_bp, requested_bp - std::max<int64_t>(0, strict_slack(r, batch)));
}

}  // namespace gate::rules
