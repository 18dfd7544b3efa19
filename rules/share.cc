#include "rules/share.h"

#include <algorithm>
#include <set>
#include <string_view>

#include "rules/new_energy.h"

namespace gate::rules {

bool in_population(const CompiledShareRule& r, const gate::v1::Vehicle& v,
                   gate::v1::Direction direction) {
  const unsigned cls = static_cast<unsigned>(v.vehicle_class());
  const unsigned dir = static_cast<unsigned>(direction);
  return cls < 32 && dir < 32 && (r.class_mask & (1u << cls)) && (r.direction_mask & (1u << dir));
}

bool qualifies(const CompiledShareRule& r, const gate::v1::Vehicle& v,
               const gate::v1::NewEnergyDefinition& def) {
  return meets_stage(v, r.counts_min_stage, def);
}

bool admits_non_qualifying(const CompiledShareRule& r, const ShareCount& c, int64_t reserved) {
  if (reserved < 0) reserved = 0;
  const int64_t q = c.qualifying;
  const int64_t n = c.released - c.qualifying;
  switch (r.mode) {
    case gate::v1::SHARE_MODE_STRICT:
      return q * 10000 >= (q + n + reserved + 1) * r.target_bp;
    case gate::v1::SHARE_MODE_BUDGET:
      return (n + reserved + 1) * r.target_bp <=
             r.opening_allowance * r.target_bp + q * (10000 - r.target_bp);
    default:
      return true;
  }
}

double budget_left(const CompiledShareRule& r, const ShareCount& c, int64_t reserved) {
  const int64_t q = c.qualifying;
  const int64_t n = c.released - c.qualifying;
  double earned = r.target_bp == 0 ? 1e9 : q * (10000.0 - r.target_bp) / r.target_bp;
  return r.opening_allowance + earned - static_cast<double>(n + reserved);
}

int64_t non_qualifying_left(const CompiledShareRule& r, const ShareCount& c, int64_t reserved) {
  if (reserved < 0) reserved = 0;
  const int64_t q = c.qualifying;
  const int64_t n = c.released - c.qualifying;
  if (r.target_bp <= 0) return -1;
  int64_t total = 0;  // most non-qualifying releases the day may hold
  switch (r.mode) {
    case gate::v1::SHARE_MODE_STRICT:
      total = q * 10000 / r.target_bp - q;
      break;
    case gate::v1::SHARE_MODE_BUDGET:
      total = (r.opening_allowance * r.target_bp + q * (10000 - r.target_bp)) / r.target_bp;
      break;
    default:
      return -1;
  }
  return std::max<int64_t>(0, total - n - reserved);
}

double worst_end_share_percent(const CompiledShareRule& r, const ShareCount& c, int64_t reserved) {
  const int64_t left = non_qualifying_left(r, c, reserved);
  if (left < 0) return 0.0;
  const int64_t released = c.released + std::max<int64_t>(0, reserved) + left;
  return share_percent(ShareCount{released, c.qualifying});
}

double share_percent(const ShareCount& c) {
  return c.released == 0 ? 100.0 : 100.0 * static_cast<double>(c.qualifying) / c.released;
}

void count_release(const ActiveRules& rules, const gate::v1::NewEnergyDefinition& def,
                   const gate::v1::Vehicle& v, gate::v1::Direction direction, int sign,
                   ShareCounts& counts) {
  // Few rules: a linear de-duplication beats a set.
  std::string_view seen[16];
  std::size_t n_seen = 0;
  for (const auto& r : rules.shares) {
    if (!in_population(r, v, direction)) continue;
    bool dup = false;
    for (std::size_t i = 0; i < n_seen; ++i) dup |= seen[i] == r.counter;
    if (dup) continue;
    if (n_seen < 16) seen[n_seen++] = r.counter;
    auto& c = counts[r.counter];
    c.released += sign;
    if (qualifies(r, v, def)) c.qualifying += sign;
  }
}

}  // namespace gate::rules
