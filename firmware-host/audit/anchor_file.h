// The anchor file: what a platform holds of a gate's anchors (docs/audit.md, "Anchors"), one
// JSON object per line, as `gate-sim platform --anchors-out FILE` writes it:
//   {"anchor":"seal","gate_id":"G1","date":"2026-11-22","first_chain_id":1,"last_chain_id":40,
//    "last_hash":"<64 hex>","passages":20,"outcomes":20,"key_id":"…","signature":"<hex>",
//    "receipt":"anchor-1","received_at":"2026-11-23T00:00:30+08:00"}
//   {"anchor":"head","gate_id":"G1","chain_id":57,"hash":"<64 hex>","received_at":"…"}
// Blank lines and lines starting with '#' are skipped; fields not listed are ignored, so a
// platform may add its own. Every malformed line is an error naming the file and the line.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "firmware-host/store/seal_record.h"
#include "rules/result.h"

namespace gate::host {

struct SealAnchorLine {
  int line = 0;
  Seal seal;  // gate_id is the anchor's gate
  std::string received_at;
};

struct HeadAnchorLine {
  int line = 0;
  std::string gate_id;
  int64_t chain_id = 0;
  std::string hash;
  std::string received_at;
};

struct AnchorFile {
  std::string name;  // for messages: the path as given
  std::vector<SealAnchorLine> seals;
  std::vector<HeadAnchorLine> heads;
};

// Parses the text of an anchor file. The error lists every bad line as "name:line: what".
Result<AnchorFile> parse_anchor_file(const std::string& text, const std::string& name);
Result<AnchorFile> read_anchor_file(const std::string& path);

}  // namespace gate::host
