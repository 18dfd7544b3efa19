// gatectl's dashboard user commands (firmware-host/api/user_store.h): users live in the gate
// database, so these run on the gate PC by whoever may write that file (the admin's job; there
// is no user management over HTTP). The password is read from --password-file FILE or, without
// it, as the first line of standard input, never from the command line (ps would show it).
//
//   user add --db FILE --name N --role operator|manager|auditor|admin
//   user passwd --db FILE --name N
//   user list --db FILE
//   user disable|enable --db FILE --name N
#pragma once

#include <istream>
#include <ostream>

#include "firmware-host/gatectl/commands.h"

namespace gate::ctl {

int user_command(const Args& a, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace gate::ctl
