// Where the seal-signing key may live (docs/security.md, "The seal key"). The key must not be
// writable by anyone but its owner (whoever could write it could swap in a key of their own),
// nor readable by all. With `require_outside_data` it must also lie outside the database's
// folder, so that a backup or copy of the data never carries the key and the daemon's data
// folder (writable by gated) never holds it; the .deb sets this. Without it, a key in the data
// folder (the demo's default, <database_path>.key) is allowed with a warning.
#pragma once

#include <string>

#include "rules/result.h"

namespace gate::host {

// An error saying what is wrong and what to do; otherwise a warning for the log ("" for none).
// A key file that does not exist yet is checked only for its place (gated creates it).
Result<std::string> check_signing_key_location(const std::string& key_path,
                                               const std::string& database_path,
                                               bool require_outside_data);

}  // namespace gate::host
