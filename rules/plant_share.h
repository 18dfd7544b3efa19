// The daily share rule over a whole plant of several gates (docs/plant.md, "Plant-wide share"),
// kept true while gates lose the plant. Pure: the plant tier keeps the tallies and the granted
// allowances and asks here.
//
// Slack. A share rule with target r (bp = r x 10000 basis points) holds for q qualifying and n
// non-qualifying releases iff q x 10000 >= (q + n) x bp, i.e. iff the slack
//     s = q x (10000 - bp) - n x bp   (+ opening_allowance x bp in budget mode)
// is >= 0. A qualifying release adds 10000 - bp, a non-qualifying one takes bp: s is a sum over
// releases, so the slack of the plant is the sum of the slacks of any split of its releases.
//
// Allowances. The plant grants a gate k non-qualifying admissions it may make on its own while
// cut off. With K the allowances granted and not yet settled and c the trucks called from hold
// queues, the plant admits a non-qualifying truck at a connected gate only while
//     s_plant - (K + c + 1) x bp >= 0,
// and a gate cut off admits one on its releases since the cut only while
//     s_cut + (k - 1) x bp >= 0   (strict arithmetic: the opening allowance is the plant's).
// Summing over the gates cut off, s_plant + sum s_cut >= (K - sum k) x bp >= 0: the plant-wide
// inequality holds at every moment, whatever the cuts, without the gates talking to each other.
// When a gate reconnects, its releases since the cut join s_plant and its k leaves K; what it
// added, s_cut + k x bp, was >= 0, so the plant's own inequality still holds.
//
// Report mode never holds; a 0 % target always admits. Integer arithmetic throughout.
#pragma once

#include <cstdint>

#include "rules/policy_engine.h"
#include "rules/share.h"

namespace gate::rules {

// The slack of `c` under `r`, in basis points of a truck (see the top). Report mode: 0.
int64_t share_slack(const CompiledShareRule& r, const ShareCount& c);

// Whether the plant admits one more non-qualifying truck at a connected gate: `plant` is the
// day's plant-wide tally, `called` the trucks called from the gates' hold queues, `granted` the
// allowances held by gates and not yet settled.
bool plant_admits_non_qualifying(const CompiledShareRule& r, const ShareCount& plant,
                                 int64_t called, int64_t granted);

// Whether a gate cut off from the plant admits one more non-qualifying truck: `since_cut` is the
// tally of its own releases since it lost the plant (a release whose plant transaction may or may
// not have committed counts here if non-qualifying, and not if qualifying), `allowance` what the
// plant granted it.
bool cut_gate_admits_non_qualifying(const CompiledShareRule& r, const ShareCount& since_cut,
                                    int64_t allowance);

// The most allowance the plant can grant now on top of `granted` (0 when none); -1 = no limit
// (report mode or a 0 % target).
int64_t grantable_allowance(const CompiledShareRule& r, const ShareCount& plant, int64_t called,
                            int64_t granted);

}  // namespace gate::rules
