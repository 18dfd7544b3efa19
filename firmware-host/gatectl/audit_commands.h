// gatectl's auditor commands: verify (chain, seals, photos on a copy of the database, offline)
// and audit sample|days|export on the gate's database (opened read-only).
#pragma once

#include <cstdint>
#include <ostream>

#include "firmware-host/gatectl/commands.h"

namespace gate::ctl {

// verify --db COPY --pubkey KEY.pub [--from T] [--to T] [--photos DIR] [--utc-offset MIN]
int audit_verify(const Args& args, std::ostream& out, std::ostream& err);

// audit sample|days|export --db FILE | --config CFG [--from T] [--to T] [--photos DIR]
//   [--docs-dir DIR] [--utc-offset MIN]; sample [--n N] [--seed S], days [--svg FILE],
//   export --out DIR.
int audit_sample(const Args& args, std::ostream& out, std::ostream& err);
// The sample's --n (default 10) and --seed (default: a random one), for the gate and the plant.
Status read_sample_options(const Args& args, int* n, uint64_t* seed);
int audit_days(const Args& args, std::ostream& out, std::ostream& err);
int audit_export(const Args& args, std::ostream& out, std::ostream& err);

}  // namespace gate::ctl
