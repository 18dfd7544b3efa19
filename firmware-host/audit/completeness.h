// Completeness checks an inspector makes on sampled records (docs/domain.md §2.10, §3.4-3.5): which
// required fields or images are missing. Pure.
#pragma once

#include <string>
#include <vector>

#include "firmware-host/ledger/document_files.h"
#include "gate/v1/passage.pb.h"
#include "gate/v1/vehicle.pb.h"
#include "rules/document_kind.h"

namespace gate::host {

// Names of the missing required fields of a passage record ("photo", "camera", …); the
// matched ledger entry's VIN, engine number, stage, fuel, registration date and fleet count
// for known vehicles. `photo_present` says whether the referenced photo file exists and
// `closeup_present` whether the referenced plate close-up does: the close-up itself is optional
// (not every camera sends one), its file is required once the record names it.
std::vector<std::string> missing_passage_fields(const gate::v1::Passage& p, bool photo_present,
                                                bool closeup_present = true);

// One document attached to a ledger entry, with the state of its stored file.
struct DocumentCheck {
  rules::DocumentKind kind = rules::DocumentKind::kConformityList;
  std::string sha256;
  StoredDocumentState state = StoredDocumentState::kOk;
};

// The document images docs/domain.md §3.4 requires that `docs` does not supply with an intact file
// (transport and in-plant: 随车清单 or 行驶证, at least one; machinery: engine nameplate), then
// each attached document whose file is missing or no longer matches its SHA-256.
std::vector<std::string> missing_ledger_documents(const gate::v1::Vehicle& v,
                                                  const std::vector<DocumentCheck>& docs);

// Missing fields of a ledger entry, by its ledger (transport / in-plant / machinery), followed
// by missing_ledger_documents(v, docs).
std::vector<std::string> missing_ledger_fields(const gate::v1::Vehicle& v,
                                               const std::vector<DocumentCheck>& docs = {});

}  // namespace gate::host
