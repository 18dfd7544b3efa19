// How a ledger entry is kept in the vehicles table: one column per ledger column, named and
// ordered as rules/ledger_columns.h lists them. Enum columns hold gate.v1 enum numbers, dates
// their YYYY-MM-DD text, `suspended` 0 or 1.
#pragma once

#include <string>
#include <vector>

#include "firmware-host/store/sqlite_db.h"
#include "gate/v1/vehicle.pb.h"

namespace gate::host {

// "plate, plate_color, …, positioning": the ledger columns for an SQL column list.
const std::string& vehicle_column_list();

// The entry's value of each ledger column, in ledger-column order, as the table stores it.
std::vector<SqlValue> stored_vehicle_values(const gate::v1::Vehicle& v);

// The entry whose ledger columns a query selected from `first_column` on, in ledger-column order.
gate::v1::Vehicle vehicle_from_columns(const Statement& s, int first_column = 0);

}  // namespace gate::host
