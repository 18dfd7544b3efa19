// The dashboard's ledger changes beyond suspend: add one entry, edit one entry, and import a CSV
// file, with the same parser and the same all-or-nothing rule as `gatectl ledger import`
// (ledger_csv.h, ledger_import.h).
//
//   GET  /api/v1/dashboard/ledger/entry?plate=|registration_code=   {"key", "fields"}
//   POST /api/v1/dashboard/ledger/add    {"fields": {column: text, …}, "reason"}
//   POST /api/v1/dashboard/ledger/edit   {"plate"|"registration_code", "fields": {…}, "reason"}
//        the fields given replace those of the entry; the others stay; a reason is required
//   POST /api/v1/dashboard/ledger/import[?skip_invalid=1]   body: the CSV file (UTF-8 or GBK)
//        200 with the import report {"imported": true, "accepted", "created", "updated",
//        "refused": [{"line", "field", "reason"}]}; 422 with the same report and "imported":
//        false when a row is wrong (nothing written) unless skip_invalid imports the valid rows.
// Field names are the CSV columns (ledger_fields.h). Changes need a role that may edit the
// ledger (manager, admin: 403 otherwise); each is written through the daemon's store with the
// user as the history's actor and logged with the user's name. Document images are not
// imported here (the files would have to be on the gate PC): `gatectl ledger attach`.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "drivers/http/http_server.h"
#include "firmware-host/api/user_roles.h"
#include "gate/v1/vehicle.pb.h"
#include "rules/result.h"

namespace gate::host {

struct ApiCaller;

struct LedgerEditPorts {
  std::string database_path;  // read here (read-only) to tell new entries from existing ones
  // (lanes) Writes every entry in one transaction (history actor `actor`) and makes the lanes
  // decide with the new ledger; an error leaves the ledger as it was.
  std::function<Status(const std::vector<gate::v1::Vehicle>&, const std::string& actor)> write;
  std::function<void(const std::string&)> log;
};

using OnLanesThread = std::function<bool(const std::function<void()>&)>;

// `route` is the path after /api/v1/dashboard/; nullopt when it is not a ledger edit route.
std::optional<drivers::HttpResponse> handle_ledger_edit(const std::string& route,
                                                        const drivers::HttpRequest& req,
                                                        const ApiCaller& who,
                                                        const LedgerEditPorts& ports,
                                                        const OnLanesThread& on_lanes);

}  // namespace gate::host
