// The columns of a vehicle-ledger entry, in the order of the ledger CSV format (README, "Ledger
// CSV"): the one list that the CSV import and export, the dashboard's entry form, the audit
// export and the gate database's vehicles table (whose columns carry the same names) follow.
// The first 16 describe the vehicle and its registration; the last 6 are what the policy engine
// reads (exemptions with their basis, machinery compliance, positioning). Document images are
// not columns here: the CSV names them doc_<kind> (rules/document_kind.h).
#pragma once

#include <array>
#include <string_view>

namespace gate::rules {

inline constexpr std::array<std::string_view, 22> kLedgerColumns = {"plate",
                                                                    "plate_color",
                                                                    "vehicle_class",
                                                                    "vin",
                                                                    "engine_no",
                                                                    "registration_date",
                                                                    "emission_stage",
                                                                    "fuel_type",
                                                                    "vehicle_type",
                                                                    "use",
                                                                    "fleet",
                                                                    "owner",
                                                                    "registration_code",
                                                                    "valid_from",
                                                                    "valid_until",
                                                                    "suspended",
                                                                    "exemption",
                                                                    "exemption_basis",
                                                                    "exemption_until",
                                                                    "machinery_registration",
                                                                    "test_report_valid_until",
                                                                    "positioning"};

}  // namespace gate::rules
