// The scenario's attacker at work: each planned attack (sim/scenario/attack_plan.h) sent to its
// lane's gated through that lane's camera format, and what gated answered. A forged event is a
// fresh push for the plate the lane last let through, with wrong credentials (odd
// attacks) or none (even ones); a replay re-sends the camera's last accepted request byte for
// byte with the camera's credentials; a foreign event is a fresh push with the camera's
// credentials from 127.0.0.2. No attack puts a truck on the loop.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "sim/devices/vendor_camera.h"
#include "sim/scenario/attack_plan.h"

namespace gate::sim {

// The last push of a lane's camera that gated accepted (HTTP 200), the truck it was for, and
// the last truck the barrier opened for. Thread-safe: the lane records, the attacker reads.
class AcceptedPushes {
 public:
  struct Last {
    CameraRequest request;
    TruckArrival truck;
  };
  void record(const CameraRequest& request, const TruckArrival& truck);
  void record_passed(const TruckArrival& truck);
  std::optional<Last> last() const;
  // The last truck let through, else the last accepted one.
  std::optional<TruckArrival> plate_that_passes() const;

 private:
  mutable std::mutex mu_;
  std::optional<Last> last_;
  std::optional<TruckArrival> passed_;
};

struct AttackRecord {
  AttackKind kind = AttackKind::kForged;
  std::string lane_id;
  int64_t time_unix_ms = 0;  // simulated time it was sent
  std::string how;           // "wrong password", "no credentials", "from 127.0.0.2", …
  int status = 0;            // HTTP status gated answered; 0 = no answer (see error)
  std::string error;         // why there was no answer
};

// The foreign host's address: loopback, but not the declared camera's 127.0.0.1.
inline constexpr const char* kForeignAddress = "127.0.0.2";

// Sends `attack` as `camera` would; nullopt when the lane's camera has had nothing accepted yet
// (nothing to replay, no plate that passes).
std::optional<AttackRecord> send_attack(const PlannedAttack& attack, int sequence,
                                        const VendorCamera& camera, const AcceptedPushes& pushes,
                                        int64_t now_unix_ms);

}  // namespace gate::sim
