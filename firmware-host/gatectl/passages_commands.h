// gatectl's passage commands: `passages list` (filtered, as a table, CSV or JSON) and
// `passages summary` (counts by decision, rule and outcome; the upload backlog) and
// `passages cargo` (what a passage carried, entered by the operator).
#pragma once

#include <ostream>

#include "firmware-host/gatectl/commands.h"

namespace gate::ctl {

// passages list --db FILE [--from T] [--to T] [--plate P] [--decision D] [--format F]
//   [--limit N] [--utc-offset MIN]
int passages_list(const Args& a, std::ostream& out, std::ostream& err);
// passages summary --db FILE
int passages_summary(const Args& a, std::ostream& out, std::ostream& err);
// passages cargo --db FILE SEQ [--name N --quantity Q --unit t|L] [--operator NAME]: enters the
// passage's cargo (a second entry is a correction: kept beside the first, uploaded as its own
// record) and prints every entry; without --name/--quantity/--unit it only prints them.
int passages_cargo(const Args& a, std::ostream& out, std::ostream& err);

}  // namespace gate::ctl
