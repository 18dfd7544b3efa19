// gatectl lpr read IMAGE | lpr eval DIR [--json FILE] [--per-image]: the plate recogniser
// (drivers/lpr) on one image, or scored against a labelled folder (labels.tsv, plate_eval.h).
// Both take --model FILE (default: the model committed in drivers/lpr/models) and run on one
// thread, so the timings are per core.
#pragma once

#include <ostream>

#include "firmware-host/gatectl/commands.h"

namespace gate::ctl {

int lpr_read(const Args& args, std::ostream& out, std::ostream& err);
int lpr_eval(const Args& args, std::ostream& out, std::ostream& err);

}  // namespace gate::ctl
