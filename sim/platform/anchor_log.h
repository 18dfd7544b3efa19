// What the mock platform keeps of the anchors gates send with their heartbeats
// (docs/uplink.md §6.2a, §10): per gate, the first seal it received for each day, and every
// chain head that differs from the gate's previous one. Each kept anchor is one JSON line (the
// anchor file that `gatectl verify --anchors FILE` reads; format in docs/audit.md), appended to
// the export file as it arrives and flushed, so an inspector can copy the file at any time.
//
// A seal for a day already held that differs from the held one is a conflict: counted and
// logged, neither stored nor acknowledged. That is the platform's side of the anchoring: the
// plant cannot replace a day it has already anchored.
#pragma once

#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gate/v1/uplink.pb.h"
#include "rules/result.h"

namespace gate::sim {

class AnchorLog {
 public:
  // `export_path` "" keeps the anchors in memory only. An existing file is read back (its seals
  // stay held) and appended to.
  static Result<std::unique_ptr<AnchorLog>> Open(const std::string& export_path);

  // Takes the anchors of one heartbeat; returns a receipt for every seal now held as sent.
  std::vector<gate::v1::SealReceipt> take(const gate::v1::Heartbeat& hb, int64_t now_unix_ms);

  std::string json_lines() const;  // every kept anchor, one JSON object per line
  int64_t seals() const { return seals_; }
  int64_t heads() const { return heads_; }
  int64_t conflicts() const { return conflicts_; }
  int64_t invalid() const { return invalid_; }

 private:
  struct HeldSeal {
    std::string canonical;  // the anchored fields, compared on a repeat
    std::string receipt;
  };
  Status load(const std::string& path);
  void keep(const std::string& line);
  void take_head(const gate::v1::Heartbeat& hb, const std::string& received_at);
  std::optional<gate::v1::SealReceipt> take_seal(const std::string& gate_id,
                                                 const gate::v1::SealAnchor& s,
                                                 const std::string& received_at);

  std::ofstream out_;
  std::vector<std::string> lines_;
  std::map<std::pair<std::string, std::string>, HeldSeal> seals_by_day_;  // (gate, date)
  std::map<std::string, std::string> last_head_;                          // gate → hash
  int64_t seals_ = 0;
  int64_t heads_ = 0;
  int64_t conflicts_ = 0;
  int64_t invalid_ = 0;
};

}  // namespace gate::sim
