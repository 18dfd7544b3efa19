// Share rules (docs/domain.md §4.5): the daily share of qualifying vehicles (new-energy, or
// China V+ for the 2020-guide grade shares) among those released, and whether one more
// non-qualifying admission keeps a rule satisfied. Pure: the host keeps the day's tallies (rebuilt
// from the passage records) and passes them in.
//
// With target r (basis points bp = r x 10000), q qualifying and n non-qualifying vehicles
// released so far, and `reserved` non-qualifying trucks already called from the hold queue:
//   strict: admit iff q x 10000 >= (q + n + reserved + 1) x bp   (the share never drops below r)
//   budget: admit iff (n + reserved + 1) x bp <= allowance x bp + q x (10000 - bp)
//           i.e. each qualifying truck earns (1-r)/r admissions, plus the opening allowance
//   report: always admit; say so when the share is below target
// Integer arithmetic throughout, so 80 % of 5 is exactly 4.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "gate/v1/codes.pb.h"
#include "gate/v1/vehicle.pb.h"
#include "rules/policy_engine.h"

namespace gate::rules {

struct ShareCount {
  int64_t released = 0;    // vehicles of the population released in the window
  int64_t qualifying = 0;  // … of which qualifying
};

// Tallies of the current window by counter name.
using ShareCounts = std::map<std::string, ShareCount, std::less<>>;

// What the plant database has settled with this gate for one counter and share window, when the
// plant keeps the share plant-wide (rules/plant_share.h).
struct PlantLease {
  ShareCount reported;       // this gate's releases of the window the plant has counted
  int64_t allowance_bp = 0;  // slack the plant granted this gate, in basis points of a truck
};

struct ShareState {
  ShareCounts counts;
  int64_t reserved = 0;  // trucks called from the hold queue that have not arrived yet
  // The plant keeps the share over all its gates: a non-qualifying truck is admitted on this
  // gate's lease for the counter (a counter without one has an empty lease), not on `counts`.
  bool plant_wide = false;
  std::map<std::string, PlantLease, std::less<>> plant;
};

bool in_population(const CompiledShareRule& r, const gate::v1::Vehicle& v,
                   gate::v1::Direction direction);
bool qualifies(const CompiledShareRule& r, const gate::v1::Vehicle& v,
               const gate::v1::NewEnergyDefinition& def);

// Whether one more non-qualifying admission is allowed under `mode` (report always admits).
bool admits_non_qualifying(const CompiledShareRule& r, const ShareCount& c, int64_t reserved);

// Non-qualifying admissions left in budget mode (may be negative or fractional).
double budget_left(const CompiledShareRule& r, const ShareCount& c, int64_t reserved);

// Non-qualifying admissions the rule still allows today under its mode; -1 = no limit (report
// mode, or a 0 % target).
int64_t non_qualifying_left(const CompiledShareRule& r, const ShareCount& c, int64_t reserved);

// The lowest share the day can end at if no more qualifying vehicles come and every admission
// the mode still allows is used (called trucks included): the risk a budget-mode plant runs.
// Strict mode never ends below its target; report mode can end at 0.
double worst_end_share_percent(const CompiledShareRule& r, const ShareCount& c, int64_t reserved);

// Share in percent; 100 when nothing has been released.
double share_percent(const ShareCount& c);

// Adds a released vehicle to the window's tallies under the rules in force that day (sign -1
// takes it out again, e.g. when the truck did not pass after all). A counter named by several
// active rules counts the vehicle once, by the first rule.
void count_release(const ActiveRules& rules, const gate::v1::NewEnergyDefinition& def,
                   const gate::v1::Vehicle& v, gate::v1::Direction direction, int sign,
                   ShareCounts& counts);

}  // namespace gate::rules
