// gatectl's ledger document commands: attach images (随车清单, 行驶证, engine nameplate,
// machinery label) to an entry, and list an entry's documents with the state of their files.
#pragma once

#include <ostream>

#include "firmware-host/gatectl/commands.h"

namespace gate::ctl {

// ledger attach --db FILE (--plate P | --code CODE) --kind list|license|nameplate|label
//   FILE... [--operator NAME] [--docs-dir DIR]
int ledger_attach(const Args& args, std::ostream& out, std::ostream& err);

// ledger documents --db FILE (--plate P | --code CODE) [--docs-dir DIR]; exit 1 when a file is
// missing or does not match its hash.
int ledger_documents(const Args& args, std::ostream& out, std::ostream& err);

}  // namespace gate::ctl
