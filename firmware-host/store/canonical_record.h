// The canonical byte form of audit-chain entries, version 1 (documented in docs/audit.md).
//
// It is defined here, field by field, and never delegated to a serialisation library, so a
// record written today still verifies after any library upgrade. Each entry is UTF-8 text:
//   gate-chain/1\n  then one "name=value\n" line per field in a fixed order.
// Integers are decimal, enums are their gate.v1 numbers, the read confidence is an integer in
// 1/10000, and in text values '\\' '\n' '\r' are written as "\\\\" "\\n" "\\r".
// An entry's hash is SHA-256 over (previous entry's hex hash + "\n" + canonical bytes), hex;
// the first entry's previous hash is 64 zeros.
#pragma once

#include <cstdint>
#include <string>

#include "gate/v1/passage.pb.h"

namespace gate::host {

inline constexpr const char* kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The passage as decided (everything but its later outcome, which has entries of its own). The
// camera's own time, camera_time_ms, follows the decision, present only when the camera sent
// one; then closeup_sha256, present only when the passage kept a plate close-up. Passages
// without either have the bytes they were chained with before those lines existed.
std::string canonical_passage(const gate::v1::Passage& p);

// One outcome event of a passage (turned away, passed, barrier fault, …). What confirmed a
// PASSED outcome is the last line, confirmation, present only when there is one (entries
// written before the field existed have none and verify unchanged).
std::string canonical_outcome(
    int64_t passage_seq, gate::v1::PassageOutcome outcome, int64_t time_unix_ms,
    gate::v1::PassageConfirmation confirmation = gate::v1::PASSAGE_CONFIRMATION_UNSPECIFIED);

// One cargo entry of a passage (a first entry or a correction): every field as stored, the
// quantity in thousandths of the unit.
std::string canonical_cargo(int64_t passage_seq, int revision, const std::string& name,
                            int64_t quantity_milli, const std::string& unit,
                            const std::string& entered_by, int64_t time_unix_ms);

std::string chain_hash(const std::string& prev_hash_hex, const std::string& canonical);

}  // namespace gate::host
