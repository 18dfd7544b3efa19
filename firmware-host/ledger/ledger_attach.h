// Attaching document images to one ledger entry (gatectl ledger attach). All or nothing: every
// file is read and checked as an image first, and no row is written unless all of them are.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rules/document_kind.h"
#include "firmware-host/store/gate_store.h"
#include "firmware-host/store/photo_store.h"
#include "gate/v1/vehicle.pb.h"
#include "rules/result.h"

namespace gate::host {

struct AttachedFile {
  std::string path;  // as given
  std::string sha256;
  bool added = false;  // false: the same content was already attached to the entry as this kind
};

// Stores each file in `documents` (content-addressed, so identical files are kept once) and
// attaches it to `entry` as `kind`, with one history entry per new attachment, in one
// transaction. A missing or non-image file fails the whole call with every bad file named;
// files stored before the failure stay in the store unreferenced, which is harmless.
Result<std::vector<AttachedFile>> attach_documents(GateStore& store, PhotoStore& documents,
                                                   const gate::v1::Vehicle& entry,
                                                   rules::DocumentKind kind,
                                                   const std::vector<std::string>& paths,
                                                   const std::string& actor, int64_t now_unix_ms);

}  // namespace gate::host
