// Evidence photos of plain-camera reads, kept as frames until the truck is decided so that the
// stored JPEG shows the gate and its decision (time, gate, plate and decision on the photo).
// A read is decided when it arrives, or later when it waited behind a vehicle; a repeat is never
// decided. Frames are held by key (lane, plate, read time), at most `capacity` at once: the
// oldest goes first, which is a read that waited behind more vehicles than a lane ever queues
// or a repeat the caller did not drop. Pure apart from the frames it holds; io thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <optional>
#include <string>
#include <utility>

#include "gate/v1/passage.pb.h"

namespace gate::host {

// The caption written on the evidence photo once decided: gate, verdict, rule and the English
// display text, e.g. "gate G1  REFUSE  stage.min_by_class  China IV diesel not admitted".
std::string evidence_caption(const gate::v1::Passage& p);

class PendingEvidence {
 public:
  using Render = std::function<std::string(const std::string& caption)>;

  explicit PendingEvidence(std::size_t capacity = 8) : capacity_(capacity) {}

  // `plate` normalised as the lane records it (rules::normalise_plate).
  void add(const std::string& lane_id, const std::string& plate, int64_t time_unix_ms,
           Render render);
  // The frame of the read `p` records, removed from the pending ones; nullopt if none.
  std::optional<Render> take(const gate::v1::Passage& p);
  void drop(const std::string& lane_id, const std::string& plate, int64_t time_unix_ms);
  std::size_t size() const { return pending_.size(); }

 private:
  static std::string key(const std::string& lane_id, const std::string& plate, int64_t t);
  std::size_t capacity_;
  std::list<std::pair<std::string, Render>> pending_;  // oldest first
};

}  // namespace gate::host
