// gatectl's audit commands at plant level (docs/plant.md §5, docs/audit.md): sample, days and
// export over the passages the plant database holds across gates (or one gate), read as the
// gates' own records (plant_records.h) with the configuration's plant block. Reads only.
#pragma once

#include <ostream>

#include "firmware-host/gatectl/commands.h"

namespace gate::ctl {

// plant audit sample --config CFG [--gate G] [--from T] [--to T] [--n N] [--seed S]
// [--utc-offset MIN]: N passages drawn at random, each with its gate and what its record lacks.
int plant_audit_sample(const Args& a, std::ostream& out, std::ostream& err);
// plant audit days --config CFG [--gate G] [--from T] [--to T] [--svg FILE] [--utc-offset MIN]:
// per day and gate the counts of `audit days`, and the plant's total per day.
int plant_audit_days(const Args& a, std::ostream& out, std::ostream& err);
// plant audit export --config CFG --out DIR [--gate G] [--from T] [--to T] [--utc-offset MIN]:
// CSV + XLSX + days + manifest + README (audit/plant_export.h).
int plant_audit_export(const Args& a, std::ostream& out, std::ostream& err);

}  // namespace gate::ctl
