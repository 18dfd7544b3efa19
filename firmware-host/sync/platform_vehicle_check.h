// The platform's vehicle check as gated makes it for one lane (docs/platform-profiles.md,
// "Vehicle check"): a worker thread with its own connection to the platform sends each asked
// check with the profile transport and hands the answer to `done`, on the worker's thread (gated
// posts it to the lane's). Checks are sent one at a time in the order asked; one asked while
// another is in the air waits for it. The lane, not this class, keeps the deadline: an answer
// that comes too late is handed over all the same and dropped by the lane.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "drivers/uplink/profile_transport.h"
#include "gate/v1/config.pb.h"
#include "gate/v1/passage.pb.h"
#include "gate/v1/plate_read.pb.h"
#include "rules/result.h"
#include "rules/vehicle_check.h"

namespace gate::host {

// A profile's check block as the lane applies it (deadline, degraded mode, combination).
rules::CheckSettings check_settings(const gate::v1::PlatformCheck& c);

class PlatformVehicleCheck {
 public:
  using Done = std::function<void(uint64_t token, gate::v1::VehicleCheck answer)>;

  // The check of the uplink's profile, or null when its profile has none (or there is no
  // profile). Calls time out after twice the check's deadline. Errors name the configuration to
  // fix.
  static Result<std::unique_ptr<PlatformVehicleCheck>> FromConfig(const gate::v1::UplinkConfig& cfg,
                                                                  const std::string& gate_id,
                                                                  int utc_offset_minutes,
                                                                  Done done);
  PlatformVehicleCheck(std::unique_ptr<drivers::uplink::ProfileTransport> transport,
                       rules::CheckSettings settings, std::string gate_id, int utc_offset_minutes,
                       Done done);
  ~PlatformVehicleCheck();
  PlatformVehicleCheck(const PlatformVehicleCheck&) = delete;
  PlatformVehicleCheck& operator=(const PlatformVehicleCheck&) = delete;

  // The profile's deadline, degraded mode and combination rule.
  const rules::CheckSettings& settings() const { return settings_; }
  std::string describe() const { return transport_->describe(); }
  // Queues the check of `read`; any thread.
  void ask(uint64_t token, const gate::v1::PlateRead& read);

 private:
  struct Job {
    uint64_t token;
    gate::v1::PlateRead read;
  };
  void run();

  std::unique_ptr<drivers::uplink::ProfileTransport> transport_;
  rules::CheckSettings settings_;
  std::string gate_id_;
  int utc_offset_minutes_;
  Done done_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;   // guarded by mu_
  bool stopping_ = false;  // guarded by mu_
  std::thread worker_;     // last: starts after everything it reads
};

}  // namespace gate::host
