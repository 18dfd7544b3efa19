// One ledger entry as the named fields of a ledger CSV row (ledger_csv.h): what the dashboard
// shows in its add/edit form and sends back. A row is validated by the same parser as a CSV
// file (parse_ledger_records), so the dashboard and `gatectl ledger import` accept and refuse
// exactly the same values. Pure.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "firmware-host/ledger/ledger_csv.h"
#include "gate/v1/vehicle.pb.h"

namespace gate::host {

using LedgerFields = std::map<std::string, std::string>;  // CSV column name → cell text

// The CSV columns of an entry, in the order of the CSV format (no doc_<kind> columns: document
// images are attached with `gatectl ledger attach`).
const std::vector<std::string>& ledger_field_names();

// Every column of `v` as text the parser reads back to the same entry (empty for unset values).
LedgerFields ledger_fields_of(const gate::v1::Vehicle& v);

// One row through the CSV parser: vehicles has the entry, or errors says which field is wrong
// (line 2: the row after the header). Unknown names are refused as errors, so a typo in a
// field name is not silently ignored, and so is a missing valid_from, valid_until or suspended
// (the safety fields have no default).
LedgerParse parse_ledger_fields(const LedgerFields& fields);

}  // namespace gate::host
