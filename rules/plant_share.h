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
// The lease. The gates implement the above without a round trip in the decision path: a gate
// admits on what the plant settled with it (PlantLease: its releases the plant has counted and the
// allowance a in basis points of a truck), taking its releases since that report as s_cut. Its
// pusher settles with the plant every round, in one transaction on the window's tally row: the
// new releases join the plant's tally and the gate gets a fresh allowance (settled_allowance).
// Between settlements every gate is "cut off" in the sense above, so the same sum holds; a gate
// that really is cut off simply settles later.
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

// Whether `st` admits one more non-qualifying truck under `r`: on the gate's lease for the counter
// when the plant keeps the share plant-wide (an empty lease when it has none), else on the gate's
// own tallies (admits_non_qualifying).
bool share_state_admits(const CompiledShareRule& r, const ShareState& st, int64_t reserved);

// The slack of releases counted in `c` without an opening allowance: what they add to the plant's
// slack. Report mode: 0.
int64_t release_slack(const CompiledShareRule& r, const ShareCount& c);

// Whether a gate admits one more non-qualifying truck on its lease: its releases since the
// report are `gate_window` (its tallies of the share window) minus lease.reported, `reserved` its
// trucks called from the hold queue; admits iff their slack - reserved x bp + allowance - bp >= 0.
bool gate_admits_non_qualifying(const CompiledShareRule& r, const ShareCount& gate_window,
                                const PlantLease& lease, int64_t reserved);
// The room behind it in basis points of a truck: slack since the report - reserved x bp +
// allowance (a non-qualifying truck takes bp of it). Report mode and a 0 % target: 0.
int64_t gate_room_bp(const CompiledShareRule& r, const ShareCount& gate_window,
                     const PlantLease& lease, int64_t reserved);

// The allowance the plant grants a gate when settling (the plant's side, under the tally row's
// lock): `plant` is the window's tally before, `granted_bp` the allowances of all gates,
// `allowance_bp` this gate's, `batch` its releases new to the plant, `requested_bp` what it asks
// to hold. Grants min(requested, allowance + slack(batch) + free), free = slack(plant) - granted:
// the plant's slack then still covers every allowance, and a gate that asked for less than its
// allowance plus what its batch earned gives the rest back.
int64_t settled_allowance(const CompiledShareRule& r, const ShareCount& plant, int64_t granted_bp,
                          int64_t allowance_bp, const ShareCount& batch, int64_t requested_bp);

// The allowance a gate may use while it does not know whether a settlement with `batch` and
// `requested_bp` committed (the commit's answer was lost), keeping its old report: min(allowance,
// requested - max(slack(batch), 0)). Safe in both cases: not committed, the batch is still its
// own to count; committed, the plant holds the batch's slack and granted at least
// min(requested, allowance + slack(batch)).
int64_t uncertain_allowance(const CompiledShareRule& r, int64_t allowance_bp,
                            const ShareCount& batch, int64_t requested_bp);

}  // namespace gate::rules
