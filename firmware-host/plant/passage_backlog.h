// The gate's side of the push to the plant (docs/plant.md): the passages after the plant's
// cursor, read from the gate's SQLite file on the pusher's own connection (WAL lets it read
// while the lanes write).
//
// Only settled passages go: a batch stops before the first passage still PENDING (its barrier
// outcome not yet known), because the plant keeps the first copy of a passage it receives and
// never updates it. A pending passage settles within the lane's passage timeout, or is marked
// unconfirmed at the next start.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "firmware-host/store/gate_store.h"
#include "gate/v1/passage.pb.h"
#include "rules/result.h"

namespace gate::host {

// Passages not yet at the plant.
struct PlantLag {
  int64_t passages = 0;
  int64_t oldest_unix_ms = 0;  // the oldest one's decision time; 0 when none
};

class PassageBacklog {
 public:
  static Result<std::unique_ptr<PassageBacklog>> Open(const std::string& database_path);

  // Up to `limit` settled passages with seq > `after`, ascending.
  Result<std::vector<gate::v1::Passage>> settled_after(int64_t after, int limit);
  // Passages with seq > `after` (settled or not) and the oldest one's time.
  Result<PlantLag> lag_after(int64_t after);

 private:
  explicit PassageBacklog(std::unique_ptr<GateStore> store) : store_(std::move(store)) {}
  std::unique_ptr<GateStore> store_;
};

}  // namespace gate::host
