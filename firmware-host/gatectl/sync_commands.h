// gatectl's uplink commands: `sync status` (transmission metrics, backlog, parked records, what
// the platform said, the uplink's health) and `sync requeue` (send parked records again).
#pragma once

#include <ostream>

#include "firmware-host/gatectl/commands.h"

namespace gate::ctl {

// sync status --db FILE | --config FILE [--format table|json] [--utc-offset MIN]
// With --config, the live window and alarm age are the configured ones.
int sync_status(const Args& a, std::ostream& out, std::ostream& err);
// sync requeue --db FILE | --config FILE: parked records go back in the queue.
int sync_requeue(const Args& a, std::ostream& out, std::ostream& err);

}  // namespace gate::ctl
