// gatectl's side of the plant's policy (docs/plant.md §8), with the configuration's
// plant { conninfo password_file }: set the policy file every gate should run, print it, and
// show which gates run it.
#pragma once

#include <ostream>

#include "firmware-host/gatectl/commands.h"

namespace gate::ctl {

// plant policy set --config CFG FILE [--operator NAME]: the file, checked as gated loads it for
// the configuration's enterprise, becomes the plant's policy.
int plant_policy_set(const Args& a, std::ostream& out, std::ostream& err);
// plant policy get --config CFG: the plant's policy file, as set, on stdout.
int plant_policy_get(const Args& a, std::ostream& out, std::ostream& err);
// plant policy show --config CFG [--utc-offset MIN]: the plant's policy and each gate's.
int plant_policy_show(const Args& a, std::ostream& out, std::ostream& err);

}  // namespace gate::ctl
